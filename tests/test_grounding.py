"""Words a model returns are found in the article, or reported as not found: never invented offsets."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from explorer.grounding import locate, locate_all

ARTICLE = (
    "Mara Lind said the ferry plan was sound. Later, Tomas Berg said the ferry plan was doomed. "
    "The dockworkers’ union, said Lind, “will not move an inch”.\n\nBerg  said  nothing more."
)
EDGE = " \t\n\"'“”‘’«»,.;:"
CURLY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})


def comparable(words: str) -> str:
    """Return words as grounding compares them: one quote style, lower case, single spaces, no edge marks."""
    return " ".join(words.translate(CURLY).lower().strip(EDGE).split())


def found(needle: str, near: int | None = None) -> str | None:
    span = locate(needle, ARTICLE, near)
    return ARTICLE[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("the ferry plan was sound", "the ferry plan was sound"),
        ("“will not move an inch”", "“will not move an inch”"),
        ('"will not move an inch"', "will not move an inch"),  # straight quotes for curly ones
        ("dockworkers' union", "dockworkers’ union"),
        ("Berg said nothing more", "Berg  said  nothing more"),  # whitespace differs
        ("the ferry plan\nwas   doomed", "the ferry plan was doomed"),
        ("TOMAS BERG SAID", "Tomas Berg said"),
        ("Tomas Berg said teh ferry plan was doomed", "Tomas Berg said the ferry plan was doomed"),  # a typo
        ("Tomas Berg sayd the ferry plan was doomd", "Tomas Berg said the ferry plan was doomed"),
    ],
)
def test_words_are_found_despite_quotes_case_whitespace_and_typos(needle, expected):
    assert found(needle) == expected


@pytest.mark.parametrize(
    "needle",
    [
        "Ilse Varga resigned from the council",
        "the harbour fleet is lost forever",
        "Tomas Berg said the ferry plan was brilliant and cheap",
        "",
        "   ",
        None,
    ],
)
def test_words_not_in_the_article_are_not_found(needle):
    assert locate(needle, ARTICLE) is None


@pytest.mark.parametrize(("near", "expected_start"), [(None, 10), (0, 10), (60, 59), (500, 158)])
def test_the_occurrence_nearest_the_hint_is_chosen(near, expected_start):
    assert ARTICLE[expected_start : expected_start + 4] == "said"
    assert locate("said", ARTICLE, near) == (expected_start, expected_start + 4)


def test_the_nearest_occurrence_is_chosen_for_a_normalised_match_too():
    text = "“We stay,” Lind said. Then: “We stay,” Berg said."
    assert locate('"we  STAY,"', text, near=len(text)) == (29, 36)


@pytest.mark.parametrize(
    ("needle", "expected"), [("Lind", [(5, 9), (120, 124)]), ("Lin", []), ("Berg", [(54, 58), (152, 156)])]
)
def test_locate_all_finds_every_whole_word_mention(needle, expected):
    assert locate_all(needle, ARTICLE) == expected
    assert all(ARTICLE[a:b] == needle for a, b in expected)


@pytest.mark.parametrize("needle", ["Tomas Berg sayd the ferry plan was doomd", "ferry plann was sound"])
def test_a_fuzzy_match_never_cuts_a_word_in_half(needle):
    start, end = locate(needle, ARTICLE)
    assert not (start > 0 and ARTICLE[start - 1].isalnum() and ARTICLE[start].isalnum())
    assert not (end < len(ARTICLE) and ARTICLE[end - 1].isalnum() and ARTICLE[end].isalnum())


def respelled(words: str, data: st.DataObject) -> str:
    """Return words with ASCII case, quote style and whitespace changed the way a model might."""
    swaps = {'"': "“”", "“": '"', "”": '"', "'": "’‘", "’": "'", "‘": "'"}
    out = []
    for char in words:
        if char.isspace():
            out.append(data.draw(st.sampled_from([" ", "  ", "\n", "\t "])))
        elif char in swaps:
            out.append(data.draw(st.sampled_from(swaps[char] + char)))
        elif char.isascii() and char.isalpha():
            out.append(data.draw(st.sampled_from([char.lower(), char.upper()])))
        else:
            out.append(char)
    return "".join(out)


article_text = st.text(min_size=1) | st.lists(
    st.sampled_from(["Mara", "Lind", "said", " ", "  ", "\n", "“", "”", "'", "’", '"', ",", ".", "ß", "İ", "é"]),
    min_size=1,
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(article_text, st.text(), st.integers(-5, 300) | st.none())
def test_any_span_returned_lies_inside_the_text(text, needle, near):
    span = locate(needle, text, near)
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(article_text, st.data())
def test_a_respelled_slice_is_found_and_its_span_matches_it(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    needle = respelled(text[start:end], data)
    assume(comparable(needle))
    span = locate(needle, text)
    assert span is not None
    assert comparable(text[span[0] : span[1]]) == comparable(needle)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet="abcdef \n", min_size=1), st.text(alphabet="uvwxyz", min_size=1))
def test_words_sharing_no_letter_with_the_text_are_never_found(text, needle):
    assert locate(needle, text) is None

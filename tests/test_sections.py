"""Sections cover the article exactly and respect the token budget, cutting at paragraph and sentence ends."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.sections import split_sections
from explorer.tokens import count_tokens

WORDS = ["harbour", "Mara", "Lind", "quay", "council", "vote", "ferry", "Tomas", "Berg", "tide", "nets", "plan"]

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
sentence = words.map(lambda w: w[0].upper() + w[1:] + ".")
paragraph = st.lists(sentence, min_size=1, max_size=5).map(" ".join)
# arbitrary Unicode, plus text built from the characters that decide where cuts go
article_text = st.text() | st.lists(
    st.sampled_from(["Varga", " said", ".", "!", "?", "”", " ", "\n", "\n\n", "\n \n", "\t", "é", "東京", "🙂", "…"]),
    max_size=150,
).map("".join)


def cuts(text: str, budget: int) -> list[int]:
    """Return the offsets where one section ends and the next begins."""
    return [s.start for s in split_sections(text, budget)[1:]]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(article_text, st.integers(1, 60))
def test_sections_cover_the_text_in_order_without_gaps_or_overlap(text, budget):
    sections = split_sections(text, budget)
    assert "".join(s.text for s in sections) == text
    assert [s.index for s in sections] == list(range(len(sections)))
    assert all(s.text == text[s.start : s.end] and s.start < s.end for s in sections)
    assert [s.start for s in sections[1:]] == [s.end for s in sections[:-1]]
    if sections:
        assert sections[0].start == 0 and sections[-1].end == len(text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(article_text, st.integers(1, 60))
def test_every_section_fits_the_budget_unless_one_character_alone_exceeds_it(text, budget):
    sections = split_sections(text, budget)
    for section in sections:
        assert section.tokens == count_tokens(section.text)
        # whitespace at the very end of the article joins the last section instead of becoming its own
        body = section.text.rstrip() if section is sections[-1] else section.text
        assert count_tokens(body) <= budget or len(body) == 1


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(paragraph, min_size=1, max_size=8), st.integers(0, 40))
def test_paragraphs_smaller_than_the_budget_are_never_cut(paragraphs, slack):
    text = "\n\n".join(paragraphs)
    budget = max(count_tokens(p + "\n\n") for p in paragraphs) + slack
    paragraph_starts = {len("\n\n".join(paragraphs[:i])) + 2 for i in range(1, len(paragraphs))}
    assert set(cuts(text, budget)) <= paragraph_starts


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(sentence, min_size=2, max_size=12), st.integers(0, 10))
def test_a_paragraph_over_the_budget_is_cut_only_between_sentences(sentences, slack):
    text = " ".join(sentences)
    budget = max(count_tokens(s + " ") for s in sentences) + slack
    sentence_starts = {len(" ".join(sentences[:i])) + 1 for i in range(1, len(sentences))}
    assert set(cuts(text, budget)) <= sentence_starts


@pytest.mark.parametrize("budget", [5, 16, 50, 200])
def test_one_huge_paragraph_without_punctuation_is_split_at_the_budget_between_words(budget):
    text = " ".join(WORDS[i * 7 % len(WORDS)] for i in range(600))
    sections = split_sections(text, budget)
    assert len(sections) > 1
    assert all(count_tokens(s.text) <= budget for s in sections)
    assert all(count_tokens(s.text) >= budget * 0.6 for s in sections[:-1])  # full pieces, not crumbs
    assert all(" " in text[cut - 1 : cut + 1] for cut in cuts(text, budget))  # no word is broken in two


@pytest.mark.parametrize("text", ["", "Short.", "Mara Lind spoke.\n\nTomas Berg answered."])
def test_text_within_the_budget_is_one_section_or_none(text):
    sections = split_sections(text, 1200)
    assert [s.text for s in sections] == ([text] if text else [])


def test_a_budget_below_one_token_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        split_sections("Tide tables.", 0)

"""The one vocabulary of names: folding for each caller, pronouns, titles, actor types."""

from __future__ import annotations

import pytest

from explorer.actors import split_title
from explorer.edits import edits_from_rows
from explorer.grounding import locate
from explorer.names import ACTOR_TYPES, PRONOUNS, fold, fold_in_place, is_pronoun, name_key


@pytest.mark.parametrize(
    ("text", "split_hyphens", "folded"),
    [
        ("Renée  Müller’s “plan”", False, 'Renee Muller\'s "plan"'),
        ("re-militarisation «now»", False, 're-militarisation "now"'),
        ("Park Ji-won", True, "Park Ji won"),
    ],
)
def test_fold_strips_accents_straightens_quotes_and_splits_hyphens_only_when_asked(text, split_hyphens, folded):
    assert fold(text, split_hyphens=split_hyphens) == folded


def test_name_keys_ignore_the_article_dots_possessives_case_and_hyphens():
    assert name_key("The U.S.'s") == name_key("us") == "us"
    assert name_key("Jean-Luc Picard") == name_key("jean luc picard")


def test_fold_in_place_keeps_every_offset():
    text = "İstanbul’s mayor said “no”."
    assert len(fold_in_place(text)) == len(text) and fold_in_place(text).endswith('said "no".')


def test_grounding_finds_words_written_with_other_quotes_at_the_right_offsets():
    text = "The mayor said «we will not close the port» on Monday."
    start, end = locate('"we will not close the port"', text)
    assert text[start:end] in ("«we will not close the port»", "we will not close the port")


@pytest.mark.parametrize("word", ["he", "Her", "they", "who", "these", "himself"])
def test_pronouns_are_never_names(word):
    assert is_pronoun(word) and word.casefold() in PRONOUNS


def test_honorifics_and_titles_come_off_names():
    assert split_title("Dr. Mia Okafor") == ("Mia Okafor", None)
    assert split_title("Gov. Ray Holm") == ("Ray Holm", "Gov.")


def test_actor_types_follow_the_findings_model():
    assert ACTOR_TYPES == ("person", "organization", "country", "group", "other")
    rows = [{"original": "A", "type": kind} for kind in [*ACTOR_TYPES, "robot"]]
    assert [e.type for e in edits_from_rows(rows)] == [*ACTOR_TYPES, "other"]

"""The attribution check on crafted summaries of a fictional article, analysed by the real offline analyser."""

from __future__ import annotations

import pytest

from explorer import analyse_article, load_settings
from explorer.checking import check_summary
from tests.summary_articles import TRANSPORT_LAW


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    return analyse_article(TRANSPORT_LAW, "Transport law", load_settings(env={}, backend="offline", home=home))


@pytest.mark.parametrize(
    ("summary", "kinds"),
    [
        ("The new transport law will destroy thousands of port jobs.", ["stated_as_fact"]),
        ("The union leader warned that the law will destroy thousands of port jobs.", []),
        ("The transport minister said the law will destroy thousands of jobs.", ["wrong_speaker"]),
        ('Karin Holt said the new transport law "will destroy thousands of jobs in the ports".', []),
        ("According to Holt, thousands of port jobs will disappear because of the law.", []),
        ("Holt fears the reform will wipe out thousands of dock jobs.", []),
        ("Karin Holt leads the union. She warned that the law will destroy thousands of port jobs.", []),
        ("She warned that the law will destroy thousands of port jobs.", ["stated_as_fact"]),
        ("Critics say the new law will destroy thousands of jobs in the ports.", ["wrong_speaker"]),
        ("The law will modernise freight and create new jobs in logistics.", ["stated_as_fact"]),
        ("Brenner said the law would modernise freight and create new jobs in logistics.", []),
        ("The reform could cut freight costs by a fifth.", ["stated_as_fact"]),
        ("Smaller ports might lose traffic, Reyes warned.", []),
        ("The law merges the three port authorities into a single agency.", []),
        ("The European Commission fined dockers for illegal strikes in Hamburg.", ["unsupported", "unsupported"]),
        ("The law takes effect in April, Brenner said.", ["unsupported"]),
        ('Holt said the law "will destroy all jobs in the harbour".', ["misquoted"]),
    ],
)
def test_each_crafted_summary_gets_the_expected_flags(analysis, summary, kinds):
    assert [f.kind for f in check_summary(analysis, summary).flags] == kinds


def test_a_claim_stated_as_fact_names_its_speaker_and_claim(analysis):
    (flag,) = check_summary(analysis, "The new transport law will destroy thousands of port jobs.").flags
    assert flag.speaker == "Karin Holt" and "destroy thousands of jobs" in flag.claim
    assert flag.reason == "stated as fact; the article attributes this to Karin Holt"


def test_a_wrong_speaker_is_named_in_the_reason(analysis):
    (flag,) = check_summary(analysis, "The transport minister said the law will destroy thousands of jobs.").flags
    assert flag.reason == "wrong speaker: attributed to Lukas Brenner; the article attributes this to Karin Holt"


def test_missing_entities_are_named(analysis):
    reasons = " ".join(f.reason for f in check_summary(analysis, "The European Commission met in Hamburg.").flags)
    assert "European Commission" in reasons and "Hamburg" in reasons


def test_each_bullet_is_checked_on_its_own(analysis):
    summary = "- Karin Holt warned about job losses.\n- The new transport law will destroy thousands of port jobs."
    flags = check_summary(analysis, summary).flags
    assert [(f.kind, f.sentence) for f in flags] == [
        ("stated_as_fact", "The new transport law will destroy thousands of port jobs.")
    ]


def test_coverage_lists_claims_actors_and_verbatim_quotes(analysis):
    summary = (
        'Karin Holt said the new transport law "will destroy thousands of jobs in the ports". '
        "Lukas Brenner rejected the warning."
    )
    coverage = check_summary(analysis, summary).coverage
    assert {"Karin Holt", "Lukas Brenner"} <= set(coverage["actors_mentioned"])
    assert "Paula Reyes" not in coverage["actors_mentioned"]
    assert coverage["quotes"] == ["will destroy thousands of jobs in the ports"] and coverage["quotes_kept"] == 1
    assert coverage["quotes_total"] == 2
    assert "Karin Holt" in [c["speaker"] for c in coverage["claims"]]
    assert coverage["claims_covered"] == len(coverage["claims"]) and coverage["claims_total"] >= 5

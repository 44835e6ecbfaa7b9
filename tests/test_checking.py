"""The attribution check on crafted summaries of a fictional article, analysed by the real offline analyser."""

from __future__ import annotations

import pytest

from explorer import analyse_article, load_settings
from explorer.checking import article as parsing
from explorer.checking import check_summary
from explorer.offline.nlp import load_nlp
from tests.summary_articles import TRANSPORT_LAW

STATED_AS_FACT = "The new transport law will destroy thousands of port jobs."


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
    assert {"Karin Holt", "Lukas Brenner"} <= set(coverage.actors_mentioned)
    assert "Paula Reyes" not in coverage.actors_mentioned
    assert coverage.quotes == ["will destroy thousands of jobs in the ports"] and coverage.quotes_kept == 1
    assert coverage.quotes_total == 2
    assert "Karin Holt" in [c.speaker for c in coverage.claims]
    assert coverage.claims_covered == len(coverage.claims) and coverage.claims_total >= 5


class CountingNlp:
    """The real spaCy pipeline, keeping every text it is asked to parse."""

    def __init__(self) -> None:
        self.nlp, self.texts = load_nlp(), []

    def __call__(self, text):
        self.texts.append(text)
        return self.nlp(text)

    def pipe(self, texts):
        texts = list(texts)
        self.texts += texts
        return self.nlp.pipe(texts)


def test_checking_one_article_again_and_again_parses_it_once(analysis, monkeypatch):
    article = analysis.model_copy(update={"text": analysis.text + "\n\nA later edition."})  # unseen by other tests
    nlp = CountingNlp()
    monkeypatch.setattr(parsing, "load_nlp", lambda: nlp)
    first = check_summary(article, STATED_AS_FACT)
    check_summary(article, "Smaller ports might lose traffic, Reyes warned.")
    again = check_summary(article.model_copy(deep=True), STATED_AS_FACT)
    assert nlp.texts.count(article.text) == 1
    assert again == first and [f.kind for f in again.flags] == ["stated_as_fact"]


def test_an_edited_speaker_is_checked_against_the_edit(analysis):
    claims = [
        c.model_copy(update={"speaker": "Paula Reyes"}) if c.speaker == "Karin Holt" else c for c in analysis.claims
    ]
    check_summary(analysis, STATED_AS_FACT)
    (flag,) = check_summary(analysis.model_copy(update={"claims": claims}), STATED_AS_FACT).flags
    assert flag.speaker == "Paula Reyes"

"""The attribution check on crafted summaries of a fictional article, analysed by the real offline analyser."""

from __future__ import annotations

import pytest

from explorer import analyse_article, load_settings
from explorer.checking import article as parsing
from explorer.checking import check_summary
from explorer.edits import ActorEdit, apply_actor_edits
from explorer.offline.nlp import load_nlp
from tests.summary_articles import SURVEY_SHIPS, TRANSPORT_LAW

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
        ("The union leader is a liar.", ["unsupported"]),  # the summary's own judgement, not the article's
        ("Brenner is wrong about the ports.", ["unsupported"]),
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


@pytest.fixture(scope="module")
def survey_ships(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    return analyse_article(SURVEY_SHIPS, None, load_settings(env={}, backend="offline", home=home))


CORRECT_SURVEY_SUMMARY = (
    "Chilean Deputy Foreign Minister Tomás Herrera said the United States and Japan have sent research vessels "
    "into waters off Chile's southern coast, which he said put the country's fishing grounds at risk. "
    "He also accused Tokyo of a campaign of quiet expansion in the South Pacific."
)


def test_a_correct_summary_naming_states_by_other_names_gets_no_flag(survey_ships):
    assert check_summary(survey_ships, CORRECT_SURVEY_SUMMARY).flags == []


def test_each_claim_stated_as_fact_gets_one_flag(survey_ships):
    summary = (
        "The United States and Japan have sent research vessels into waters off Chile's southern coast, putting "
        "the country's fishing grounds at risk. Tokyo has begun a campaign of quiet expansion in the South Pacific."
    )
    flags = check_summary(survey_ships, summary).flags
    assert [(f.kind, f.speaker) for f in flags] == [("stated_as_fact", "Tomás Herrera")] * 2
    assert [f.sentence.split()[0] for f in flags] == ["The", "Tokyo"]


@pytest.mark.parametrize(
    ("summary", "kinds"),
    [
        # "he" on a new line refers back to the speaker of the sentence before
        ("Tomás Herrera spoke on the radio.\nHe said Tokyo had begun a campaign of quiet expansion.", []),
        ("Kenji Arakawa spoke on Friday.\nHe said Tokyo had begun a campaign of quiet expansion.", ["wrong_speaker"]),
        # a claim restated with its words reordered and inflected
        ("Herrera said a quiet expansion campaign in the South Pacific was begun by Tokyo.", []),
        ("A quiet expansion campaign in the South Pacific was begun by Tokyo.", ["stated_as_fact"]),
        # the speaker is the head of the subject, not a name inside it
        ("A Herrera critic, Kenji Arakawa, said Tokyo had begun a campaign of quiet expansion.", ["wrong_speaker"]),
        # the paragraph goes on reporting the speaker named in its first sentence
        (
            "Herrera said the US and Japan have sent research vessels off the southern coast. "
            "Tokyo had begun a campaign of quiet expansion in the South Pacific.",
            [],
        ),
        (
            "Herrera said the US and Japan have sent research vessels off the southern coast.\n\n"
            "Tokyo had begun a campaign of quiet expansion in the South Pacific.",
            ["stated_as_fact"],
        ),
    ],
)
def test_who_says_it_is_read_the_way_an_editor_reads_it(survey_ships, summary, kinds):
    assert [f.kind for f in check_summary(survey_ships, summary).flags] == kinds


def test_a_cue_inside_the_reported_claim_is_not_the_summary_s_attribution(survey_ships):
    summary = "Kenji Arakawa said Herrera claimed that Tokyo had begun a campaign of quiet expansion."
    (flag,) = check_summary(survey_ships, summary).flags
    assert flag.kind == "wrong_speaker" and "attributed to Kenji Arakawa" in flag.reason


def test_the_check_follows_the_user_s_edits_of_the_actor_table(survey_ships):
    summary = "Ambassador Soto said Tokyo had begun a campaign of quiet expansion in the South Pacific."
    assert [f.kind for f in check_summary(survey_ships, summary).flags] == ["wrong_speaker", "unsupported"]
    edit = ActorEdit(original="Tomás Herrera", name="Tomás Herrera Soto", type="person")
    assert check_summary(apply_actor_edits(survey_ships, [edit]), summary).flags == []

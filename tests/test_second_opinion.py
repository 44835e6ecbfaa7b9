"""The model's second opinion on the sentences the summary check is unsure of, over HTTP to the scripted server."""

from __future__ import annotations

import pytest

from explorer import analyse_article, load_settings
from explorer.checking import check_summary
from explorer.checking.second_opinion import model_review
from explorer.storage import Store
from tests.fake_openai import Reply
from tests.summary_articles import TRANSPORT_LAW

SURE = "Brenner said the law would modernise freight and create new jobs in logistics."
UNSURE = "The reform will wipe out thousands of dock jobs."
VERDICT = {"sentence": 2, "verdict": "stated_as_fact", "reason": "Karin Holt warned of this; here it is a fact."}


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    return analyse_article(TRANSPORT_LAW, "Transport law", load_settings(env={}, backend="offline", home=home))


def test_the_model_judges_only_the_unsure_sentences_in_one_call(analysis, llm, fake_llm):
    fake_llm.script(Reply(json={"verdicts": [VERDICT]}))
    result = check_summary(analysis, f"{SURE} {UNSURE}", model_review(llm, Store(llm.database)))
    assert [(f.kind, f.source, f.sentence) for f in result.flags] == [("stated_as_fact", "model", UNSURE)]
    assert result.flags[0].reason == VERDICT["reason"]
    (request,) = fake_llm.chat_requests
    sentences = request.json["messages"][1]["content"].split("<<<SENTENCES")[1]
    assert f"2. {UNSURE}" in sentences and f"1. {SURE}" not in sentences
    claims = request.json["messages"][1]["content"].split("<<<CLAIMS")[1].split("CLAIMS>>>")[0]
    assert '- Karin Holt: the new transport law "will destroy thousands of jobs in the ports"' in claims


def test_the_second_opinion_is_cached_and_its_call_logged(analysis, llm, fake_llm):
    store = Store(llm.database)
    fake_llm.script(Reply(json={"verdicts": [VERDICT]}))
    first = check_summary(analysis, f"{SURE} {UNSURE}", model_review(llm, store))
    again = check_summary(analysis, f"{SURE} {UNSURE}", model_review(llm, Store(llm.database)))
    assert again.flags == first.flags and len(fake_llm.chat_requests) == 1
    assert len(store.calls.recent()) == 1


def test_a_sentence_the_model_finds_faithful_loses_the_rules_flag(analysis, llm, fake_llm):
    assert [f.kind for f in check_summary(analysis, UNSURE).flags] == ["unsupported"]
    fake_llm.script(Reply(json={"verdicts": [{"sentence": 1, "verdict": "ok", "reason": "fine"}]}))
    assert check_summary(analysis, UNSURE, model_review(llm, None)).flags == []


def test_no_call_when_the_rules_are_sure(analysis, llm, fake_llm):
    result = check_summary(analysis, SURE, model_review(llm, None))
    assert result.flags == [] and fake_llm.chat_requests == []


def test_a_failing_model_leaves_the_rules_flags_and_says_so(analysis, llm, fake_llm):
    fake_llm.script(Reply(status=500))
    result = check_summary(analysis, UNSURE, model_review(llm, None))
    assert [(f.kind, f.source) for f in result.flags] == [("unsupported", "rules")]
    assert len(result.notes) == 1 and "second opinion failed" in result.notes[0]


def test_no_reviewer_without_a_model(tmp_path):
    assert model_review(load_settings(env={}, backend="offline", home=tmp_path), None) is None

"""Attributions carried by no active speech verb: judging verbs, passives and claim nouns with an owner."""

from __future__ import annotations

import pytest

from explorer.offline import OfflineExtractor
from tests.offline_checks import claims_by_text


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Governor Lena Pasko mocked the harbour plan as a fantasy.", "the harbour plan as a fantasy", "Lena Pasko"),
        ("Senator Ivo Brandt portrayed the mayor as a friend of the builders.", "the mayor as a friend", "Ivo Brandt"),
        ("Governor Lena Pasko endorsed Brandt on Tuesday.", "Brandt", "Lena Pasko"),
    ],
)
def test_verbs_that_judge_their_object_are_attributions(
    extractor: OfflineExtractor, text: str, content: str, speaker: str
) -> None:
    claims = claims_by_text(extractor, text)
    assert any(content in claim and who == speaker for claim, who in claims.items()), claims


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("The ferry plan was criticised by Governor Lena Pasko.", "The ferry plan", "Lena Pasko"),
        ("The new budget was endorsed by the Harbour Council.", "The new budget", "Harbour Council"),
    ],
)
def test_a_passive_cue_belongs_to_its_agent(extractor: OfflineExtractor, text: str, content: str, speaker: str) -> None:
    claims = claims_by_text(extractor, text)
    assert content in claims and speaker in (claims[content] or ""), claims


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("The harbour master is expected to resign before the winter.", "expected to resign"),
        ("Tomas Berg was accused of hiding the ferry accounts from the council.", "accused of hiding"),
    ],
)
def test_an_opinion_in_the_passive_without_agent_has_no_speaker(
    extractor: OfflineExtractor, text: str, fragment: str
) -> None:
    claims = claims_by_text(extractor, text)
    found = [claim for claim in claims if fragment in claim]
    assert found and claims[found[0]] is None, claims


def test_a_passive_of_finding_is_no_attribution(extractor: OfflineExtractor) -> None:
    assert extractor.extract("The missing ferry was found by fishermen near the old pier.").claims == []


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Lena Pasko's plan to close the ferry line angered the fishermen.",
            "to close the ferry line",
            "Lena Pasko",
        ),
        (
            "Senator Ivo Brandt spoke for an hour. His remarks on the harbour budget drew loud applause.",
            "the harbour budget",
            "Ivo Brandt",
        ),
    ],
)
def test_a_claim_noun_belongs_to_its_owner(extractor: OfflineExtractor, text: str, content: str, speaker: str) -> None:
    claims = claims_by_text(extractor, text)
    assert claims.get(content) == speaker, claims


def test_a_date_after_a_claim_noun_is_not_its_topic(extractor: OfflineExtractor) -> None:
    claims = claims_by_text(extractor, "Senator Ivo Brandt spoke in the port. His remarks on Saturday were short.")
    assert "Saturday" not in claims


def test_a_suggestion_that_appeared_to_be_made_is_attributed(extractor: OfflineExtractor) -> None:
    claims = claims_by_text(extractor, "Mayor Ivo Brandt appeared to suggest that the bridge would close in May.")
    assert claims.get("that the bridge would close in May") == "Ivo Brandt", claims


def test_the_writers_own_first_person_view_is_attributed(extractor: OfflineExtractor) -> None:
    claims = claims_by_text(extractor, "I know the ferry line will never pay for itself.")
    assert claims.get("the ferry line will never pay for itself") == "I", claims


def test_a_first_person_aside_inside_a_quotation_is_not_a_second_claim(extractor: OfflineExtractor) -> None:
    claims = claims_by_text(extractor, "“I think the ferry line will never pay for itself,” Lena Pasko said.")
    assert list(claims.values()) == ["Lena Pasko"], claims


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Governor Lena Pasko made the case that the ferry should stay public.",
            "that the ferry should stay public",
            "Lena Pasko",
        ),
        ("Senator Ivo Brandt has doubts about the new pier.", "the new pier", "Ivo Brandt"),
        ("Senator Ivo Brandt made it clear he would not resign.", "he would not resign", "Ivo Brandt"),
    ],
)
def test_a_speech_act_named_by_a_noun_belongs_to_the_subject(
    extractor: OfflineExtractor, text: str, content: str, speaker: str
) -> None:
    claims = claims_by_text(extractor, text)
    assert claims.get(content) == speaker, claims


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Governor Lena Pasko toured the pier. In her view, the ferry line should stay public.",
            "the ferry line should stay public",
            "Lena Pasko",
        ),
        ("In a new harbour poll, Pasko leads Brandt by four points.", "Pasko leads Brandt by four points", "poll"),
        ("The harbour master reportedly left the meeting early.", "left the meeting early", None),
    ],
)
def test_a_clause_framed_as_a_view_or_hearsay_is_attributed(
    extractor: OfflineExtractor, text: str, content: str, speaker: str | None
) -> None:
    claims = claims_by_text(extractor, text)
    found = [claim for claim in claims if content in claim]
    assert found, claims
    assert claims[found[0]] == speaker if speaker is None else speaker in (claims[found[0]] or ""), claims


def test_a_report_named_beside_a_speech_verb_does_not_replace_the_speaker(extractor: OfflineExtractor) -> None:
    claims = claims_by_text(extractor, "The harbour agency said in a June report that fees would rise.")
    assert claims and all("agency" in (speaker or "") for speaker in claims.values()), claims


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Senator Ivo Brandt is determined to close the old pier.", "to close the old pier", "Ivo Brandt"),
        ("Governor Lena Pasko has been critical of Brandt for years.", "Brandt", "Lena Pasko"),
    ],
)
def test_attitudes_of_will_and_judgement_are_attributed(
    extractor: OfflineExtractor, text: str, content: str, speaker: str
) -> None:
    claims = claims_by_text(extractor, text)
    assert claims.get(content) == speaker, claims


def test_seeing_something_as_something_is_a_view(extractor: OfflineExtractor) -> None:
    claims = claims_by_text(extractor, "Senator Ivo Brandt sees the new pier as a threat to the fishing fleet.")
    assert claims.get("the new pier as a threat to the fishing fleet") == "Ivo Brandt", claims


def test_seeing_a_place_is_no_view(extractor: OfflineExtractor) -> None:
    assert extractor.extract("Senator Ivo Brandt saw the new pier from the hill on Sunday.").claims == []


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "The committee forced the banker to admit that the accounts were false.",
            "that the accounts were false",
            "banker",
        ),
        ("The harbour ministers met on Friday to discuss the new ferry budget.", "the new ferry budget", "ministers"),
        ("A ferry plan backed by the Harbour Council passed on Monday.", "A ferry plan", "Harbour Council"),
    ],
)
def test_acts_that_happened_under_another_verb_are_attributed(
    extractor: OfflineExtractor, text: str, content: str, speaker: str
) -> None:
    claims = claims_by_text(extractor, text)
    assert content in claims and speaker in (claims[content] or ""), claims


def test_a_planned_statement_is_not_yet_a_claim(extractor: OfflineExtractor) -> None:
    claims = extractor.extract("The harbour ministers hope to discuss the budget.").claims
    assert all(claim.cue != "discuss" for claim in claims)


def test_a_paragraph_after_a_closing_colon_is_what_was_said(extractor: OfflineExtractor) -> None:
    text = (
        "Governor Lena Pasko spoke at the pier. She added:\nThe ferry line will never pay for itself, and we know it."
    )
    claims = claims_by_text(extractor, text)
    assert claims.get("The ferry line will never pay for itself, and we know it") == "Lena Pasko", claims


def test_a_judging_verb_keeps_its_reason(extractor: OfflineExtractor) -> None:
    claims = claims_by_text(extractor, "Senator Ivo Brandt grilled the harbour master for the long delays.")
    assert claims.get("the harbour master for the long delays") == "Ivo Brandt", claims

"""Behaviour of the offline (spaCy rules) analyser on short invented news texts."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from explorer import analyse_article, load_settings
from explorer.offline import OfflineExtractor
from explorer.offline.extractor import findings_from_doc
from explorer.sample import load_sample


def claim_with(findings, fragment: str):
    """Return the first claim whose text contains the fragment."""
    return next(c for c in findings.claims if fragment in c.text)


CLAIM_CASES = [
    (
        "said",
        "Senator Mara Quell said on Monday that the budget would fail.",
        "budget would fail",
        "Mara Quell",
        "indirect",
    ),
    (
        "according to",
        "According to the harbour authority, the port will reopen next week.",
        "port will reopen",
        "the harbour authority",
        "indirect",
    ),
    (
        "quote before cue",
        "“We will not back down,” Mara Quell said after the vote.",
        "We will not back down",
        "Mara Quell",
        "direct",
    ),
    (
        "quote after cue",
        "Governor Tobin Ashe told reporters: “The roads are safe again.”",
        "The roads are safe again",
        "Tobin Ashe",
        "direct",
    ),
    (
        "inverted said",
        "The plant will close in May, a company spokesman said.",
        "plant will close",
        "a company spokesman",
        "indirect",
    ),
    (
        "anonymous source",
        "The minister plans to resign, a source said on Tuesday.",
        "plans to resign",
        "a source",
        "indirect",
    ),
]


@pytest.mark.parametrize(("case", "text", "fragment", "speaker", "quote"), CLAIM_CASES, ids=[c[0] for c in CLAIM_CASES])
def test_claim_speaker_and_content(extractor, case, text, fragment, speaker, quote) -> None:
    claim = claim_with(extractor.extract(text), fragment)
    assert claim.speaker == speaker
    assert claim.quote == quote


def test_multi_sentence_quote_is_one_claim(extractor) -> None:
    text = "“The bridge is old. It must be rebuilt,” said Mayor Ines Calder. “We have waited long enough.”"
    claim = claim_with(extractor.extract(text), "The bridge is old")
    assert "It must be rebuilt" in claim.text and "waited long enough" in claim.text
    assert claim.speaker == "Ines Calder"


def test_floating_quote_continues_previous_speaker(extractor) -> None:
    text = (
        "Mayor Ines Calder defended the plan on Friday. “This is the right choice,” she said.\n\n"
        "“Nobody else offered a better idea, and the city cannot wait any longer.”"
    )
    claim = claim_with(extractor.extract(text), "Nobody else offered")
    assert claim.speaker == "Ines Calder"
    assert claim.quote == "direct"


def test_pronoun_speaker_resolves_to_named_person(extractor) -> None:
    text = "Tobin Ashe spoke to farmers in Dunmore. He said the drought would end soon."
    claim = claim_with(extractor.extract(text), "drought would end")
    assert claim.speaker == "Tobin Ashe"
    assert text[slice(*claim.speaker_span)] == "He"


def test_criticise_gives_against_stance(extractor) -> None:
    findings = extractor.extract("Senator Mara Quell criticised Governor Tobin Ashe over the failed harbour deal.")
    stance = next(s for s in findings.stances if s.target == "Tobin Ashe")
    assert (stance.source, stance.stance) == ("Mara Quell", "against")


def test_title_and_surname_merge_into_one_actor(extractor) -> None:
    text = "Deputy Trade Minister Olek Varga arrived late. Varga said talks had stalled."
    actor = next(a for a in extractor.extract(text).actors if a.name == "Olek Varga")
    assert actor.title == "Deputy Trade Minister"
    assert "Varga" in actor.aliases and len(actor.mentions) == 2


SPAN_TEXTS = [
    "“We will not back down,” Mara Quell said. “Never.”\n\nShe added that the union agreed.",
    "According to officials, Tobin Ashe praised the plan, but critics said it was too costly.",
]


@pytest.mark.parametrize("text", SPAN_TEXTS)
def test_spans_slice_to_their_text(extractor, text) -> None:
    findings = extractor.extract(text)
    assert findings.claims
    for claim in findings.claims:
        assert text[slice(*claim.span)] == claim.text
    for stance in findings.stances:
        assert text[slice(*stance.span)] == stance.evidence
    for actor in findings.actors:
        assert all(text[s:e] for s, e in actor.mentions)


def test_results_are_deterministic_and_batch_matches_single(extractor) -> None:
    first = [extractor.extract(t).model_dump() for t in SPAN_TEXTS]
    assert first == [extractor.extract(t).model_dump() for t in SPAN_TEXTS]
    assert first == [f.model_dump() for f in extractor.extract_many(SPAN_TEXTS)]


def test_identity_names_backend_and_model(extractor) -> None:
    assert extractor.identity["backend"] == "offline"
    assert extractor.identity["model"]


@pytest.mark.parametrize(
    "text",
    [
        "Mara Quell said the mayor believes the bridge will collapse by winter.",
        "“I think the bridge will collapse by winter,” Mara Quell said.",
    ],
)
def test_a_report_inside_a_claim_stays_part_of_that_claim(extractor: OfflineExtractor, text: str) -> None:
    findings = extractor.extract(text)
    claims = [c for c in findings.claims if "collapse" in c.text]
    assert [c.speaker for c in claims] == ["Mara Quell"]


def test_quote_continues_after_a_long_cue_sentence(extractor: OfflineExtractor) -> None:
    text = (
        "“The harbour is finished,” said Petra Olund, a fisheries consultant who has advised "
        "three ports along the northern coast for many years. “Nobody will pay to rebuild it.”"
    )
    claim = claim_with(extractor.extract(text), "The harbour is finished")
    assert "Nobody will pay" in claim.text
    assert claim.speaker == "Petra Olund"


def test_quote_with_its_own_cue_is_not_swallowed(extractor: OfflineExtractor) -> None:
    text = "“The harbour is finished,” Petra Olund said. “Nobody will pay to rebuild it,” she added."
    claim = claim_with(extractor.extract(text), "The harbour is finished")
    assert "Nobody" not in claim.text


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Senator Mara Quell called the tax plan a disgrace.", "the tax plan a disgrace"),
        ("Tobin Ashe described the ruling as a victory for farmers.", "the ruling as a victory for farmers"),
        ("Mayor Ines Calder urged residents to leave the valley.", "residents to leave the valley"),
    ],
)
def test_object_content_keeps_what_is_said_of_it(extractor: OfflineExtractor, text: str, content: str) -> None:
    assert content in [c.text for c in extractor.extract(text).claims]


def test_writer_aside_after_the_content_is_left_out(extractor: OfflineExtractor) -> None:
    text = "Mara Quell praised the new harbour plan, which the council approved in March."
    assert [c.text for c in extractor.extract(text).claims] == ["the new harbour plan"]


def test_speaker_of_a_quote_is_never_taken_from_inside_it(extractor: OfflineExtractor) -> None:
    text = "“The council has lost its nerve. It has lost it entirely,” said Dara Velk, an organiser for the Greens."
    claim = claim_with(extractor.extract(text), "lost its nerve")
    assert claim.speaker == "Dara Velk"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Senator Mara Quell wants to close the northern ferry line.", "to close the northern ferry line"),
        ("Tobin Ashe refused to sign the harbour agreement.", "to sign the harbour agreement"),
        ("Mayor Ines Calder expressed deep doubts about the tunnel.", "deep doubts about the tunnel"),
        ("Tobin Ashe compared the budget debate to a circus.", "the budget debate to a circus"),
        ("Mara Quell accused the council of hiding the costs.", "the council of hiding the costs"),
        ("Ines Calder responded to the criticism from farmers.", "the criticism from farmers"),
    ],
)
def test_attitude_and_directive_cues(extractor: OfflineExtractor, text: str, content: str) -> None:
    assert content in [c.text for c in extractor.extract(text).claims]


@pytest.mark.parametrize(
    "text",
    ["Mara Quell tried to open the window.", "Tobin Ashe seems to like the harbour."],
)
def test_raising_and_trying_are_not_attributions(extractor: OfflineExtractor, text: str) -> None:
    assert extractor.extract(text).claims == []


def test_transcript_turns_are_attributed_to_their_label(extractor: OfflineExtractor) -> None:
    text = (
        "Host Lena Brisk interviewed Governor Tobin Ashe on Sunday.\n\n"
        "BRISK: Will the harbour reopen this year?\n\n"
        "ASHE: The harbour will reopen in May, and the ferries will run again.\n\n"
        "BRISK: And the cost?\n\n"
        "ASHE: Nobody knows the final cost yet."
    )
    claim = claim_with(extractor.extract(text), "The harbour will reopen in May")
    assert claim.speaker == "Tobin Ashe"
    assert claim.text.startswith("The harbour")


def test_quote_followed_by_name_and_age_is_attributed(extractor: OfflineExtractor) -> None:
    text = "“They want us to stay home, thinking we will give up,” Dara Velk, 25, said as the march moved on."
    claim = claim_with(extractor.extract(text), "They want us")
    assert claim.speaker == "Dara Velk"


def test_stance_target_from_a_pronoun_in_the_claim(extractor: OfflineExtractor) -> None:
    text = "Governor Tobin Ashe spoke first. Senator Maria Quell said later that he was dishonest about the harbour."
    stance = next(s for s in extractor.extract(text).stances if s.source == "Maria Quell")
    assert (stance.target, stance.stance) == ("Tobin Ashe", "against")


@pytest.mark.parametrize(
    ("quote", "kind"),
    [("Not a single thing in that report is accurate.", "against"), ("That plan is not fair to anyone.", "against")],
)
def test_negated_praise_counts_against(extractor: OfflineExtractor, quote: str, kind: str) -> None:
    text = f"“{quote.rstrip('.')},” Senator Mara Quell said of Governor Tobin Ashe."
    stance = next(s for s in extractor.extract(text).stances if s.target == "Tobin Ashe")
    assert stance.stance == kind


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Trade Minister Kenji Arata defended the rules. His counterpart, Seo Min-ji, rejected them. "
            "She said the rules were a political weapon.",
            "political weapon",
            "Seo Min-ji",
        ),
        (
            "Governor Tobin Ashe spoke first. He said the port was safe. Then Lena Varro, a union leader, "
            "spoke to the crowd. She said the port was not safe at all.",
            "not safe at all",
            "Lena Varro",
        ),
        (
            "Mrs. Quell and Mr. Ashe met on Monday. Afterwards Ashe left. She said the talks had failed.",
            "talks had failed",
            "Quell",
        ),
    ],
)
def test_pronouns_agree_in_gender(extractor: OfflineExtractor, text: str, fragment: str, speaker: str) -> None:
    assert claim_with(extractor.extract(text), fragment).speaker == speaker


def test_a_surname_alone_joins_the_full_name(extractor: OfflineExtractor) -> None:
    text = "South Korea's trade minister, Seo Min-ji, spoke on Monday. Seo said the rules were unfair."
    assert claim_with(extractor.extract(text), "rules were unfair").speaker == "Seo Min-ji"


def test_two_people_of_one_family_stay_two_actors(extractor: OfflineExtractor) -> None:
    text = (
        "Mara Lind, the harbour master, said the pier was safe. Jonas Lind, her brother, said the pier would fall. "
        "J. Lind later said he had been misquoted."
    )
    findings = extractor.extract(text)
    assert {"Mara Lind", "Jonas Lind"} <= {a.name for a in findings.actors}
    assert claim_with(findings, "pier would fall").speaker == "Jonas Lind"
    assert claim_with(findings, "misquoted").speaker == "Jonas Lind"


@pytest.mark.parametrize("junk", ["I.", "meet ministry"])
def test_pronouns_and_lowercase_phrases_are_not_actors(extractor: OfflineExtractor, junk: str) -> None:
    text = (
        "“Until he does, our partners will assume the worst, and frankly so will I.” "
        "Dara Velk said members would meet ministry officials on Monday."
    )
    assert junk not in [a.name for a in extractor.extract(text).actors]


def test_no_claim_when_nobody_spoke(extractor: OfflineExtractor) -> None:
    text = "Neither ministry would confirm whether the two envoys would meet in Lisbon."
    assert extractor.extract(text).claims == []


def test_a_question_put_to_someone_is_not_their_claim(extractor: OfflineExtractor) -> None:
    text = "Asked whether the tax was linked to the vote, Tobin Ashe said the timing was a coincidence."
    assert [c.cue for c in extractor.extract(text).claims] == ["said"]


def test_the_speakers_own_description_is_not_a_stance_target(extractor: OfflineExtractor) -> None:
    text = "Maria Quell, an economist at the Varden Institute in Lisbon, said they were all wrong about the tariffs."
    assert "Lisbon" not in [s.target for s in extractor.extract(text).stances]


def test_the_association_refers_back_to_the_named_association(extractor: OfflineExtractor) -> None:
    text = (
        "The Varden Growers Association met on Friday. Mayor Ines Calder spoke later. "
        "The association said the harvest would be late."
    )
    assert claim_with(extractor.extract(text), "harvest would be late").speaker == "Varden Growers Association"


@pytest.mark.parametrize(
    "text",
    [
        "Shares in Varden Shipping fell 3 percent, according to exchange data.",
        "Mara Quell said the group supported the plan to file a complaint in Lisbon.",
    ],
)
def test_only_actors_hold_stances(extractor: OfflineExtractor, text: str) -> None:
    sources = {s.source for s in extractor.extract(text).stances}
    assert sources <= {"Mara Quell"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("“Tobin Ashe is using the harbour budget as a political weapon,” Senator Mara Quell said.", "against"),
        ("Senator Mara Quell said the delays were caused by inadequate planning by Tobin Ashe.", "against"),
        ("Senator Mara Quell said the closure was a reprisal ordered by Governor Tobin Ashe.", "against"),
        ("“Tobin Ashe will lose this fight,” Senator Mara Quell said.", "neutral"),  # issue 11: a loss is no stance
        ("“Nobody wins a fight like this,” Senator Mara Quell said of Governor Tobin Ashe.", "against"),
        ("Senator Mara Quell criticised the decision as a favour to Governor Tobin Ashe.", "against"),
        ("Senator Mara Quell praised the plan that Governor Tobin Ashe announced on Monday.", "favor"),
        ("Senator Mara Quell said Governor Tobin Ashe had inspected the goods at the harbour.", "neutral"),
        ("“We need an answer right now,” Senator Mara Quell said of Governor Tobin Ashe.", "neutral"),
        ("Senator Mara Quell said Governor Tobin Ashe would visit the harbour on Monday.", "neutral"),
    ],
)
def test_stance_polarity_follows_evaluative_words_and_stance_verbs(
    extractor: OfflineExtractor, text: str, kind: str
) -> None:
    kinds = {s.stance for s in extractor.extract(text).stances if s.target == "Tobin Ashe"}
    assert kinds == {kind}


def test_each_target_is_judged_by_the_clause_that_names_it(extractor: OfflineExtractor) -> None:
    text = (
        "“Governor Tobin Ashe is using the port as a weapon, and we will take this to Judge Lena Varro, "
        "and we intend to win,” Senator Mara Quell said."
    )
    kinds = {s.target: s.stance for s in extractor.extract(text).stances}
    assert (kinds["Tobin Ashe"], kinds["Lena Varro"]) == ("against", "neutral")


def test_a_place_where_something_happened_is_not_a_stance_target(extractor: OfflineExtractor) -> None:
    text = "Senator Mara Quell said the ruling in Dunmore was a reprisal by Governor Tobin Ashe."
    assert [s.target for s in extractor.extract(text).stances] == ["Tobin Ashe"]


def test_sample_article_minister_is_against_the_country_she_criticises(extractor: OfflineExtractor) -> None:
    stances = extractor.extract(load_sample()[1]).stances
    assert "against" in {s.stance for s in stances if (s.source, s.target) == ("Park Ji-won", "Japan")}
    assert "favor" not in {s.stance for s in stances if s.target == "Japan"}


def stance_kinds(findings, source: str) -> dict[str, set[str]]:
    """Return target -> the stances a source takes toward it."""
    kinds: dict[str, set[str]] = {}
    for stance in findings.stances:
        if stance.source == source:
            kinds.setdefault(stance.target, set()).add(stance.stance)
    return kinds


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        (
            "Chile and Peru have sent warships close to the Norwegian coast in a dangerous show of force, "
            "Deputy Minister Ola Brekke said.",
            "Ola Brekke",
            {"Chile": {"against"}, "Peru": {"against"}},
        ),
        (
            "“Our pact with our Chilean partners is unbreakable,” Under Secretary Dana Orrel said.",
            "Dana Orrel",
            {"Chile": {"favor"}},
        ),
        (
            "Norwegian Prime Minister Ana Holt said Oslo would deepen its partnership with NATO "
            "despite Peru's closer links to Chile.",
            "Ana Holt",
            {"NATO": {"favor"}},
        ),
        (
            "Senator Mara Quell said that Peru's missile programme was not only a danger to its neighbours "
            "but to Chile too.",
            "Mara Quell",
            {"Peru": {"against"}},
        ),
    ],
    ids=["threat", "alliance", "cooperation", "not-only"],
)
def test_framing_gives_the_direction(extractor: OfflineExtractor, text: str, speaker: str, expected: dict) -> None:
    kinds = stance_kinds(extractor.extract(text), speaker)
    sided = {target: kinds[target] - {"neutral"} for target in kinds if kinds[target] - {"neutral"}}
    assert sided == expected


def test_the_threatened_side_is_not_a_target_of_the_threat(extractor: OfflineExtractor) -> None:
    text = "Minister Ola Brekke warned that Peru's missiles were a danger to Chile."
    kinds = stance_kinds(extractor.extract(text), "Ola Brekke")
    assert "against" in kinds["Peru"] and "against" not in kinds.get("Chile", set())


def test_a_ministers_own_country_is_the_side_they_speak_for(extractor: OfflineExtractor) -> None:
    text = "Norwegian Prime Minister Ana Holt said Oslo would strengthen its alliance with Chile."
    findings = extractor.extract(text)
    assert stance_kinds(findings, "Ana Holt") == {"Chile": {"favor"}}
    assert ("Norway", "Chile", "favor") in {(s.source, s.target, s.stance) for s in findings.stances}


def test_a_party_member_speaks_for_the_party(extractor: OfflineExtractor) -> None:
    text = "“Governor Tobin Ashe has betrayed every farmer in this state,” said Rep. Carl Benz (R-Iowa)."
    stances = {(s.source, s.target, s.stance) for s in extractor.extract(text).stances}
    assert {("Carl Benz", "Tobin Ashe", "against"), ("Republicans", "Tobin Ashe", "against")} <= stances


def test_the_outlet_spoken_to_gets_no_stance(extractor: OfflineExtractor) -> None:
    text = "In an interview with Nordia Radio on Monday, Ola Brekke said Peru was a dangerous neighbour."
    assert {s.target for s in extractor.extract(text).stances} == {"Peru"}


@pytest.mark.parametrize(
    ("text", "not_actors"),
    [
        ("Minister Ola Brekke said the ships sailed from the Middle East into the Arctic Ocean.", {"Middle East"}),
        (
            "Assistant Secretary for Northern and Coastal Affairs Dana Orrel said the talks went well.",
            {"Coastal Affairs", "Northern"},
        ),
    ],
)
def test_regions_and_title_words_are_not_actors(extractor: OfflineExtractor, text: str, not_actors: set) -> None:
    names = {a.name for a in extractor.extract(text).actors}
    assert not names & not_actors and any("Orrel" in n or "Brekke" in n for n in names)


def test_a_long_title_stays_with_the_person(extractor: OfflineExtractor) -> None:
    text = "Assistant Secretary for Northern and Coastal Affairs Dana Orrel said the talks went well."
    actor = next(a for a in extractor.extract(text).actors if a.name == "Dana Orrel")
    assert actor.title == "Assistant Secretary for Northern and Coastal Affairs"


def test_us_in_capitals_is_the_united_states(extractor: OfflineExtractor) -> None:
    actors = {a.name: a for a in extractor.extract("The US and Chile signed the deal, Ola Brekke said.").actors}
    assert "US" in actors["United States"].aliases


def test_a_quoted_phrase_inside_reported_speech_is_no_second_claim(extractor: OfflineExtractor) -> None:
    text = "Ola Brekke said Peru had begun “a reckless naval expansion” as it continues to buy ships."
    claims = extractor.extract(text).claims
    assert [(c.speaker, "reckless naval expansion" in c.text) for c in claims] == [("Ola Brekke", True)]


def test_a_spokeswoman_speaks_for_the_one_she_serves(extractor: OfflineExtractor) -> None:
    text = "“The new ad from Carl Benz is dishonest,” said Lia Moss, a spokeswoman for Senator Ana Ruiz."
    stances = {(s.source, s.target, s.stance) for s in extractor.extract(text).stances}
    assert {("Lia Moss", "Carl Benz", "against"), ("Ana Ruiz", "Carl Benz", "against")} <= stances


def test_a_hostile_act_in_a_claim_counts_against_its_doer(extractor: OfflineExtractor) -> None:
    text = "“Peru has undermined every agreement we signed,” Minister Ola Brekke said."
    assert stance_kinds(extractor.extract(text), "Ola Brekke") == {"Peru": {"against"}}


def test_the_speaker_judging_what_they_just_reported(extractor: OfflineExtractor) -> None:
    text = "“Governor Tobin Ashe has said he will reopen the ferry to Chile, and I welcome that,” Mara Quell said."
    assert stance_kinds(extractor.extract(text), "Mara Quell")["Tobin Ashe"] == {"favor"}


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        ("Senator Mara Quell is worried about the cost of the new harbour wall.", "the cost of the new", "Mara Quell"),
        (
            "Tomas Berg, a fierce critic of the ferry subsidy, left the meeting early.",
            "the ferry subsidy",
            "Tomas Berg",
        ),
        ("Ilse Varga was confident that the vote would pass.", "the vote would pass", "Ilse Varga"),
    ],
)
def test_attitudes_without_a_speech_verb_are_attributed(
    extractor: OfflineExtractor, text: str, fragment: str, speaker: str
) -> None:
    assert claim_with(extractor.extract(text), fragment).speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "“Chilean exporters will lose customers, and Peruvian mills will lose suppliers,” said analyst Mira Lund.",
        "“Chile loses its best customers,” said analyst Mira Lund.",
    ],
)
def test_who_loses_is_not_judged(extractor: OfflineExtractor, text: str) -> None:
    kinds = stance_kinds(extractor.extract(text), "Mira Lund")
    assert kinds and all(k == {"neutral"} for k in kinds.values())


def test_a_spokeswoman_speaks_for_her_senators_party_too(extractor: OfflineExtractor) -> None:
    text = (
        "Senator Ana Ruiz (D-Ohio) has led the fight for the farm bill.\n"
        "“Governor Tobin Ashe has betrayed every farmer in this state,” said Lia Moss, a spokeswoman for Ana Ruiz."
    )
    stances = {(s.source, s.target, s.stance) for s in extractor.extract(text).stances}
    assert {("Ana Ruiz", "Tobin Ashe", "against"), ("Democrats", "Tobin Ashe", "against")} <= stances


def test_an_agency_passing_on_the_news_takes_no_side(extractor: OfflineExtractor) -> None:
    text = "According to the Nordic Press Agency, Peru has undermined every agreement it signed with Chile."
    sources = {s.source for s in extractor.extract(text).stances}
    assert sources == {"Peru"}, "Peru acts against Chile; the agency only passes it on"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("The ferry ran late all week, port officials said the new engines would fix it.", "new engines would", "port"),
        ("Orla Brandt said after the hearing she would appeal the ruling.", "she would appeal", "Orla Brandt"),
    ],
)
def test_content_after_the_cue_wins_over_a_clause_before_it(
    extractor: OfflineExtractor, text: str, content: str, speaker: str
) -> None:
    claim = claim_with(extractor.extract(text), content)
    assert speaker in (claim.speaker or "")
    assert "ferry ran late" not in claim.text


def test_headline_label_names_the_speaker(extractor: OfflineExtractor) -> None:
    text = "Mayor Orla Brandt: Harbour Tax Will Stay.\n\nBrandt told reporters the budget was safe."
    claim = claim_with(extractor.extract(text), "Harbour Tax Will Stay")
    assert claim.speaker and "Brandt" in claim.speaker


@pytest.mark.parametrize(
    "text",
    ["Storm Over The Bay: Towns Brace For Floods.\n\nRain fell.", "Update: The Vote Moved To Friday.\n\nIt did."],
)
def test_headline_phrase_or_item_label_is_no_speaker(extractor: OfflineExtractor, text: str) -> None:
    assert not [c for c in extractor.extract(text).claims if c.cue == ":"]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "As Orla Brandt noted, the tolls have doubled since 2010.",
            "the tolls have doubled since 2010",
            "Orla Brandt",
        ),
        ("Prices fell, as the traders had expected.", "Prices fell", "the traders"),
    ],
)
def test_as_aside_vouches_for_its_main_clause(
    extractor: OfflineExtractor, text: str, content: str, speaker: str
) -> None:
    claim = claim_with(extractor.extract(text), content)
    assert claim.text == content
    assert claim.speaker == speaker


def test_pronoun_opening_a_section_names_the_person_of_the_section_before(tmp_path) -> None:
    settings = load_settings(env={}, backend="offline", home=tmp_path, section_tokens=40)
    text = (
        "Governor Peter Ashe toured the flooded farms of Ohio on Monday and met the families who lost their harvest "
        "to the river, which rose higher than at any time since the old dam was built.\n\n"
        "He said the state would pay for new levees before the spring rains came back to the valley.\n\n"
        "She said the money would never arrive in time for the planting season in the hills."
    )
    analysis = analyse_article(text, None, settings)
    assert len(analysis.sections) >= 2
    levees = next(c for c in analysis.claims if "new levees" in c.text)
    money = next(c for c in analysis.claims if "never arrive" in c.text)
    assert levees.section > 0 and levees.speaker == "Peter Ashe"
    assert money.speaker == "She"  # no woman was named before: the pronoun stays as written
    assert "She" not in {a.name for a in analysis.actors}


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Council members questioned how Orla Brandt could drop the pledge.", "how Orla Brandt could", "Council"),
    ],
)
def test_wh_question_clauses_are_content(extractor: OfflineExtractor, text: str, content: str, speaker: str) -> None:
    claim = claim_with(extractor.extract(text), content)
    assert speaker in (claim.speaker or "")


def test_cue_the_tagger_calls_a_noun_still_reports_when_parsed_as_a_clause(extractor: OfflineExtractor) -> None:
    words = ["Leaked", "papers", "show", "the", "fund", "lost", "money", "."]
    heads = [1, 2, 2, 4, 5, 2, 5, 2]
    deps = ["amod", "nsubj", "ROOT", "det", "nsubj", "ccomp", "dobj", "punct"]
    pos = ["VERB", "NOUN", "NOUN", "DET", "NOUN", "VERB", "NOUN", "PUNCT"]
    lemmas = ["leak", "paper", "show", "the", "fund", "lose", "money", "."]
    doc = Doc(extractor.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    claims = findings_from_doc(doc).claims
    assert [(c.speaker, c.text) for c in claims] == [("Leaked papers", "the fund lost money")]


@pytest.mark.parametrize(
    "text",
    [
        "“I did nothing wrong, and I will not resign,” Mayor Tobin Ashe said.",
        "Mayor Tobin Ashe said he had done nothing wrong.",
    ],
    ids=["direct", "indirect"],
)
def test_a_speaker_defending_themselves_takes_their_own_side(extractor: OfflineExtractor, text: str) -> None:
    assert stance_kinds(extractor.extract(text), "Tobin Ashe") == {"Tobin Ashe": {"favor"}}


def test_judging_someone_else_in_the_first_person_is_no_self_stance(extractor: OfflineExtractor) -> None:
    text = "“I think Carl Benz is a liar,” Mara Quell said."
    assert stance_kinds(extractor.extract(text), "Mara Quell") == {"Carl Benz": {"against"}}


def test_a_pledge_in_the_first_person_is_no_self_stance(extractor: OfflineExtractor) -> None:
    text = (
        "“Our promises to our partners in Norland are firm, and we are committed to making sure we keep those"
        " promises,” Ora Vint said."
    )
    stances = {(s.source, s.target) for s in extractor.extract(text).stances}
    assert ("Ora Vint", "Ora Vint") not in stances


def test_a_spokeswoman_defending_her_side_speaks_for_it(extractor: OfflineExtractor) -> None:
    text = "“We did nothing wrong,” said Lia Moss, a spokeswoman for the Harbour Council."
    stances = {(s.source, s.target, s.stance) for s in extractor.extract(text).stances}
    assert ("Harbour Council", "Harbour Council", "favor") in stances


def test_a_state_that_acts_in_a_claim_is_a_stance_target(extractor: OfflineExtractor) -> None:
    text = "“Ohio has betrayed the farmers of this region,” said Kansas Attorney General Dale Pruitt."
    stances = {(s.source, s.target, s.stance) for s in extractor.extract(text).stances}
    assert {("Dale Pruitt", "Ohio", "against"), ("Kansas", "Ohio", "against")} <= stances


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Senator Mara Quell offered a sharp critique of Governor Tobin Ashe's harbour plan on Monday.", "against"),
        ("Mara Quell defended her criticism of Tobin Ashe.", "against"),
        ("Mara Quell voiced support for Tobin Ashe and his plan.", "favor"),
        ("Senator Mara Quell voted against Tobin Ashe in the leadership race.", "against"),
        ("Mara Quell said she would stand by Tobin Ashe.", "favor"),
        ("Senator Mara Quell did not vote against Tobin Ashe.", None),
    ],
    ids=["critique-of", "defended-criticism", "support-for", "voted-against", "stand-by", "negated"],
)
def test_nouns_and_prepositions_that_take_a_side(extractor: OfflineExtractor, text: str, kind: str | None) -> None:
    sided = stance_kinds(extractor.extract(text), "Mara Quell").get("Tobin Ashe", set()) - {"neutral"}
    assert sided == ({kind} if kind else set())


@pytest.mark.parametrize(
    "text",
    [
        "“Tobin Ashe gutted the school budget and ignored every warning,” Mara Quell said.",
        "“We will repeal Tobin Ashe's ferry tax,” Mara Quell said.",
    ],
    ids=["harm-done", "the-speakers-own-act"],
)
def test_acts_of_harm_count_against_the_doer_or_the_one_undone(extractor: OfflineExtractor, text: str) -> None:
    assert stance_kinds(extractor.extract(text), "Mara Quell") == {"Tobin Ashe": {"against"}}


@pytest.mark.parametrize(
    "text",
    [
        "“Tobin Ashe is a decent man, but his harbour plan is a disaster,” Mara Quell said.",
        "“Although Tobin Ashe is a capable administrator, his harbour plan is a disaster,” Mara Quell said.",
    ],
    ids=["but", "although"],
)
def test_the_point_after_a_contrast_decides(extractor: OfflineExtractor, text: str) -> None:
    assert stance_kinds(extractor.extract(text), "Mara Quell") == {"Tobin Ashe": {"against"}}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("“Tobin Ashe should resign,” Mara Quell said.", "against"),
        ("Mara Quell called on Tobin Ashe to drop out of the race.", "against"),
        ("“Tobin Ashe should not resign,” Mara Quell said.", "favor"),
        ("Mara Quell said Tobin Ashe resigned on Monday.", "neutral"),
    ],
    ids=["should-resign", "called-on-to-drop-out", "should-not-resign", "a-report"],
)
def test_a_demand_to_go_is_against_whoever_should_go(extractor: OfflineExtractor, text: str, kind: str) -> None:
    assert stance_kinds(extractor.extract(text), "Mara Quell") == {"Tobin Ashe": {kind}}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("“Tobin Ashe has failed this state,” said Carl Benz of the Harbour Council.", "Harbour Council"),
        ("Carl Benz, who heads the Harbour Council, said Tobin Ashe had failed the city.", "Harbour Council"),
        ("Republican Carl Benz said Tobin Ashe had failed the city.", "Republicans"),
    ],
    ids=["of-the-group", "who-heads", "party-label"],
)
def test_a_member_named_with_their_group_speaks_for_it(extractor: OfflineExtractor, text: str, group: str) -> None:
    assert stance_kinds(extractor.extract(text), group) == {"Tobin Ashe": {"against"}}


def test_a_place_after_of_is_where_they_serve_not_whom_they_speak_for(extractor: OfflineExtractor) -> None:
    text = "“Tobin Ashe has failed this state,” said Senator Carl Benz of Ohio."
    assert {s.source for s in extractor.extract(text).stances} == {"Carl Benz"}


@pytest.mark.parametrize(
    "text",
    [
        "Mara Quell said she remained firmly opposed to Tobin Ashe and his harbour plan.",
        "“Tobin Ashe is out of touch with this city,” Mara Quell said.",
        "“The ferry tax Tobin Ashe signed is unconstitutional,” Mara Quell said.",
    ],
    ids=["opposed-to", "set-phrase", "verdict"],
)
def test_opposition_verdicts_and_set_phrases_are_against(extractor: OfflineExtractor, text: str) -> None:
    assert stance_kinds(extractor.extract(text), "Mara Quell") == {"Tobin Ashe": {"against"}}


def test_a_frame_needs_a_holder_that_is_an_actor(extractor: OfflineExtractor) -> None:
    assert extractor.extract("Senators loyal to Tobin Ashe, among them Mara Quell, left.").stances == []


def test_a_member_defending_only_themselves_does_not_speak_for_the_group(extractor: OfflineExtractor) -> None:
    text = "“I did nothing wrong,” said Lia Moss, a spokeswoman for the Harbour Council."
    stances = {(s.source, s.target, s.stance) for s in extractor.extract(text).stances}
    assert stances == {("Lia Moss", "Lia Moss", "favor")}


def test_someone_close_to_the_speaker_is_not_the_speaker(extractor: OfflineExtractor) -> None:
    text = "“My son did nothing wrong,” Mara Quell said."
    assert "Mara Quell" not in stance_kinds(extractor.extract(text), "Mara Quell")

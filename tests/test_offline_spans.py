"""Who the offline analyser says spoke, and where what they said begins and ends: team-written sentences."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from spacy.tokens import Doc

from explorer.offline import OfflineExtractor
from explorer.offline.extractor import findings_from_doc
from tests.offline_checks import claims_by_text


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # a passive speech cue: its subject is what was talked about; the speaker is the 'by' phrase, or nobody
        ("Councillor Ada Brinn was labelled a spoiler after the vote.", "a spoiler", None),
        ("It was reported by the harbour board that the ferry would stop in May.", "ferry would stop", "harbour board"),
        # a passive feeling keeps its holder
        ("Farmers were frustrated that the dam had been delayed again.", "dam had been delayed", "Farmers"),
        # 'for ...ing' is done by the object of the verb it explains
        ("The council fined the ferry company for claiming that its boats were safe.", "boats were safe", "ferry"),
        # 'short of' passes the subject on like an adjective does
        ("The mayor praised the crews but stopped short of calling the rescue a success.", "a success", "The mayor"),
        # the object of 'left' does the feeling
        ("The vote left the fishermen feeling that nobody listened.", "nobody listened", "the fishermen"),
        # a closing ', citing ...' belongs to the reporting verb, not to the clause reported
        (
            "Economists at the port said rising fuel costs have hurt the ferry company, citing the fall in winter "
            "bookings.",
            "the fall in winter bookings",
            "Economists",
        ),
        # a claim noun's author in a 'from' phrase
        (
            "The vote went ahead despite warnings from the harbour master that the pier was unsafe.",
            "pier was unsafe",
            "harbour master",
        ),
        # the parser took the name for a compound of the cue
        ("Brandt charges that the mill polluted the river for a decade.", "mill polluted", "Brandt"),
        # an adjective between the subject and the cue passes the subject on
        ("Quell will be unable to blame the council and accuse the mayor of wasting money.", "the mayor", "Quell"),
        # the parser left the cue without a subject: the name right before it speaks
        (
            "In a meeting with the editors of the Valdria Post Brinn said that the ferry would stop in May.",
            "ferry would stop",
            "Brinn",
        ),
    ],
)
def test_the_speaker_is_who_spoke(extractor: OfflineExtractor, text: str, content: str, speaker: str | None) -> None:
    claims = claims_by_text(extractor, text)
    found = [s for t, s in claims.items() if content in t]
    assert found, claims
    if speaker is None:
        assert found[0] is None
    else:
        assert speaker in (found[0] or "")


@pytest.mark.parametrize(
    ("text", "first", "second", "speaker"),
    [
        (
            "Mayor Ada Brinn said the ferry service would resume in May and warned that fares would rise.",
            "the ferry service would resume in May",
            "that fares would rise",
            "Ada Brinn",
        ),
        (
            "The union said its members would strike on Friday and demanded talks with the port authority.",
            "its members would strike on Friday",
            "talks with the port authority",
            "The union",
        ),
    ],
)
def test_a_second_report_joined_by_and_is_its_own_claim(
    extractor: OfflineExtractor, text: str, first: str, second: str, speaker: str
) -> None:
    claims = claims_by_text(extractor, text)
    assert claims.get(first) == speaker, claims
    assert claims.get(second) == speaker, claims


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # the writer's aside about the thing compared, not part of the comparison
        (
            "The mayor likened the new toll to a ransom, which islanders have paid for years.",
            "the new toll to a ransom",
        ),
        # a concession closing the sentence is the writer's
        (
            "Brinn said the ferry would run all winter, although she later refused to promise it.",
            "the ferry would run all winter",
        ),
        # a 'how' clause the parser hung on the cue can only be a second thing spoken of
        (
            "The mayor spoke of the flood of 1953, and how the town rebuilt the harbour wall within a year.",
            "the flood of 1953, and how the town rebuilt the harbour wall within a year",
        ),
        # a second speaker's report joined by 'and' is not part of the first
        (
            "Brinn said the levy would be dropped and the treasurer replied that nothing had been decided.",
            "the levy would be dropped",
        ),
        # what is left of a sentence cut before a second report does not end on 'and'
        (
            "Brinn said the levy would be dropped, and when asked about the budget, the treasurer replied that "
            "nothing had been decided.",
            "the levy would be dropped",
        ),
    ],
)
def test_the_content_ends_where_the_speakers_words_end(extractor: OfflineExtractor, text: str, content: str) -> None:
    claims = claims_by_text(extractor, text)
    assert [t for t in claims if t.startswith(content)] == [content], claims


def test_a_quote_after_an_indirect_report_goes_on_with_the_same_speaker(extractor: OfflineExtractor) -> None:
    text = "The tolls will double next year, Ada Brinn said. “We have no other way to pay for the bridge.”"
    claims = claims_by_text(extractor, text)
    joined = [t for t in claims if t.startswith("The tolls") and "no other way" in t]
    assert joined and claims[joined[0]] == "Ada Brinn", claims


def test_a_cue_opening_a_paragraph_introduces_what_follows(extractor: OfflineExtractor) -> None:
    text = (
        "“The bridge will open on time,” the engineer said.\n\nBrinn continued: “Nobody should worry about the cost.”"
    )
    claims = claims_by_text(extractor, text)
    assert claims.get("“Nobody should worry about the cost.”") == "Brinn", claims
    assert "Brinn" not in {s for t, s in claims.items() if "open on time" in t}, claims


def test_a_name_before_a_claim_noun_owns_the_claim(extractor: OfflineExtractor) -> None:
    # the tagger's reading of "Brandt claims that ...": 'claims' a noun, the name its compound
    words = ["Brandt", "claims", "that", "the", "mill", "polluted", "the", "river", "."]
    heads = [1, 1, 5, 4, 5, 1, 7, 5, 1]
    deps = ["compound", "ROOT", "mark", "det", "nsubj", "acl", "det", "dobj", "punct"]
    pos = ["PROPN", "NOUN", "SCONJ", "DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"]
    lemmas = ["Brandt", "claim", "that", "the", "mill", "pollute", "the", "river", "."]
    doc = Doc(extractor.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    claims = findings_from_doc(doc).claims
    assert [(c.speaker, c.text) for c in claims] == [("Brandt", "that the mill polluted the river")]


def test_a_sentence_opening_cue_is_spoken_by_the_name_after_it(extractor: OfflineExtractor) -> None:
    # the parser's reading of "Said Brinn: ...": the cue a compound of the name, which heads the sentence
    words = ["Said", "Brinn", ":", "“", "Nobody", "asked", "the", "crews", ".", "”"]
    heads = [1, 1, 1, 1, 5, 1, 7, 5, 1, 1]
    deps = ["compound", "ROOT", "punct", "punct", "nsubj", "acl", "det", "dobj", "punct", "punct"]
    pos = ["VERB", "PROPN", "PUNCT", "PUNCT", "PRON", "VERB", "DET", "NOUN", "PUNCT", "PUNCT"]
    tags = ["VBD", "NNP", ":", "``", "NN", "VBD", "DT", "NNS", ".", "''"]
    lemmas = ["say", "Brinn", ":", "“", "nobody", "ask", "the", "crew", ".", "”"]
    doc = Doc(extractor.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    claims = findings_from_doc(doc).claims
    assert len(claims) == 1 and "Nobody asked the crews" in claims[0].text
    assert "Brinn" in (claims[0].speaker or "")


def test_a_second_verb_shares_the_stranded_subject_of_the_first(extractor: OfflineExtractor) -> None:
    # the parser's reading of "After the vote, Quell and Brinn call them liars and describe ...": the names
    # hang on "vote", so neither verb has a subject
    words = "After the vote , Quell and Brinn call them liars and describe the walkouts as crimes .".split()
    heads = [7, 2, 0, 2, 2, 4, 4, 7, 7, 7, 7, 7, 13, 11, 11, 14, 7]
    deps = ["prep", "det", "pobj", "punct", "conj", "cc", "conj", "ROOT", "dobj", "oprd", "cc", "conj", "det"]
    deps += ["dobj", "prep", "pobj", "punct"]
    pos = ["ADP", "DET", "NOUN", "PUNCT", "PROPN", "CCONJ", "PROPN", "VERB", "PRON", "NOUN", "CCONJ", "VERB"]
    pos += ["DET", "NOUN", "ADP", "NOUN", "PUNCT"]
    tags = ["IN", "DT", "NN", ",", "NNP", "CC", "NNP", "VBP", "PRP", "NNS", "CC", "VBP", "DT", "NNS", "IN"]
    tags += ["NNS", "."]
    lemmas = [w.lower() for w in words]
    lemmas[lemmas.index("walkouts")] = "walkout"
    doc = Doc(extractor.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    claims = {c.cue: c.speaker for c in findings_from_doc(doc).claims}
    assert claims.get("describe") == "Brinn", claims


def test_a_surname_shared_by_two_people_goes_to_the_same_one_in_every_process() -> None:
    # two full names of equal length tie for the bare surname; string hashing differs between processes
    text = "Hilda Quell and Bruno Quell both ran the harbour board. Quell said the ferries would stop in May."
    script = (
        "import sys; from explorer.offline import OfflineExtractor; "
        "print([c.speaker for c in OfflineExtractor().extract(sys.argv[1]).claims])"
    )
    speakers = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, text], env=env, capture_output=True, text=True, check=True)
        speakers.add(done.stdout.strip())
    assert speakers == {"['Hilda Quell']"}


def test_a_transcript_answer_runs_on_until_the_next_label(extractor: OfflineExtractor) -> None:
    text = (
        "Host Lena Brisk interviewed Governor Tobin Ashe on Sunday.\n\n"
        "BRISK: Will the harbour reopen this year?\n\n"
        "ASHE: The harbour will reopen in May.\n\n"
        "The ferries will run again, and the fares will stay as they are.\n\n"
        "(CROSSTALK)\n\n"
        "BRISK: And the cost?\n\n"
        "ASHE: Nobody knows the final cost yet.\n\n"
        "Lena Brisk hosts the Sunday programme."
    )
    claims = claims_by_text(extractor, text)
    answer = [t for t in claims if t.startswith("The harbour will reopen")]
    assert answer and answer[0].endswith("the fares will stay as they are"), claims
    assert not any("CROSSTALK" in t or "Sunday programme" in t for t in claims), claims


@pytest.mark.parametrize(
    "text",
    [
        # orders to the reader
        "Imagine the queues if the ferry stops in winter.",
        "Don't forget that the bridge toll doubles in May.",
        # the writer's own comment, with a curly apostrophe the lemmatizer leaves alone
        "Of course, it’s hardly surprising that the toll will rise again.",
    ],
)
def test_the_writers_own_voice_is_no_claim(extractor: OfflineExtractor, text: str) -> None:
    assert extractor.extract(text).claims == []


def test_a_source_named_inside_a_quotation_is_part_of_the_quoted_words(extractor: OfflineExtractor) -> None:
    text = (
        "The auditors found that the port lost money in 2019, and the report says the company "
        '"keeps forty accounts abroad, according to its own filings."'
    )
    claims = claims_by_text(extractor, text)
    assert "its own filings" not in claims.values(), claims
    assert claims.get('the company "keeps forty accounts abroad, according to its own filings."') == "the report"


def test_a_known_surname_before_a_claim_noun_owns_the_claim(extractor: OfflineExtractor) -> None:
    # the tagger's reading of "Brinn charges that ...": 'charges' a noun, the surname a common-noun compound
    words = ["Ada", "Brinn", "spoke", ".", "Brinn", "charges", "that", "the", "mill", "polluted", "the", "river", "."]
    heads = [1, 2, 2, 2, 5, 5, 9, 8, 9, 5, 11, 9, 5]
    deps = ["compound", "nsubj", "ROOT", "punct", "compound", "ROOT", "mark", "det", "nsubj", "acl", "det", "dobj"]
    deps += ["punct"]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "NOUN", "NOUN", "SCONJ", "DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"]
    lemmas = ["Ada", "Brinn", "speak", ".", "brinn", "charge", "that", "the", "mill", "pollute", "the", "river", "."]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 11
    doc = Doc(extractor.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents)
    claims = findings_from_doc(doc).claims
    assert [c.text for c in claims] == ["that the mill polluted the river"]
    assert "Brinn" in (claims[0].speaker or "")


def test_an_elaboration_hung_on_the_cue_stays_in_what_was_said(extractor: OfflineExtractor) -> None:
    # the parser attaches ", in particular ..." to "pointed", not to the object it narrows
    text = (
        "Mara Lind pointed to Oslo and Bergen's plan to draw firms from outside the Nordic region into the deal, "
        "in particular shipyards from Poland."
    )
    (claim,) = extractor.extract(text).claims
    assert claim.text.endswith("in particular shipyards from Poland")


def test_a_spokesman_named_after_his_principal_is_the_speaker(extractor: OfflineExtractor) -> None:
    # "Brandt" only modifies the head of the subject: the man speaking is Jason Miller
    text = (
        "Senator Paul Brandt spoke on Monday. Brandt campaign spokesman Jason Miller added, "
        "“The other camp has chased this game for years.”"
    )
    (claim,) = extractor.extract(text).claims
    assert claim.speaker == "Jason Miller"

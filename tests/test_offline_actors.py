"""Who counts as an actor in the offline analyser: titles split from names, places and weather words left out."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from explorer.actors import split_title
from explorer.offline import OfflineExtractor
from explorer.offline.actors_local import build_index
from explorer.offline.nlp import load_nlp


def actors_of(extractor: OfflineExtractor, text: str) -> dict[str, tuple[str, str | None]]:
    """Return each actor's name with its type and title."""
    return {a.name: (a.type, a.title) for a in extractor.extract(text).actors}


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Councillor Rui Okafor said the bins would be emptied on Fridays.", "Rui Okafor", "Councillor"),
        ("Superintendent Colin Reyes said officers had closed the pier.", "Colin Reyes", "Superintendent"),
        ("Chief Constable Ada Brisk said the force was ready for the match.", "Ada Brisk", "Chief Constable"),
        ("The plan was opposed by Alderman Tomasz Whitby on Tuesday.", "Tomasz Whitby", "Alderman"),
    ],
)
def test_a_title_is_split_from_the_name(extractor: OfflineExtractor, text: str, name: str, title: str) -> None:
    assert actors_of(extractor, text)[name] == ("person", title)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Councillor Rui Okafor", ("Rui Okafor", "Councillor")),
        ("Superintendent Colin Reyes", ("Colin Reyes", "Superintendent")),
        ("Cllr Mina Ferro", ("Mina Ferro", "Cllr")),
        ("Dean Smith", ("Dean Smith", None)),  # a given name that is also a title stays a name
    ],
)
def test_llm_actor_names_split_the_same_titles(written: str, expected: tuple[str, str | None]) -> None:
    assert split_title(written) == expected


def test_a_bare_surname_joins_the_titled_person_whatever_its_label(extractor: OfflineExtractor) -> None:
    text = (
        "Superintendent Colin Reyes said officers had closed the bridge. "
        "Reyes told reporters the closure would last a week."
    )
    findings = extractor.extract(text)
    assert [a.name for a in findings.actors] == ["Colin Reyes"]
    assert {c.speaker for c in findings.claims} == {"Colin Reyes"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Councillor Rui Okafor said the bins on Elm Street would be emptied on Fridays.", "Elm Street"),
        ("Mina Ferro said Baker Avenue would reopen after the repairs.", "Baker Avenue"),
        ("Traffic on Harbour Road was slow, Mina Ferro said.", "Harbour Road"),
        ("Mina Ferro said the Quayside Bridge would close for a month.", "Quayside Bridge"),
    ],
)
def test_streets_and_bridges_are_places_not_actors(extractor: OfflineExtractor, text: str, place: str) -> None:
    assert place not in actors_of(extractor, text)


def test_a_street_that_speaks_stays_an_actor(extractor: OfflineExtractor) -> None:
    text = "Downing Street said the minister would not resign."
    assert "Downing Street" in actors_of(extractor, text)


def test_a_weather_adjective_at_a_sentence_start_is_not_a_name(extractor: OfflineExtractor) -> None:
    text = "Sunny spells later will please shoppers in the market, the Met Office said. Rain returns on Sunday."
    assert "Sunny" not in actors_of(extractor, text)


def test_a_lower_case_modifier_is_no_title(extractor: OfflineExtractor) -> None:
    text = "Critics said top Ashe aides had ignored the fishermen. Tobin Ashe said the harbour would stay open."
    assert actors_of(extractor, text)["Tobin Ashe"] == ("person", None)


def test_a_party_adjective_at_a_sentence_start_still_names_the_party(extractor: OfflineExtractor) -> None:
    text = "Republican leaders met on Monday. Mara Quell said the harbour bill would pass."
    assert "Republican" in actors_of(extractor, text) or "Republicans" in actors_of(extractor, text)


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # an appositive that names no role is not a title: what the sentence says next to the name
        ("Voters who backed Mara Lind, the expectations of the harbour towns, went home.", "Mara Lind", None),
        ("The council heard Tomas Berg, several hundred fishermen and their families.", "Tomas Berg", None),
        ("Anna Hollis, 12 percent in the latest poll, said she would stay in the race.", "Anna Hollis", None),
        # a role noun heads the appositive: the title stops before the clause that describes it further
        (
            "Anna Hollis, a historian who has written on the port, said the plan was sound.",
            "Anna Hollis",
            "a historian",
        ),
        ("Tomas Berg, his wife, said the house was sold.", "Tomas Berg", "his wife"),
        (
            "Anna Hollis, the chair of the Harbour Trust, which owns the quay, said the deal was fair.",
            "Anna Hollis",
            "the chair of the Harbour Trust",
        ),
        ("Oskar Lamm, a shipping investor, said the quay was too short.", "Oskar Lamm", "a shipping investor"),
        # a run before the name drops the clause opener; a role held for someone else is not their title
        ("But Harbour Commissioner Petra Quist said the plan was sound.", "Petra Quist", "Harbour Commissioner"),
        ("A spokeswoman for Mara Lind said the quay would reopen.", "Mara Lind", None),
        ("A spokesman for Harbour Commissioner Petra Quist said it would.", "Petra Quist", "Harbour Commissioner"),
    ],
)
def test_a_title_is_a_role_not_any_phrase_next_to_the_name(
    extractor: OfflineExtractor, text: str, name: str, title: str | None
) -> None:
    assert actors_of(extractor, text)[name] == ("person", title)


def test_a_common_noun_at_the_head_of_a_name_makes_it_no_person(extractor: OfflineExtractor) -> None:
    # the NER calls 'Harlow Coal' a person; the text writes 'coal' in lower case, so it names a thing
    text = "Harlow Coal said the mine would close. The coal was sold abroad, Petra Quist said."
    assert actors_of(extractor, text)["Harlow Coal"] == ("organization", None)


def test_a_lower_case_head_is_no_proper_subject(extractor: OfflineExtractor) -> None:
    text = "Our super PAC tally shows the gap, Tomas Berg said."
    assert [name for name, (kind, _) in actors_of(extractor, text).items() if kind == "person"] == ["Tomas Berg"]


def test_a_headline_word_next_to_a_name_is_cut_from_it() -> None:
    # the NER reads a title-cased headline's 'Lind Speech' as a person; the article names Mara Lind
    doc = load_nlp()("Lind Speech Divides Harbour Town\nMara Lind gave a speech on Monday about the quay.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 6, 8, label="PERSON")]
    index = build_index(doc)
    assert [a.name for a in index.actors.values() if a.type == "person"] == ["Mara Lind"]
    assert index.name_at(0) == "Mara Lind"


def entities(text: str, *names: str) -> dict[str, str]:
    """Return actor name -> type for a text whose NER found the given person entities (and nothing else)."""
    doc, start, spans = load_nlp()(text), 0, []
    for name in names:  # each found after the one before
        start = text.index(name, start)
        spans.append(doc.char_span(start, start + len(name)))
        start += len(name)
    doc.ents = [Span(doc, s.start, s.end, label="PERSON") for s in spans if s is not None]
    return {a.name: a.type for a in build_index(doc).actors.values()}


def test_a_body_named_after_a_person_is_an_organisation() -> None:
    text = "The Mara Lind Harbour Foundation gave the town a boat. Mara Lind thanked the crew."
    assert entities(text, "Mara Lind Harbour Foundation", "Mara Lind") == {
        "Mara Lind Harbour Foundation": "organization",
        "Mara Lind": "person",
    }


def test_what_belongs_to_a_person_is_cut_from_their_name() -> None:
    text = "Critics said Mara Lind's Harbour Plan would cost too much."
    assert entities(text, "Mara Lind's Harbour Plan") == {"Mara Lind": "person"}


def test_the_first_word_of_such_an_organisation_alone_is_the_organisation() -> None:
    text = "Harlow Coal said the mine would close. The coal was sold abroad. Harlow denied it, Mara Lind said."
    found = entities(text, "Harlow Coal", "Harlow", "Mara Lind")
    assert (found["Harlow Coal"], found["Harlow"], found["Mara Lind"]) == ("organization", "organization", "person")


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Talks with Mali ended on Monday, Mara Lind said.", ("Mali", "Mara Lind"), {"Mali": "country"}),
        # a person bears the name here: the bare word is that person
        ("Chad Okoro said the talks ended. Chad added that he was tired.", ("Chad Okoro", "Chad"), {}),
    ],
)
def test_a_lone_country_name_is_the_country(text: str, names: tuple[str, ...], expected: dict[str, str]) -> None:
    found = entities(text, *names)
    assert {n: t for n, t in found.items() if t == "country"} == expected

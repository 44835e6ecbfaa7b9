"""Corpora in the corpus output contract's layout, written with pyarrow from team-written articles."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from explorer.analysis import Analysis
from explorer.findings import Actor, ActorType, Claim, QuoteKind, Stance, StanceKind

TYPES = {
    "Mara Lind": "person",
    "Tomas Berg": "person",
    "Ilse Varga": "person",
    "Port Authority": "organization",
    "Quay Residents": "group",
    "Norway": "country",
    "Harbour Workers' Union": "organization",
    "Transport Ministry": "organization",
}


@dataclass
class Said:
    """One sentence of a test article: who says it, how, and whom it is for or against."""

    speaker: str | None
    words: str
    quote: QuoteKind = "direct"
    about: str | None = None
    stance: StanceKind = "neutral"


@dataclass
class Story:
    """One test article: metadata and what is said in it, in order."""

    article_id: str
    title: str
    outlet: str | None
    date: str | None
    said: list[Said] = field(default_factory=list)


def analysis_of(story: Story) -> Analysis:
    """Return the Analysis of a story, with every span located in its text."""
    text, claims, stances, mentions = "", [], [], {}
    for said in story.said:
        sentence = _sentence(said)
        start = len(text) + sentence.index(said.words)
        claim_span = (start, start + len(said.words))
        if said.speaker:
            at = len(text) + sentence.index(said.speaker)
            mentions.setdefault(said.speaker, []).append((at, at + len(said.speaker)))
        claims.append(Claim(speaker=said.speaker, text=said.words, span=claim_span, quote=said.quote, cue="said"))
        if said.speaker and said.about:
            stances.append(
                Stance(source=said.speaker, target=said.about, stance=said.stance, evidence=said.words, span=claim_span)
            )
        text += sentence + " "
    actors = [Actor(name=n, type=_type(n), mentions=spans) for n, spans in mentions.items()]
    return Analysis(
        title=story.title, text=text.strip(), backend="offline", actors=actors, claims=claims, stances=stances
    )


def _sentence(said: Said) -> str:
    speaker = said.speaker or "A spokesperson who would not be named"
    if said.quote == "direct":
        return f"“{said.words},” said {speaker}."
    return f"{speaker} said that {said.words}."


def _type(name: str) -> ActorType:
    return TYPES.get(name, "person")  # type: ignore[return-value]  # every other test speaker is a person


def write_corpus(folder: Path, stories: list[Story], failed: list[tuple[str, str]] | None = None) -> Path:
    """Write stories (and failed sources) as one part per table in the contract's layout; return folder."""
    analyses = {s.article_id: analysis_of(s) for s in stories}
    tables = {
        "articles": [_article_row(s, analyses[s.article_id]) for s in stories],
        "actors": [_actor_row(s.article_id, a) for s in stories for a in analyses[s.article_id].actors],
        "mentions": [
            {"article_id": s.article_id, "actor": a.name, "start": m[0], "end": m[1]}
            for s in stories
            for a in analyses[s.article_id].actors
            for m in a.mentions
        ],
        "claims": [
            _claim_row(s.article_id, i, c) for s in stories for i, c in enumerate(analyses[s.article_id].claims)
        ],
        "stances": [_stance_row(s.article_id, st) for s in stories for st in analyses[s.article_id].stances],
        "failures": [
            {"article_id": aid, "source": f"{aid}.txt", "reason": reason, "attempt": 1, "at": "2025-06-01T10:00:00"}
            for aid, reason in failed or []
        ],
    }
    for name, rows in tables.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[name]), folder / name / "part-00000.parquet")
    counts = {name: len(rows) for name, rows in tables.items() if name != "mentions"}
    counts["failed"] = counts.pop("failures")
    manifest = {"schema_version": 1, "backend": {"backend": "offline"}, "counts": counts, "created": "", "updated": ""}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def _article_row(story: Story, analysis: Analysis) -> dict[str, object]:
    return {
        "article_id": story.article_id,
        "title": story.title,
        "date": story.date,
        "url": None,
        "outlet": story.outlet,
        "source": f"{story.article_id}.txt",
        "text": analysis.text,
        "words": len(analysis.text.split()),
        "backend": "offline",
        "analysis_json": analysis.model_dump_json(),
    }


def _actor_row(article_id: str, actor: Actor) -> dict[str, object]:
    return {
        "article_id": article_id,
        "name": actor.name,
        "type": actor.type,
        "title": actor.title,
        "aliases": actor.aliases,
        "mentions": len(actor.mentions),
    }


def _claim_row(article_id: str, index: int, claim: Claim) -> dict[str, object]:
    return {
        "article_id": article_id,
        "claim_index": index,
        "speaker": claim.speaker,
        "speaker_type": _type(claim.speaker) if claim.speaker else None,
        "text": claim.text,
        "quote": claim.quote,
        "cue": claim.cue,
        "start": claim.span[0] if claim.span else None,
        "end": claim.span[1] if claim.span else None,
        "grounded": claim.grounded,
    }


def _stance_row(article_id: str, stance: Stance) -> dict[str, object]:
    return {
        "article_id": article_id,
        "source": stance.source,
        "target": stance.target,
        "stance": stance.stance,
        "evidence": stance.evidence,
        "confidence": stance.confidence,
        "start": stance.span[0] if stance.span else None,
        "end": stance.span[1] if stance.span else None,
    }


_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
SCHEMAS = {
    "articles": pa.schema(
        [
            ("article_id", _S),
            ("title", _S),
            ("date", _S),
            ("url", _S),
            ("outlet", _S),
            ("source", _S),
            ("text", _S),
            ("words", _I),
            ("backend", _S),
            ("analysis_json", _S),
        ]
    ),
    "actors": pa.schema(
        [("article_id", _S), ("name", _S), ("type", _S), ("title", _S), ("aliases", pa.list_(_S)), ("mentions", _I)]
    ),
    "mentions": pa.schema([("article_id", _S), ("actor", _S), ("start", _I), ("end", _I)]),
    "claims": pa.schema(
        [
            ("article_id", _S),
            ("claim_index", _I),
            ("speaker", _S),
            ("speaker_type", _S),
            ("text", _S),
            ("quote", _S),
            ("cue", _S),
            ("start", _I),
            ("end", _I),
            ("grounded", _B),
        ]
    ),
    "stances": pa.schema(
        [
            ("article_id", _S),
            ("source", _S),
            ("target", _S),
            ("stance", _S),
            ("evidence", _S),
            ("confidence", _F),
            ("start", _I),
            ("end", _I),
        ]
    ),
    "failures": pa.schema([("article_id", _S), ("source", _S), ("reason", _S), ("attempt", _I), ("at", _S)]),
}


def harbour_stories() -> list[Story]:
    """Return six team-written articles from two outlets (and one of unknown outlet) over half a year."""
    lind, berg, varga, port, quay = "Mara Lind", "Tomas Berg", "Ilse Varga", "Port Authority", "Quay Residents"
    return [
        Story(
            "a1",
            "Harbour plan splits the town",
            "Coast Herald",
            "2025-01-14",
            [
                Said(lind, "The harbour plan will cost the town its fishing fleet", about=berg, stance="against"),
                Said(lind, "the union will fight the plan in court", "indirect"),
                Said(berg, "We have listened to every objection", about=lind, stance="against"),
            ],
        ),
        Story(
            "a2",
            "Dockworkers march on the port office",
            "Coast Herald",
            "2025-02-03T08:30:00",
            [
                Said(lind, "Nobody voted for this plan", about=berg, stance="against"),
                Said(lind, "the march was the largest in ten years", "indirect"),
                Said(lind, "We will be back every week"),
                Said(None, "the police counted fewer marchers", "indirect"),
            ],
        ),
        Story(
            "a3",
            "Councillor backs the fleet",
            "Bay Courier",
            "2025-03-20",
            [
                Said(varga, "Mara Lind speaks for the families on the quay", about=lind, stance="favor"),
                Said(quay, "the residents were never consulted", "indirect", about=port, stance="against"),
                Said(berg, "the consultation lasted six months", "indirect"),
            ],
        ),
        Story(
            "a4",
            "Port Authority publishes its figures",
            "Bay Courier",
            "2025-04-02",
            [
                Said(port, "The new quay will create four hundred jobs"),
                Said(berg, "the figures were checked by an outside firm", "indirect", about=port, stance="favor"),
            ],
        ),
        Story(
            "a5",
            "Union leader meets the minister",
            None,
            "2025-05-11",
            [Said(lind, "the minister promised to read the objections", "indirect", about=berg, stance="against")],
        ),
        Story("a6", "Tide tables for the summer", "Coast Herald", None, []),
    ]

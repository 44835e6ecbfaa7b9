"""User corrections to the actor table, applied to an Analysis so every view and export follows."""

from __future__ import annotations

from pydantic import BaseModel

from .analysis import Analysis
from .findings import Actor, ActorType, Claim, Stance
from .names import ACTOR_TYPES

_ACTOR_TYPES: dict[str, ActorType] = {t: t for t in ACTOR_TYPES}


class ActorEdit(BaseModel):
    """One row of the edited actor table: what the user wants actor `original` to become."""

    original: str
    name: str
    type: ActorType
    title: str | None = None
    merge_into: str | None = None
    delete: bool = False


def edits_from_rows(rows: list[dict[str, object]]) -> list[ActorEdit]:
    """Return edits from table rows, skipping rows without an original name; blank names keep the original."""
    edits = []
    for row in rows:
        original = str(row.get("original") or "").strip()
        if not original:
            continue
        name = str(row.get("name") or "").strip() or original
        merge = str(row.get("merge_into") or "").strip() or None
        title = str(row.get("title") or "").strip() or None
        kind = _ACTOR_TYPES.get(str(row.get("type")), "other")
        edits.append(
            ActorEdit(
                original=original, name=name, type=kind, title=title, merge_into=merge, delete=bool(row.get("delete"))
            )
        )
    return edits


def apply_actor_edits(analysis: Analysis, edits: list[ActorEdit]) -> Analysis:
    """Return a copy of analysis with actors renamed, retyped, merged or deleted as edited."""
    by_original = {e.original: e for e in edits}
    final = _final_names(analysis, by_original)
    actors: dict[str, Actor] = {}
    merged_last = sorted(analysis.actors, key=lambda a: bool(a.name in by_original and by_original[a.name].merge_into))
    for actor in merged_last:  # an actor merged into another folds into that one's own (edited) entry
        target = final.get(actor.name, actor.name)
        if target is None:
            continue
        edit = by_original.get(actor.name)
        actors[target] = _combine(actors.get(target), actor, target, edit)
    claims = [_renamed_claim(c, final) for c in analysis.claims]
    stances = [s for s in (_renamed_stance(s, final) for s in analysis.stances) if s is not None]
    ordered = sorted(actors.values(), key=lambda a: min((m[0] for m in a.mentions), default=len(analysis.text)))
    return analysis.model_copy(update={"actors": ordered, "claims": claims, "stances": stances})


def _final_names(analysis: Analysis, edits: dict[str, ActorEdit]) -> dict[str, str | None]:
    """Return each actor's final name (None when deleted), following merges to their end."""
    renamed = {a.name: (edits[a.name].name if a.name in edits else a.name) for a in analysis.actors}
    final: dict[str, str | None] = {}
    for name in renamed:
        seen, current = set(), name
        while current in edits and edits[current].merge_into and current not in seen:
            seen.add(current)
            current = edits[current].merge_into  # type: ignore[assignment]
        # merged into a deleted actor means deleted with it: the deleted one must not come back under its name
        deleted = any(n in edits and edits[n].delete for n in (name, current))
        final[name] = None if deleted else renamed.get(current, current)
    return final


def _combine(into: Actor | None, actor: Actor, name: str, edit: ActorEdit | None) -> Actor:
    own = actor.model_copy(
        update={
            "name": name,
            "type": edit.type if edit and not edit.merge_into else actor.type,
            "title": (edit.title if edit and not edit.merge_into else actor.title),
            "aliases": sorted({*actor.aliases, *([actor.name] if actor.name != name else [])}),
        }
    )
    if into is None:
        return own
    aliases = sorted({*into.aliases, *own.aliases, own.name} - {name})
    mentions = sorted({*map(tuple, into.mentions), *map(tuple, own.mentions)})
    return into.model_copy(update={"aliases": aliases, "mentions": mentions, "title": into.title or own.title})


def _renamed_claim(claim: Claim, final: dict[str, str | None]) -> Claim:
    if claim.speaker not in final:
        return claim
    speaker = final[claim.speaker]
    return claim.model_copy(update={"speaker": speaker, "speaker_span": claim.speaker_span if speaker else None})


def _renamed_stance(stance: Stance, final: dict[str, str | None]) -> Stance | None:
    source = final.get(stance.source, stance.source)
    target = final.get(stance.target, stance.target)
    if source is None or target is None:
        return None
    if source == target and stance.source != stance.target:  # two sides merged into one: no stance left
        return None
    return stance.model_copy(update={"source": source, "target": target})

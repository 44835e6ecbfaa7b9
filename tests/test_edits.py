"""Corrections to the actor table flow into claims, stances and exports."""

from __future__ import annotations

import pytest

from explorer.analysis import Analysis
from explorer.edits import ActorEdit, apply_actor_edits, edits_from_rows
from explorer.findings import Actor, Claim, Stance

TEXT = "Mara Lind met Tom Berg. Lind said the quay is unsafe. Berg disagreed."


@pytest.fixture
def analysis() -> Analysis:
    return Analysis(
        text=TEXT,
        backend="offline",
        actors=[
            Actor(name="Mara Lind", type="person", mentions=[(0, 9)]),
            Actor(name="Tom Berg", type="organization", mentions=[(14, 22), (54, 58)]),
            Actor(name="Lind", type="person", mentions=[(24, 28)]),
        ],
        claims=[Claim(speaker="Lind", text="the quay is unsafe", span=(34, 52), cue="said")],
        stances=[Stance(source="Tom Berg", target="Lind", stance="against", evidence="Berg disagreed", span=(54, 68))],
    )


def edit(original: str, **changes) -> ActorEdit:
    return ActorEdit(**{"original": original, "name": original, "type": "person", **changes})


def test_merging_moves_mentions_aliases_claims_and_stances(analysis: Analysis) -> None:
    merged = apply_actor_edits(analysis, [edit("Lind", merge_into="Mara Lind")])
    lind = next(a for a in merged.actors if a.name == "Mara Lind")
    assert lind.mentions == [(0, 9), (24, 28)] and "Lind" in lind.aliases
    assert [a.name for a in merged.actors] == ["Mara Lind", "Tom Berg"]
    assert merged.claims[0].speaker == "Mara Lind"
    assert merged.stances[0].target == "Mara Lind"


def test_renaming_and_retyping_reach_every_reference(analysis: Analysis) -> None:
    renamed = apply_actor_edits(analysis, [edit("Tom Berg", name="Tomas Berg", type="person", title="port chief")])
    berg = next(a for a in renamed.actors if a.name == "Tomas Berg")
    assert (berg.type, berg.title, berg.aliases) == ("person", "port chief", ["Tom Berg"])
    assert renamed.stances[0].source == "Tomas Berg"


def test_deleting_a_false_actor_unattributes_its_claims_and_drops_its_stances(analysis: Analysis) -> None:
    pruned = apply_actor_edits(analysis, [edit("Lind", delete=True)])
    assert "Lind" not in [a.name for a in pruned.actors]
    assert pruned.claims[0].speaker is None and pruned.claims[0].speaker_span is None
    assert pruned.stances == []


def test_a_merge_chain_follows_to_its_end_and_the_original_is_untouched(analysis: Analysis) -> None:
    edits = [edit("Lind", merge_into="Mara Lind"), edit("Mara Lind", name="Mara K. Lind")]
    result = apply_actor_edits(analysis, edits)
    assert result.claims[0].speaker == "Mara K. Lind"
    assert analysis.claims[0].speaker == "Lind"


def test_merging_an_actor_into_its_stance_partner_drops_the_self_stance(analysis: Analysis) -> None:
    assert apply_actor_edits(analysis, [edit("Tom Berg", merge_into="Lind")]).stances == []


def test_a_speaker_defending_themselves_keeps_that_stance_through_an_edit(analysis: Analysis) -> None:
    defence = Stance(source="Tom Berg", target="Tom Berg", stance="favor", evidence="Berg disagreed", span=(54, 68))
    own = analysis.model_copy(update={"stances": [defence]})
    edited = apply_actor_edits(own, [edit("Tom Berg", name="Tomas Berg")])
    assert [(s.source, s.target) for s in edited.stances] == [("Tomas Berg", "Tomas Berg")]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"original": "Lind", "name": "", "type": "person"}, ("Lind", "person", None)),
        ({"original": "Lind", "name": " Mara ", "type": "alien", "title": "  "}, ("Mara", "other", None)),
        (
            {"original": "Lind", "name": "Lind", "type": "group", "merge_into": "Mara Lind"},
            ("Lind", "group", "Mara Lind"),
        ),
    ],
)
def test_table_rows_become_clean_edits(row, expected) -> None:
    (made,) = edits_from_rows([row])
    assert (made.name, made.type, made.merge_into if made.merge_into else made.title) == expected


def test_rows_without_an_original_name_are_skipped() -> None:
    assert edits_from_rows([{"original": "", "name": "x"}, {"name": "y"}]) == []


def test_merging_into_an_actor_mentioned_later_keeps_the_target_type_and_edit(analysis: Analysis) -> None:
    edits = [edit("Mara Lind", merge_into="Lind", type="person"), edit("Lind", type="group", title="union chair")]
    merged = apply_actor_edits(analysis, edits)
    (lind,) = [a for a in merged.actors if a.name == "Lind"]
    assert (lind.type, lind.title) == ("group", "union chair")
    assert (0, 9) in lind.mentions and "Mara Lind" in lind.aliases


def test_merging_into_a_deleted_actor_does_not_bring_it_back(analysis: Analysis) -> None:
    edits = [edit("Lind", merge_into="Mara Lind"), edit("Mara Lind", delete=True)]
    result = apply_actor_edits(analysis, edits)
    assert [a.name for a in result.actors] == ["Tom Berg"]
    assert result.claims[0].speaker is None and result.stances == []

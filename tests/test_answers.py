"""Whatever JSON a model answers, the result is a valid analysis or one section failed with a clear reason."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer import analyse_article, load_settings
from explorer.export import analysis_json, markdown_report
from tests.fake_openai import FakeOpenAI, Reply

ARTICLE = "Mara Lind said the quay is unsafe. Tom Berg criticised Lind on Tuesday."

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
)
names = st.sampled_from(["Mara Lind", "Tom Berg", "", "  ", "\n", "Lind"]) | st.text(max_size=10) | json_values


def items(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[list[Any]]:
    """Lists of objects shaped like schema items, any field possibly missing or of the wrong type."""
    shaped = st.fixed_dictionaries({}, optional=fields)
    return st.lists(shaped | json_values, max_size=3)


schema_like = st.fixed_dictionaries(
    {},
    optional={
        "actors": items(
            {
                "name": names,
                "type": st.sampled_from(["person", "country", "alien"]) | json_values,
                "title": st.none() | names,
                "aliases": st.lists(names, max_size=2) | json_values,
            }
        ),
        "claims": items(
            {
                "speaker": st.none() | names,
                "speaker_mention": st.none() | names,
                "text": st.sampled_from(["the quay is unsafe", "", "invented"]) | json_values,
                "quote": st.sampled_from(["direct", "indirect"]) | json_values,
                "cue": st.none() | st.just("said") | json_values,
            }
        ),
        "stances": items(
            {
                "source": names,
                "target": names,
                "stance": st.sampled_from(["favor", "against", "neutral"]) | json_values,
                "evidence": st.sampled_from(["criticised", ""]) | json_values,
                "confidence": st.floats() | st.integers() | json_values,
            }
        ),
    },
)
answers = (schema_like | json_values).map(json.dumps) | st.text(max_size=40)  # json.dumps writes NaN, Infinity


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=answers)
def test_any_answer_gives_a_valid_analysis_or_a_clearly_failed_section(fake_llm: FakeOpenAI, answer: str) -> None:
    fake_llm.default = lambda request: Reply(content=answer)
    with tempfile.TemporaryDirectory() as home:
        config = load_settings(
            env={}, backend="openai", base_url=fake_llm.base_url, api_key="k", max_retries=0, home=Path(home)
        )
        analysis = analyse_article(ARTICLE, "Quay", config)
    [section] = analysis.sections
    if section.status == "failed":
        assert section.error and section.error.startswith("Section 1: The model") and "\n" not in section.error
        return
    assert all(a.name.strip() for a in analysis.actors)
    assert all(s.source.strip() and s.target.strip() and 0 <= s.confidence <= 1 for s in analysis.stances)
    assert all(c.speaker is None or c.speaker.strip() for c in analysis.claims)
    json.loads(analysis_json(analysis), parse_constant=lambda name: (_ for _ in ()).throw(AssertionError(name)))
    assert markdown_report(analysis).startswith("# Quay")
    assert set(analysis.frames()) == {"actors", "claims", "stances", "sections"}


def test_blank_names_are_dropped_and_nan_confidence_becomes_neutral() -> None:
    from explorer.schema import SectionExtraction

    answer = """{"actors": [{"name": " ", "type": "person", "title": null, "aliases": []},
                            {"name": " Mara Lind ", "type": "person", "title": "  ", "aliases": []}],
                 "claims": [{"speaker": "\\t", "speaker_mention": null, "text": "the quay is unsafe",
                             "quote": "indirect", "cue": "said"},
                            {"speaker": "Mara Lind", "speaker_mention": null, "text": "  ", "quote": "direct",
                             "cue": null}],
                 "stances": [{"source": "Tom Berg", "target": "", "stance": "against", "evidence": "x",
                              "confidence": 0.9},
                             {"source": "Tom Berg", "target": "Mara Lind", "stance": "against",
                              "evidence": "criticised", "confidence": NaN}]}"""
    parsed = SectionExtraction.model_validate_json(answer)
    assert [(a.name, a.title) for a in parsed.actors] == [("Mara Lind", None)]
    assert [(c.speaker, c.text) for c in parsed.claims] == [(None, "the quay is unsafe")]
    assert [(s.target, s.confidence) for s in parsed.stances] == [("Mara Lind", 0.5)]

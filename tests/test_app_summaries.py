"""Summary and Compare tabs: versions survive a restart; two versions compare side by side."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer.prompts import prompt_dir
from tests.test_app import APP, blocks, open_tab
from ui import checks as checks_module

EDIT = "Park Ji-won says Tokyo is using trade as a political weapon. "


@pytest.fixture
def home(no_llm_env: Path) -> Path:
    """An empty EXPLORER_HOME and no LLM settings in the environment."""
    return no_llm_env


def summarised(home: Path) -> AppTest:
    """The app after analysing the sample, generating a summary and saving an edited version."""
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.button(key="load_sample").click().run()
    at.button(key="analyse").click().run()
    open_tab(at, "Summary")
    at.button(key="generate_summary").click().run()
    editor = next(t for t in at.text_area if t.key.startswith("summary_text"))
    editor.set_value(EDIT + editor.value).run()
    at.button(key="save_summary").click().run()
    assert not at.exception and not at.error
    return at


def version_names(at: AppTest) -> list[str]:
    return list(at.selectbox(key="summary_pick").options)


def test_generated_and_edited_versions_survive_a_restart(home: Path) -> None:
    first = summarised(home)
    assert len(version_names(first)) == 2
    restarted = AppTest.from_file(str(APP), default_timeout=60).run()
    restarted.button(key="history_open").click().run()
    open_tab(restarted, "Summary")
    names = version_names(restarted)
    assert len(names) == 2 and any(n.startswith("edited") for n in names)
    editor = next(t for t in restarted.text_area if t.key.startswith("summary_text"))
    assert editor.value.startswith(EDIT)


def test_versions_can_be_renamed_restored_and_deleted(home: Path) -> None:
    at = summarised(home)
    pick = at.selectbox(key="summary_pick")
    generated = pick.options[-1]
    pick.select_index(len(pick.options) - 1)
    at.text_input(key="summary_new_name").set_value("Wire brief").run()
    at.button(key="summary_rename").click().run()
    assert any(n.startswith("Wire brief") for n in version_names(at)) and generated not in version_names(at)
    pick = at.selectbox(key="summary_pick")
    pick.select_index(len(pick.options) - 1)
    at.button(key="summary_restore").click().run()
    editor = next(t for t in at.text_area if t.key.startswith("summary_text"))
    assert not editor.value.startswith(EDIT)
    at.button(key="summary_delete").click().run()
    assert len(version_names(at)) == 1


def test_compare_tab_shows_diff_metrics_and_flags_for_two_versions(home: Path) -> None:
    at = summarised(home)
    open_tab(at, "Compare")
    assert not at.exception
    diffs = [h.proto.body for h in blocks(at.main, "html") if "summary-diff" in h.proto.body]
    assert len(diffs) == 2
    assert "<ins" in diffs[1] and "political weapon" in diffs[1]
    metrics = [frame.value for frame in at.dataframe if "measure" in frame.value.columns]
    assert len(metrics) == 2
    assert all("Compression" in m["measure"].tolist() and "Claims covered" in m["measure"].tolist() for m in metrics)
    assert at.get("download_button") and any(b.key == "download_comparison" for b in at.get("download_button"))


def test_a_missing_summary_prompt_is_shown_as_an_error(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.button(key="load_sample").click().run()
    at.button(key="analyse").click().run()
    open_tab(at, "Summary")
    prompts = home / "prompts"
    shutil.copytree(prompt_dir(), prompts)
    (prompts / "summary_system.md").unlink()
    monkeypatch.setenv("EXPLORER_PROMPTS", str(prompts))
    at.radio(key="backend").set_value("OpenAI-compatible LLM").run()
    at.button(key="generate_summary").click().run()
    assert not at.exception
    assert [e.value for e in at.error] and "summary_system.md does not exist" in at.error[0].value.replace("\\", "")


def test_reruns_reuse_the_summary_checks_of_the_session(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = summarised(home)
    open_tab(at, "Compare")
    checks: list[str] = []
    real = checks_module.check_summary
    monkeypatch.setattr(
        checks_module, "check_summary", lambda a, text, review=None: checks.append(text) or real(a, text)
    )
    at.run()
    open_tab(at, "Summary")
    at.run()
    assert not at.exception and checks == []


def test_an_emptied_summary_is_not_reported_as_fully_attributed(home: Path) -> None:
    at = summarised(home)
    editor = next(t for t in at.text_area if t.key.startswith("summary_text"))
    editor.set_value("   \n").run()
    assert not at.exception
    assert any("summary is empty" in i.value for i in at.info)
    assert not any("every sentence keeps its attribution" in s.value for s in at.success)

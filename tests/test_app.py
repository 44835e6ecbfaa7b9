"""The Streamlit page, driven in-process with AppTest: real engine, real SQLite, fake only the HTTP endpoint."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from explorer.sample import load_sample
from explorer.storage import CacheStats, Store
from tests.articles import long_article
from tests.fake_openai import FakeOpenAI, Reply
from tests.llm_replies import faithful_reply

APP = Path(__file__).resolve().parents[1] / "app.py"
CHARTS = ["chart_prominence", "chart_matrix", "chart_flow", "chart_network"]
DOWNLOADS = ["download_actors", "download_claims", "download_stances", "download_json", "download_xlsx", "download_md"]


class _KeptStorage(MemoryMediaFileStorage):
    """The in-memory media storage AppTest makes for each run, kept so a test can read what a download serves."""

    last: _KeptStorage | None = None

    def __init__(self, media_endpoint: str) -> None:
        super().__init__(media_endpoint)
        _KeptStorage.last = self


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty EXPLORER_HOME and no LLM settings in the environment."""
    monkeypatch.setenv("EXPLORER_HOME", str(tmp_path))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "EXPLORER_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", _KeptStorage)
    return tmp_path


@pytest.fixture
def app(home: Path) -> AppTest:
    """The page after its first load."""
    return AppTest.from_file(str(APP), default_timeout=60).run()


@pytest.fixture
def analysed(app: AppTest) -> AppTest:
    """The page after analysing the sample article offline."""
    app.button(key="load_sample").click().run()
    app.button(key="analyse").click().run()
    assert not app.exception and not app.error
    return app


@pytest.fixture
def llm_server() -> Iterator[FakeOpenAI]:
    """A loopback OpenAI-compatible endpoint answering every section faithfully."""
    with FakeOpenAI() as server:
        server.default = faithful_reply
        yield server


def open_tab(at: AppTest, name: str) -> AppTest:
    """Switch the result tabs the way a click does."""
    at.session_state["view"] = name
    return at.run()


def blocks(node: Any, kind: str) -> list[Any]:
    """Return every element or block of one proto type under node, in page order."""
    found = [node] if getattr(node, "type", None) == kind else []
    for child in getattr(node, "children", {}).values():
        found += blocks(child, kind)
    return found


def tab(at: AppTest, name: str) -> Any:
    """Return the result tab with this label."""
    return next(t for t in blocks(at.main, "tab") if t.label == name)


def metrics(at: AppTest) -> dict[str, str]:
    """Return the metrics on the page by label (the last one wins)."""
    return {m.label: m.value for m in at.metric}


def chart_data(at: AppTest, key: str) -> pd.DataFrame:
    """Return the rows a Vega-Lite chart on the page was sent."""
    chart = next(c for c in at.get("vega_lite_chart") if c.key == key)
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets]
    return pd.concat(frames, ignore_index=True)


def downloaded(at: AppTest, key: str) -> bytes:
    """Return the bytes a download button serves."""
    url = at.download_button(key=key).proto.url
    assert _KeptStorage.last is not None
    return _KeptStorage.last.get_file(url.rsplit("/", 1)[-1]).content


def downloaded_csv(at: AppTest, key: str) -> pd.DataFrame:
    """Return a CSV download as a table (empty cells stay empty strings)."""
    return pd.read_csv(io.BytesIO(downloaded(at, key)), keep_default_na=False, encoding="utf-8-sig")


def cache_stats(home: Path) -> CacheStats:
    """Return the section cache's size as the sidebar reports it."""
    store = Store(home / "explorer.sqlite3")
    try:
        return store.cache.stats()
    finally:
        store.close()


def status_labels(at: AppTest) -> list[str]:
    """Return the labels of the run status boxes on the page."""
    return [s.label for s in blocks(at.main, "status")]


def use_llm(at: AppTest, base_url: str) -> AppTest:
    """Point the sidebar at an OpenAI-compatible endpoint the way a user types it in."""
    at.radio(key="backend").set_value("OpenAI-compatible LLM").run()
    at.selectbox(key="preset").set_value("Custom URL").run()
    at.text_input(key="base_url_Custom URL").input(base_url)
    at.text_input(key="model").input("fake-model")
    at.text_input(key="api_key").input("sk-test-dummy")
    at.number_input(key="section_tokens").set_value(100)
    return at.run()


def test_first_load_offers_the_sample_and_the_offline_backend(app: AppTest) -> None:
    assert not app.exception
    assert app.button(key="analyse").label == "Analyse article"
    assert app.button(key="load_sample").label == "Load sample article"
    assert app.radio(key="backend").value == "Offline analyser"
    assert not blocks(app.main, "tab_container"), "no results before an analysis"


def test_sample_analysis_fills_overview_claims_and_stances(analysed: AppTest) -> None:
    assert any(label.startswith("Done:") for label in status_labels(analysed))
    shown = metrics(analysed)
    assert int(shown["Actors"]) > 0 and int(shown["Claims"]) > 0
    assert sorted(c.key for c in analysed.get("vega_lite_chart")) == sorted(CHARTS)

    open_tab(analysed, "Claims")
    claims = tab(analysed, "Claims").dataframe[0].value
    assert len(claims) == int(shown["Claims"])
    assert "speaker" in claims.columns and claims["speaker"].str.strip().astype(bool).any()

    open_tab(analysed, "Stances")
    stances = tab(analysed, "Stances").dataframe[0].value
    assert len(stances) == int(shown["Stances"])
    assert {"source", "target", "stance"} <= set(stances.columns)
    assert not analysed.exception


def test_neutral_stances_are_hidden_until_switched_on(analysed: AppTest) -> None:
    found = analysed.session_state["analysis"].stances
    sided = [s for s in found if s.stance != "neutral"]
    assert len(sided) < len(found), "the sample article has neutral mentions"
    stances = next(m for m in analysed.metric if m.label == "Stances")
    hidden = len(found) - len(sided)
    assert (stances.value, stances.help) == (str(len(sided)), f"{hidden} neutral mentions hidden"), "the run said more"

    open_tab(analysed, "Stances")
    assert set(tab(analysed, "Stances").dataframe[0].value["stance"]) <= {"favor", "against"}
    analysed.toggle(key="show_neutral").set_value(True).run()
    shown = tab(analysed, "Stances").dataframe[0].value
    assert len(shown) == len(found) and "neutral" in set(shown["stance"])

    open_tab(analysed, "Overview")
    assert analysed.toggle(key="show_neutral").value, "the choice carries over to the Overview"
    assert int(metrics(analysed)["Stances"]) == len(found)


def test_export_tab_serves_the_claims_the_engine_found(analysed: AppTest) -> None:
    open_tab(analysed, "Export")
    assert not analysed.exception
    assert [b.key for b in analysed.download_button] == DOWNLOADS
    claims = downloaded_csv(analysed, "download_claims")
    found = analysed.session_state["analysis"].claims
    assert "speaker" in claims.columns and len(claims) == len(found)
    assert found[0].text in set(claims["text"])
    assert found[0].text in downloaded(analysed, "download_md").decode("utf-8")


def test_tabs_and_filters_reuse_the_analysis(analysed: AppTest, home: Path) -> None:
    analysis = analysed.session_state["analysis"]
    view = analysed.session_state["view_cache"][1]
    cached = cache_stats(home)

    for name in ("Claims", "Stances", "Article", "Overview", "Claims"):
        open_tab(analysed, name)
        assert not analysed.exception, name
    speaker = next(c.speaker for c in analysis.claims if c.speaker)
    analysed.multiselect(key="claims_speaker").set_value([speaker]).run()

    shown = tab(analysed, "Claims").dataframe[0].value
    assert len(shown) > 0 and set(shown["speaker"]) == {speaker}
    assert analysed.session_state["analysis"] is analysis
    assert analysed.session_state["view_cache"][1] is view, "the edited view is not rebuilt on a plain rerun"
    assert not status_labels(analysed), "no analysis ran again"
    assert cache_stats(home) == cached


def test_llm_backend_reads_speakers_from_the_endpoint(app: AppTest, llm_server: FakeOpenAI) -> None:
    use_llm(app, llm_server.base_url)
    app.text_area(key="article").input(long_article(8))
    app.button(key="analyse").click().run()

    assert not app.exception and not app.error
    sections = int(metrics(app)["Sections"])
    assert sections > 1
    assert len(llm_server.chat_requests) == sections
    assert {r.json["model"] for r in llm_server.chat_requests} == {"fake-model"}
    assert metrics(app.run())["LLM calls"] == "0"  # a re-run would find every section cached: nothing to pay
    open_tab(app, "Claims")
    speakers = set(tab(app, "Claims").dataframe[0].value["speaker"])
    assert {"Mara Lind", "Tomas Berg", "Ilse Varga"} <= speakers


def test_failed_sections_are_shown_and_can_be_retried(app: AppTest, llm_server: FakeOpenAI) -> None:
    # a server error on every call; retry-after-ms keeps the SDK's own retries quick
    llm_server.default = lambda request: Reply(status=500, headers={"retry-after-ms": "1"})
    use_llm(app, llm_server.base_url)
    app.text_area(key="article").input(long_article(8))
    app.button(key="analyse").click().run()

    assert not app.exception
    assert any("could not be analysed" in e.value for e in app.error)
    reasons = "\n".join(t.value for t in app.text)
    assert "HTTP 500" in reasons and "Section 1:" in reasons
    assert not any("sk-test-dummy" in e.value for e in [*app.error, *app.text]), "the key never reaches the page"
    assert any("failed" in label for label in status_labels(app))
    assert app.button(key="retry_failed").label == "Retry failed sections"

    llm_server.default = faithful_reply
    app.button(key="retry_failed").click().run()
    assert not app.exception and not app.error
    assert "retry_failed" not in [b.key for b in app.button]
    assert int(metrics(app)["Claims"]) > 0
    open_tab(app, "Claims")
    assert "Mara Lind" in set(tab(app, "Claims").dataframe[0].value["speaker"])


def test_empty_article_is_refused_with_a_message(app: AppTest) -> None:
    app.button(key="analyse").click().run()
    assert not app.exception
    assert any("empty" in e.value.lower() for e in app.error)
    assert "analysis" not in app.session_state


@pytest.mark.parametrize(
    ("upload", "article_starts", "message"),
    [
        (("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "text/plain"), "", "not a text"),
        (("harbour.txt", "“The plan is sound,” said Tomas Berg.\n".encode(), "text/plain"), "“The plan", None),
        (("notepad.txt", "“Ølund is right,” said Tomas Berg.\n".encode("utf-16"), "text/plain"), "“Ølund", None),
        (("front.md", b"---\ntitle: Quay vote\n---\n\nTomas Berg spoke.\n", "text/markdown"), "Tomas Berg", None),
    ],
    ids=["binary", "text", "utf-16-with-mark", "front-matter"],
)
def test_upload_fills_the_article_or_says_why_not(
    app: AppTest, upload: tuple[str, bytes, str], article_starts: str, message: str | None
) -> None:
    app.file_uploader(key="upload").set_value(upload).run()
    assert not app.exception
    errors = [e.value for e in app.error]
    if message:
        assert any(message in e for e in errors), errors
    else:
        assert not errors
    assert (app.text_area(key="article").value or "").startswith(article_starts)


def test_renaming_an_actor_flows_into_charts_and_exports(analysed: AppTest) -> None:
    open_tab(analysed, "Actors")
    base = analysed.data_editor(key="actor_editor").value
    row = int(base.index[base["claims"] > 0][0])
    old = base.loc[row, "name"]
    analysed.session_state["actor_editor"] = {
        "edited_rows": {row: {"name": "Renamed Actor"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    analysed.run()
    assert not analysed.exception

    open_tab(analysed, "Overview")
    names = set(chart_data(analysed, "chart_prominence")["name"])
    assert "Renamed Actor" in names and old not in names
    open_tab(analysed, "Export")
    speakers = set(downloaded_csv(analysed, "download_claims")["speaker"])
    assert "Renamed Actor" in speakers and old not in speakers
    titles = downloaded_csv(analysed, "download_actors")["title"]
    assert "nan" not in set(titles), "untitled actors stay untitled after the actor table is shown"


def test_history_reopens_a_saved_analysis_without_analysing(analysed: AppTest, home: Path) -> None:
    first = analysed.session_state["analysis"]
    cached = cache_stats(home)

    later = AppTest.from_file(str(APP), default_timeout=60).run()
    choice = later.selectbox(key="history_choice")
    title, _ = load_sample()
    assert len(choice.options) == 1 and choice.options[0].startswith(title)
    later.button(key="history_open").click().run()

    assert not later.exception and not status_labels(later)
    assert metrics(later)["Claims"] == str(len(first.claims))
    reopened = later.session_state["analysis"]
    assert reopened.created == first.created
    assert [c.text for c in reopened.claims] == [c.text for c in first.claims]
    assert cache_stats(home) == cached
    assert (later.text_area(key="article").value, later.text_input(key="title").value) == (first.text, title)
    assert not later.info, "an empty box has nothing to set aside"


def test_reopening_shows_that_article_in_the_box_and_keeps_the_unanalysed_draft(analysed: AppTest) -> None:
    sample = analysed.session_state["analysis"]
    draft = long_article(2)
    analysed.text_area(key="article").input(draft)
    analysed.text_input(key="title").input("My quay draft")
    analysed.run()
    analysed.button(key="history_open").click().run()

    assert not analysed.exception and not status_labels(analysed)
    assert analysed.text_area(key="article").value == sample.text, "the box shows the article reopened"
    assert analysed.text_input(key="title").value == sample.title
    assert any("My quay draft" in i.value and "set aside" in i.value for i in analysed.info)

    analysed.button(key="draft_restore").click().run()
    assert (analysed.text_area(key="article").value, analysed.text_input(key="title").value) == (
        draft,
        "My quay draft",
    )
    assert not any("set aside" in i.value for i in analysed.info), "nothing else was set aside"
    analysed.button(key="analyse").click().run()
    assert analysed.session_state["analysis"].text == draft and not analysed.exception


def test_reopening_sets_nothing_aside_when_the_box_holds_an_analysed_article(analysed: AppTest) -> None:
    sample, sample_id = analysed.session_state["analysis"], analysed.session_state["analysis_id"]
    analysed.text_area(key="article").input(long_article(2))
    analysed.button(key="analyse").click().run()
    analysed.selectbox(key="history_choice").set_value(sample_id)
    analysed.button(key="history_open").click().run()

    assert analysed.text_area(key="article").value == sample.text
    assert analysed.session_state["analysis"].text == sample.text
    assert not any("set aside" in i.value for i in analysed.info), "the other article is in History already"


def test_loading_the_sample_over_a_draft_keeps_the_draft_one_click_away(app: AppTest) -> None:
    app.text_area(key="article").input("Tomas Berg said the quay will reopen in May.\n\nNobody else spoke.")
    app.button(key="load_sample").click().run()
    assert app.text_area(key="article").value == load_sample()[1]
    app.button(key="draft_discard").click().run()
    assert not any("set aside" in i.value for i in app.info)
    assert app.text_area(key="article").value == load_sample()[1], "discarding the draft leaves the box alone"


def test_article_tab_highlights_the_chosen_claim_and_escapes_the_text(analysed: AppTest) -> None:
    open_tab(analysed, "Article")
    article_html = [h.proto.body for h in blocks(analysed.main, "html") if 'class="article"' in h.proto.body][0]
    everything = article_html.count("background:")
    analysed.selectbox(key="article_claim").set_value(0).run()
    article_html = [h.proto.body for h in blocks(analysed.main, "html") if 'class="article"' in h.proto.body][0]
    claim = analysed.session_state["analysis"].claims[0]
    assert article_html.count("background:") == 1 < everything
    assert claim.text.replace("“", "").split()[0] in article_html
    assert "<script" not in article_html


def test_a_damaged_store_is_replaced_and_the_user_told(home: Path) -> None:
    (home / "explorer.sqlite3").write_bytes(b"this is not a database" * 100)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert any("damaged" in w.value.lower() or "moved" in w.value.lower() for w in at.sidebar.warning)
    at.button(key="load_sample").click().run()
    at.button(key="analyse").click().run()
    assert not at.exception and at.session_state["analysis"].claims


def test_an_interrupted_run_says_how_to_continue(analysed: AppTest) -> None:
    analysed.session_state["analysis_running"] = True  # what a run stopped by Cancel leaves behind
    analysed.run()
    assert any("press Analyse to continue" in i.value for i in analysed.info)
    analysed.run()
    assert not any("press Analyse to continue" in i.value for i in analysed.info)


def test_test_connection_lists_the_endpoint_models_or_says_why_not(app: AppTest, llm_server: FakeOpenAI) -> None:
    llm_server.models = ["fake-model", "other-model"]
    use_llm(app, llm_server.base_url)
    app.button(key="test_connection").click().run()
    assert any("Connected: 2 models" in s.value for s in app.sidebar.success)
    app.selectbox(key="model_pick").set_value("other-model").run()
    assert app.text_input(key="model").value == "other-model"
    use_llm(app, "http://127.0.0.1:9/v1")
    app.button(key="test_connection").click().run()
    assert any("Cannot reach" in e.value for e in app.sidebar.error) and not app.exception


def test_a_malformed_endpoint_url_gets_a_message_not_a_traceback(app: AppTest) -> None:
    use_llm(app, " http://[::1 ")
    app.button(key="test_connection").click().run()
    assert any("not a valid http" in e.value for e in app.sidebar.error)
    app.text_area(key="article").input(long_article(2))
    app.button(key="analyse").click().run()
    assert not app.exception
    assert "not a valid http" in "\n".join(t.value for t in app.text)


def test_secrets_toml_configures_the_llm_without_showing_the_key(home: Path, llm_server: FakeOpenAI) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["OPENAI_BASE_URL"] = llm_server.base_url
    at.secrets["OPENAI_API_KEY"] = "sk-secret-from-toml-12345"
    at.secrets["EXPLORER_MODEL"] = "fake-model"
    at.run()
    assert at.radio(key="backend").value == "OpenAI-compatible LLM"
    assert at.text_input(key="base_url_Custom URL").value == llm_server.base_url
    assert at.text_input(key="api_key").value == ""  # the key is used, never put in a widget
    at.text_area(key="article").input(long_article(2))
    at.button(key="analyse").click().run()
    assert not at.exception and at.session_state["analysis"].claims
    assert llm_server.chat_requests[0].headers["authorization"] == "Bearer sk-secret-from-toml-12345"


def history_label(at: AppTest) -> str:
    """Return the label of the sidebar's history expander."""
    return next(e.label for e in at.sidebar.expander if e.label.startswith("History"))


def test_history_counts_the_analysis_just_run_and_once_per_article(analysed: AppTest) -> None:
    assert history_label(analysed) == "History (1)"  # the run that saved it, not the next one
    analysed.button(key="analyse").click().run()
    assert history_label(analysed) == "History (1)"  # the same text by the same backend: its entry is updated
    analysed.text_area(key="article").input(long_article(2))
    analysed.button(key="analyse").click().run()
    assert history_label(analysed) == "History (2)" and not analysed.exception


def test_analysing_the_same_article_again_keeps_the_actor_edits(analysed: AppTest, home: Path) -> None:
    open_tab(analysed, "Actors")
    base = analysed.data_editor(key="actor_editor").value
    row = int(base.index[base["claims"] > 0][0])
    edit = {"edited_rows": {row: {"name": "Renamed Actor"}}, "added_rows": [], "deleted_rows": []}
    analysed.session_state["actor_editor"] = edit
    analysed.run()
    first_id = analysed.session_state["analysis_id"]
    analysed.button(key="analyse").click().run()
    assert analysed.session_state["analysis_id"] == first_id and not analysed.exception
    assert "Renamed Actor" in {e.name for e in analysed.session_state["actor_edits"]}
    assert [e.title for e in Store(home / "explorer.sqlite3").analyses.recent()] == [load_sample()[0]]


def test_a_mistyped_prompts_folder_is_one_message_not_a_traceback(
    app: AppTest, llm_server: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPLORER_PROMPTS", str(tmp_path / "promts"))
    use_llm(app, llm_server.base_url)
    app.text_area(key="article").input(long_article(2))
    app.button(key="analyse").click().run()
    assert not app.exception and not llm_server.chat_requests
    assert any("which is not a folder; fix or unset it" in e.value for e in app.error)


def test_pasted_text_over_the_size_limit_is_refused_without_estimating_it(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("explorer.limits.MAX_ARTICLE_BYTES", 1000)
    app.text_area(key="article").set_value("Mara Lind said the quay is unsafe. " * 60).run()
    assert any("larger than the" in w.value for w in app.warning)
    app.button(key="analyse").click().run()
    assert not app.exception
    assert any("larger than the" in e.value for e in app.error)
    assert "analysis" not in app.session_state


def test_pasting_another_article_over_the_sample_drops_the_samples_title_not_a_typed_one(app: AppTest) -> None:
    app.button(key="load_sample").click().run()
    app.text_area(key="article").input(long_article(2)).run()
    assert app.text_input(key="title").value == "", "the sample's title does not name another article"
    app.text_input(key="title").input("Quay update")
    app.text_area(key="article").input(long_article(3)).run()
    assert app.text_input(key="title").value == "Quay update", "a title the user typed stays"
    app.button(key="analyse").click().run()
    assert app.session_state["analysis"].title == "Quay update"


def test_looking_at_the_actor_table_changes_nothing(analysed: AppTest) -> None:
    before = metrics(analysed)
    open_tab(analysed, "Actors")
    open_tab(analysed, "Overview")
    assert metrics(analysed) == before, "an unedited table is no edit: the figures stay as analysed"
    assert analysed.session_state["actor_edits"] == []

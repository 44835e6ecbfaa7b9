"""The corpus page, driven in-process with AppTest over a real corpus folder (Parquet read by DuckDB)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from tests.corpus_files import Said, Story, harbour_stories, write_corpus
from tests.test_app import _KeptStorage, blocks, chart_data, downloaded

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "app_pages" / "corpus.py"


@pytest.fixture
def home(no_llm_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty EXPLORER_HOME, no LLM settings, and downloads kept for reading."""
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", _KeptStorage)
    return no_llm_env


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """The six harbour articles and one failed source, in the corpus contract's layout."""
    return write_corpus(tmp_path / "harbour", harbour_stories(), failed=[("a7", "fetch timed out")])


@pytest.fixture
def opened(home: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The corpus page after its first load with EXPLORER_CORPUS set."""
    monkeypatch.setenv("EXPLORER_CORPUS", str(corpus_dir))
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, name: str) -> AppTest:
    """Switch the corpus tabs the way a click does."""
    at.session_state["corpus_view"] = name
    return at.run()


def table(at: AppTest, position: int) -> pd.DataFrame:
    """Return the rows of the page's table at this position (tables without row selection carry no key)."""
    return at.dataframe[position].value


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_explorer_corpus_opens_at_once_with_charts_tables_and_a_download(opened: AppTest) -> None:
    charts = opened.get("vega_lite_chart")
    assert len(charts) >= 3 and {"corpus_chart_speakers", "corpus_chart_network"} <= {c.key for c in charts}
    assert "**Top speaker:** Mara Lind" in markdown(opened)
    speakers = table(opened, 0)
    assert speakers["speaker"].iloc[0] == "Mara Lind" and speakers["claims"].iloc[0] == 6
    assert set(table(opened, 1)["outlet"]) == {"Coast Herald", "Bay Courier"}
    served = pd.read_csv(io.BytesIO(downloaded(opened, "corpus_download_speakers")), encoding="utf-8-sig")
    assert served["speaker"].tolist() == speakers["speaker"].tolist()
    figures = {m.label: m.value for m in opened.metric}
    assert (figures["Articles"], figures["Claims"], figures["Failed articles"]) == ("6", "13", "1")


def test_the_sidebar_names_the_corpus_that_is_open(opened: AppTest) -> None:
    assert "Open: **harbour**" in [c.value for c in opened.sidebar.caption]


def test_the_charts_draw_the_speakers_and_the_stance_network(opened: AppTest) -> None:
    bars = chart_data(opened, "corpus_chart_speakers")
    assert bars["speaker"].iloc[0] == "Mara Lind" and {"direct", "indirect"} <= set(bars.columns)
    network = chart_data(opened, "corpus_chart_network")
    assert {"Mara Lind → Tomas Berg", "Ilse Varga → Mara Lind"} <= set(network["pair"].dropna())


def test_ranking_by_articles_reorders_the_speakers_chart(opened: AppTest) -> None:
    opened.segmented_control(key="corpus_rank").set_value("articles").run()
    bars = chart_data(opened, "corpus_chart_speakers")
    assert bars["speaker"].tolist()[:2] == ["Mara Lind", "Tomas Berg"]
    assert not opened.exception


def test_filters_narrow_the_page_to_one_outlet(opened: AppTest) -> None:
    opened.multiselect(key="corpus_outlets").set_value(["Bay Courier"]).run()
    assert "**Top speaker:** Tomas Berg" in markdown(opened)
    assert {m.label: m.value for m in opened.metric}["Articles"] == "2"


def test_a_pair_lists_its_evidence_from_every_article(opened: AppTest) -> None:
    open_tab(opened, "Stances")
    pairs = table(opened, 0)
    first = pairs.index[(pairs["source"] == "Mara Lind") & (pairs["target"] == "Tomas Berg")][0]
    opened.selectbox(key="corpus_pair").set_value(int(first)).run()
    evidence = table(opened, 1)
    assert evidence["article_id"].tolist() == ["a1", "a2", "a5"]
    assert "Nobody voted for this plan" in set(evidence["evidence"])


def test_one_actor_shows_claims_in_date_order_and_whom_they_oppose(opened: AppTest) -> None:
    open_tab(opened, "One actor")
    opened.selectbox(key="corpus_actor").set_value("Tomas Berg").run()
    assert table(opened, 0)["date"].tolist() == ["2025-01-14", "2025-03-20", "2025-04-02"]
    assert table(opened, 2).set_index("other").loc["Mara Lind", "against"] == 3
    assert len(opened.get("vega_lite_chart")) == 1, "the claims-per-month chart"


def test_claim_search_filters_by_words_and_speaker(opened: AppTest) -> None:
    open_tab(opened, "Claims")
    opened.text_input(key="corpus_search").set_value("plan").run()
    assert set(table(opened, 0)["speaker"]) == {"Mara Lind"}
    opened.multiselect(key="corpus_speakers").set_value(["Tomas Berg"]).run()
    assert table(opened, 0).empty
    assert "**0 claims**" in markdown(opened)
    assert {b.key for b in opened.download_button} >= {"corpus_download_search", "corpus_download_xlsx"}


def test_downloads_offer_every_table_and_the_filtered_view(opened: AppTest) -> None:
    open_tab(opened, "Downloads")
    keys = {b.key for b in opened.download_button}
    for name in ("articles", "actors", "mentions", "claims", "stances", "failures"):
        assert f"corpus_download_table_{name}" in keys
    assert {"corpus_download_summary_speakers", "corpus_download_xlsx"} <= keys
    assert not opened.exception


def test_an_article_opens_in_the_article_explorer(
    home: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPLORER_CORPUS", str(corpus_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/corpus.py").run()
    open_tab(at, "Articles")
    at.selectbox(key="corpus_article").set_value("a3").run()
    at.button(key="corpus_open_article").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Article Explorer"]
    assert at.session_state["analysis"].title == "Councillor backs the fleet"
    assert "said Ilse Varga" in at.text_area(key="article").value
    assert {m.label: m.value for m in at.metric}["Claims"] == "3"


def test_back_from_an_article_the_corpus_page_keeps_its_filters_tab_and_search(
    home: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPLORER_CORPUS", str(corpus_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/corpus.py").run()
    at.multiselect(key="corpus_outlets").set_value(["Bay Courier"]).run()
    open_tab(at, "Articles")
    at.selectbox(key="corpus_article").set_value("a3").run()
    at.button(key="corpus_open_article").click().run()
    assert at.session_state["analysis"].title == "Councillor backs the fleet"
    at.switch_page("app_pages/corpus.py").run()  # the sidebar's Corpus link

    assert at.multiselect(key="corpus_outlets").value == ["Bay Courier"]
    assert at.selectbox(key="corpus_article").value == "a3", "the Articles tab is open again, its article picked"
    open_tab(at, "Claims")
    at.text_input(key="corpus_search").input("quay").run()
    shown = table(at, 0)
    at.switch_page("app_pages/article.py").run()
    at.switch_page("app_pages/corpus.py").run()
    assert at.text_input(key="corpus_search").value == "quay" and table(at, 0).equals(shown)


def test_the_article_list_names_undated_and_outlet_less_articles(opened: AppTest) -> None:
    open_tab(opened, "Articles")
    options = opened.selectbox(key="corpus_article").options
    assert "undated · Coast Herald · Tide tables for the summer" in options
    assert "2025-05-11 · unknown outlet · Union leader meets the minister" in options
    assert table(opened, 1)["reason"].tolist() == ["fetch timed out"], "failed sources are listed with the reason"


def test_without_a_corpus_the_page_says_how_to_open_one(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXPLORER_CORPUS", raising=False)
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not at.exception
    assert any("explorer corpus run" in i.value for i in at.info)


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: p])
def test_a_folder_that_is_no_corpus_gets_a_message(home: Path, tmp_path: Path, make: Any) -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    at.text_input(key="corpus_path").set_value(str(make(tmp_path))).run()
    at.button(key="corpus_open").click().run()
    assert not at.exception
    assert any("not a corpus" in e.value for e in at.error)


def test_a_typed_folder_opens_and_a_new_run_is_picked_up(home: Path, corpus_dir: Path) -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    at.text_input(key="corpus_path").set_value(str(corpus_dir)).run()
    at.button(key="corpus_open").click().run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "6"
    extra = Story("a8", "Varga answers", "Bay Courier", "2025-06-01", [Said("Ilse Varga", "the quay stays open")])
    write_corpus(corpus_dir, [*harbour_stories(), extra])
    at.run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "7"


def test_the_main_page_lists_the_corpus_page(home: Path) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert not blocks(at.main, "tab_container")
    at.switch_page("app_pages/corpus.py").run()
    assert [t.value for t in at.title] == ["Corpus"] and not at.exception


def test_an_empty_corpus_opens_without_errors(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPLORER_CORPUS", str(write_corpus(tmp_path / "empty", [])))
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    for name in ("Sources", "Stances", "One actor", "Claims", "Articles", "Downloads", "Overview"):
        open_tab(at, name)
        assert not at.exception and not at.error, name
    assert {m.label: m.value for m in at.metric}["Articles"] == "0"


def test_a_plain_rerun_reuses_every_answer_and_chart(opened: AppTest) -> None:
    memo = opened.session_state["corpus_opened"].memo
    before = {key: id(value) for key, value in memo.items()}
    opened.run()
    assert {key: id(value) for key, value in memo.items()} == before
    assert any(key[0] == "chart" for key in before) and any(key[0] == "speakers" for key in before)


@pytest.mark.parametrize("name", ["Overview", "Sources", "Stances", "One actor", "Claims", "Articles"])
def test_every_table_names_its_columns_in_words(opened: AppTest, name: str) -> None:
    open_tab(opened, name)
    assert opened.dataframe, name
    for frame in opened.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        raw = [str(c) for c in frame.value.columns if "_" in str(c)]
        labels = {key.removeprefix("col:name:"): value.get("label") for key, value in config.items()}
        assert all(labels.get(column) and "_" not in labels[column] for column in raw), (frame.key, raw, labels)


def test_the_new_corpus_form_names_the_analyser_it_runs_with(home: Path) -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    note = next(c.value for c in at.sidebar.caption if "Runs with" in c.value)
    assert "offline analyser" in note, note
    at.radio(key="backend").set_value("OpenAI-compatible LLM").run()
    at.selectbox(key="preset").set_value("Custom URL").run()
    at.text_input(key="base_url_Custom URL").input("http://alice:Pa55word@127.0.0.1:9/v1")
    at.text_input(key="model").input("harbour-model").run()
    note = next(c.value for c in at.sidebar.caption if "Runs with" in c.value).replace("\\", "")  # as shown
    assert "harbour-model at 127.0.0.1:9" in note, note
    assert all("Pa55word" not in c.value for c in at.sidebar.caption) and not at.exception

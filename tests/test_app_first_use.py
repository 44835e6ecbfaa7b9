"""What a journalist meets on first use of the article page: titles, labels, filters and empty results."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app import APP, history_label, open_tab, tab

HEADLINE = "Ferry fares to rise twice this year"
STORY = (
    f"{HEADLINE}\n\n"
    "The island ferry company will raise fares in April and again in October, its chief executive Nora Quist said "
    'on Monday. "Fuel has doubled in price and we cannot carry that alone," Quist said.\n\n'
    "Islanders' association chair Peter Lund said the rise would hit commuters hardest. Lund accused the company "
    "of hiding its profits."
)


@pytest.fixture
def home(no_llm_env: Path) -> Path:
    """An empty EXPLORER_HOME and no LLM settings in the environment."""
    return no_llm_env


@pytest.fixture
def app(home: Path) -> AppTest:
    """The page after its first load."""
    return AppTest.from_file(str(APP), default_timeout=60).run()


def paste_and_analyse(at: AppTest, text: str, title: str = "") -> AppTest:
    at.text_input(key="title").input(title)
    at.text_area(key="article").input(text).run()
    return at.button(key="analyse").click().run()


@pytest.mark.parametrize(
    ("text", "typed", "expected"),
    [
        (STORY, "", HEADLINE),  # the first line reads like a headline
        (STORY, "My own title", "My own title"),  # a typed title wins
        (STORY.replace(f"{HEADLINE}\n\n", ""), "", None),  # a first line that is a sentence is no title
        (f"{HEADLINE}?\n\n{STORY}", "", f"{HEADLINE}?"),
    ],
    ids=["headline", "typed", "sentence", "question"],
)
def test_a_pasted_articles_headline_names_the_analysis(
    app: AppTest, text: str, typed: str, expected: str | None
) -> None:
    if expected == HEADLINE:
        app.text_area(key="article").input(text).run()
        assert HEADLINE in app.text_input(key="title").placeholder, "the field says which title will be used"
    paste_and_analyse(app, text, typed)
    assert not app.exception
    assert app.session_state["analysis"].title == expected
    heading = [h.value for h in app.subheader]
    assert (expected or "Results") in heading
    if expected:
        assert history_label(app) == "History (1)"
        assert expected in app.selectbox(key="history_choice").options[0]


def test_empty_filters_say_they_show_everything(app: AppTest) -> None:
    paste_and_analyse(app, STORY)
    open_tab(app, "Claims")
    claims = tab(app, "Claims")
    assert [m.placeholder for m in claims.multiselect] == ["All speakers", "Direct and indirect"]
    open_tab(app, "Stances")
    stances = tab(app, "Stances")
    assert [m.placeholder for m in stances.multiselect] == ["Every source", "Every target", "Every stance"]


def test_a_text_with_nothing_to_find_says_so_and_why(app: AppTest) -> None:
    paste_and_analyse(app, "Sunny spells later, with a light breeze from the west.")
    assert not app.exception
    assert any(i.value.startswith("No claims found") for i in app.info)
    assert {m.label: m.value for m in app.metric}["Claims"] == "0"


def test_a_found_story_shows_no_no_claims_note(app: AppTest) -> None:
    paste_and_analyse(app, STORY)
    assert app.session_state["analysis"].claims
    assert not any(i.value.startswith("No claims found") for i in app.info)


def test_the_overview_does_not_call_an_offline_run_zero_tokens(app: AppTest) -> None:
    paste_and_analyse(app, STORY)
    shown = [(m.label, m.value) for m in app.metric]
    assert [label for label, _ in shown].count("Tokens") == 1, "only the article's own token count is called Tokens"
    assert ("LLM tokens", "0") in shown


@pytest.mark.parametrize("name", ["Claims", "Stances"])
def test_tables_show_no_character_offsets_and_count_sections_from_one(app: AppTest, name: str) -> None:
    app.button(key="load_sample").click().run()
    app.button(key="analyse").click().run()
    open_tab(app, name)
    table = tab(app, name).dataframe[0]
    shown = list(table.proto.column_order)
    assert shown and "start" not in shown and "end" not in shown, shown
    assert table.value["section"].min() == 1, "the run's progress calls the first section 'Section 1'"


def test_an_actor_renamed_stays_renamed_after_visiting_another_tab(app: AppTest) -> None:
    app.button(key="load_sample").click().run()
    app.button(key="analyse").click().run()
    open_tab(app, "Actors")
    base = app.data_editor(key="actor_editor").value
    row = int(base.index[base["claims"] > 0][0])
    app.session_state["actor_editor"] = {
        "edited_rows": {row: {"name": "Renamed Actor"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    open_tab(app, "Export")
    open_tab(app, "Actors")
    assert "Renamed Actor" in app.data_editor(key="actor_editor").value["name"].tolist(), "the table shows the edit"
    open_tab(app, "Claims")
    assert "Renamed Actor" in set(tab(app, "Claims").dataframe[0].value["speaker"]), "and the edit still applies"
    open_tab(app, "Actors")
    other = int(base.index[base["claims"] > 0][1])
    app.session_state["actor_editor"] = {
        "edited_rows": {other: {"name": "Second"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    open_tab(app, "Claims")
    assert {"Renamed Actor", "Second"} <= set(tab(app, "Claims").dataframe[0].value["speaker"]), "a later edit adds up"


def test_claim_filters_survive_a_look_at_another_tab(app: AppTest) -> None:
    app.button(key="load_sample").click().run()
    app.button(key="analyse").click().run()
    open_tab(app, "Claims")
    speaker = app.multiselect(key="claims_speaker").options[0]
    app.multiselect(key="claims_speaker").set_value([speaker]).run()
    app.text_input(key="claims_search").input("a").run()
    shown = len(tab(app, "Claims").dataframe[0].value)
    open_tab(app, "Stances")
    open_tab(app, "Claims")
    assert app.multiselect(key="claims_speaker").value == [speaker]
    assert app.text_input(key="claims_search").value == "a"
    assert len(tab(app, "Claims").dataframe[0].value) == shown


def test_a_visit_to_the_corpus_page_keeps_the_article_and_the_settings(app: AppTest) -> None:
    app.text_input(key="title").input("Ferry fares")
    app.text_area(key="article").input(STORY)
    app.radio(key="backend").set_value("OpenAI-compatible LLM").run()
    app.selectbox(key="preset").set_value("Ollama (local)").run()
    app.text_input(key="model").input("llama3").run()
    app.switch_page("app_pages/corpus.py").run()
    assert [t.value for t in app.title] == ["Corpus"]
    app.switch_page("app_pages/article.py").run()
    assert (app.text_input(key="title").value, app.text_area(key="article").value) == ("Ferry fares", STORY)
    assert (app.radio(key="backend").value, app.selectbox(key="preset").value) == (
        "OpenAI-compatible LLM",
        "Ollama (local)",
    )
    assert app.text_input(key="model").value == "llama3"


def test_edited_prices_survive_a_visit_to_the_corpus_page(app: AppTest) -> None:
    app.radio(key="backend").set_value("OpenAI-compatible LLM").run()
    app.text_input(key="api_key").input("sk-typed-in")
    app.text_area(key="article").input(STORY).run()

    def cost() -> str:
        return {m.label: m.value for m in app.metric}["Estimated cost"]

    listed = cost()
    edit = {"edited_rows": {0: {"input_per_1m": 9000.0, "output_per_1m": 9000.0}}, "added_rows": [], "deleted_rows": []}
    app.session_state["prices"] = edit  # row 0 is the default model, gpt-4o-mini
    app.run()
    edited = cost()
    assert edited != listed
    app.switch_page("app_pages/corpus.py").run()
    app.switch_page("app_pages/article.py").run()
    assert cost() == edited, "the user's prices still price the run"


@pytest.mark.parametrize(("model", "says_how"), [("house-model-7b", True), ("gpt-4o-mini", False)])
def test_an_unknown_cost_says_how_to_price_the_model(app: AppTest, model: str, says_how: bool) -> None:
    app.radio(key="backend").set_value("OpenAI-compatible LLM").run()
    app.text_input(key="api_key").input("sk-typed-in")
    app.text_input(key="model").input(model)
    app.text_area(key="article").input(STORY).run()
    cost = next(m for m in app.metric if m.label == "Estimated cost")
    assert (cost.value == "unknown") is says_how
    assert ("add it under Prices" in (cost.help or "")) is says_how

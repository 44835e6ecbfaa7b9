"""The Base URL field: a user:password typed or configured into it never shows on screen, and still signs in."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.articles import long_article
from tests.fake_openai import FakeOpenAI
from tests.llm_replies import faithful_reply
from tests.test_app import APP, use_llm
from ui.endpoint import host_of, split_sign_in, with_sign_in

PASSWORD = "hunter2-Secret-9c1e"
FIELD = "base_url_Custom URL"


@pytest.fixture
def home(no_llm_env: Path) -> Path:
    """An empty EXPLORER_HOME and no LLM settings in the environment."""
    return no_llm_env


@pytest.fixture
def llm_server() -> Iterator[FakeOpenAI]:
    """A loopback OpenAI-compatible endpoint answering every section faithfully."""
    with FakeOpenAI() as server:
        server.default = faithful_reply
        yield server


@pytest.fixture
def app(home: Path) -> AppTest:
    """The page after its first load."""
    return AppTest.from_file(str(APP), default_timeout=60).run()


def on_screen(at: AppTest) -> str:
    """Return everything the page sends to the browser: every element of the main area and the sidebar."""
    nodes = [*_walk(at.main), *_walk(at.sidebar)]
    return "\n".join([*(str(getattr(n, "proto", "")) for n in nodes), *(str(t.value) for t in at.text_input)])


def _walk(node: Any) -> list[Any]:
    return [node, *(n for child in getattr(node, "children", {}).values() for n in _walk(child))]


def basic_auth(server: FakeOpenAI) -> set[str]:
    """Return the user:password pairs the endpoint was sent as Basic auth."""
    sent = {r.headers.get("authorization", "") for r in server.chat_requests}
    return {base64.b64decode(h.removeprefix("Basic ")).decode() for h in sent if h.startswith("Basic ")}


def analyse(at: AppTest) -> AppTest:
    at.text_area(key="article").input(long_article(2))
    return at.button(key="analyse").click().run()


def test_a_password_typed_into_the_base_url_is_hidden_and_still_signs_in(
    home: Path, llm_server: FakeOpenAI, app: AppTest
) -> None:
    typed = llm_server.base_url.replace("http://", f"http://alice:{PASSWORD}@")
    use_llm(app, typed)
    assert app.text_input(key=FIELD).value == llm_server.base_url, "the field shows the URL without the sign-in"
    assert any("Signed in to" in c.value for c in app.sidebar.caption)
    assert PASSWORD not in on_screen(app)
    analyse(app)
    assert not app.exception and app.session_state["analysis"].claims
    assert basic_auth(llm_server) == {f"alice:{PASSWORD}"}
    assert PASSWORD not in on_screen(app)


def test_a_sign_in_is_not_sent_to_another_host_and_can_be_forgotten(
    home: Path, llm_server: FakeOpenAI, app: AppTest
) -> None:
    use_llm(app, llm_server.base_url.replace("http://", f"http://alice:{PASSWORD}@"))
    app.text_input(key=FIELD).input(llm_server.base_url.replace("127.0.0.1", "localhost")).run()
    assert not any("Signed in to" in c.value for c in app.sidebar.caption), "another host gets no password"
    app.text_input(key=FIELD).input(llm_server.base_url).run()
    app.button(key="forget_sign_in").click().run()
    assert not any("Signed in to" in c.value for c in app.sidebar.caption)
    analyse(app)
    assert basic_auth(llm_server) == set(), "a forgotten sign-in is not sent"


def test_a_configured_base_url_with_a_password_is_shown_without_it(home: Path, llm_server: FakeOpenAI) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["OPENAI_BASE_URL"] = llm_server.base_url.replace("http://", f"http://svc:{PASSWORD}@")
    at.secrets["EXPLORER_MODEL"] = "fake-model"
    at.run()
    assert at.text_input(key=FIELD).value == llm_server.base_url
    assert PASSWORD not in on_screen(at)
    analyse(at)
    assert not at.exception and basic_auth(llm_server) == {f"svc:{PASSWORD}"}


@pytest.mark.parametrize(
    ("typed", "shown", "userinfo"),
    [
        ("https://user:pw@host.example/v1", "https://host.example/v1", "user:pw"),
        ("https://sk-key-only@host.example:8443/v1?x=1", "https://host.example:8443/v1?x=1", "sk-key-only"),
        ("http://u:p@ss@[::1", "http://[::1", "u:p@ss"),  # malformed: still no password on screen
        ("https://host.example/v1/a@b", "https://host.example/v1/a@b", ""),  # an @ in the path is no sign-in
        ("host.example/v1", "host.example/v1", ""),
        ("bob:pw@host.example:8080/v1", "host.example:8080/v1", "bob:pw"),  # the scheme forgotten
    ],
)
def test_split_sign_in_takes_out_exactly_the_user_and_password(typed: str, shown: str, userinfo: str) -> None:
    assert split_sign_in(typed) == (shown, userinfo)
    assert with_sign_in(shown, userinfo) == typed
    assert "@" not in host_of(typed)


def needs_key(at: AppTest) -> bool:
    return any("needs a key" in w.value for w in at.sidebar.warning)


def test_the_openai_endpoint_without_a_key_says_so_before_any_run(app: AppTest) -> None:
    app.radio(key="backend").set_value("OpenAI-compatible LLM").run()
    assert needs_key(app), "OpenAI with no key would only fail at the first call"
    assert "paste your OpenAI key" in app.text_input(key="api_key").placeholder
    app.text_input(key="api_key").input("sk-typed-in").run()
    assert not needs_key(app)
    app.text_input(key="api_key").input("").run()
    app.selectbox(key="preset").set_value("Ollama (local)").run()
    assert not needs_key(app), "a local server needs no key"
    assert app.text_input(key="api_key").placeholder == "not needed for local servers"


def test_test_connection_counts_one_model_in_the_singular(app: AppTest, llm_server: FakeOpenAI) -> None:
    use_llm(app, llm_server.base_url)
    app.button(key="test_connection").click().run()
    assert [s.value for s in app.sidebar.success] == ["Connected: 1 model\\."]

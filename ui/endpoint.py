"""The Base URL field: a user:password typed into it is taken out of sight and still used, as Basic auth."""

from __future__ import annotations

import re

import streamlit as st

from .text import plain

SIGN_INS = "endpoint_sign_ins"  # field key -> (host, "user:password"); session memory only, never drawn or saved
_AUTHORITY = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://|)(?P<authority>[^/?#]*)")  # scheme forgotten too


def split_sign_in(url: str) -> tuple[str, str]:
    """Return (url without its user:password@, that user:password), or (url, "") when it holds none."""
    found = _AUTHORITY.match(url)  # a regex, not urlsplit: a malformed URL must not show its password either
    if found is None or "@" not in found["authority"]:
        return url, ""
    userinfo, _, host = found["authority"].rpartition("@")
    return found["scheme"] + host + url[found.end() :], userinfo


def with_sign_in(url: str, userinfo: str) -> str:
    """Return url with userinfo put back in front of its host."""
    found = _AUTHORITY.match(url)
    if found is None or not userinfo:
        return url
    return f"{found['scheme']}{userinfo}@{url[len(found['scheme']) :]}"


def host_of(url: str) -> str:
    """Return the host (and port) a URL points at, lower-cased; "" when it names none."""
    found = _AUTHORITY.match(url)
    return found["authority"].rpartition("@")[2].lower() if found else ""


def base_url_field(key: str, default: str) -> str:
    """Draw the Base URL field here (no password ever in it) and return the URL to call, sign-in included."""
    sign_ins: dict[str, tuple[str, str]] = st.session_state.setdefault(SIGN_INS, {})
    if key not in st.session_state:  # first drawn: a configured URL may carry a sign-in too
        st.session_state[key] = default
        _hide_sign_in(key)
    url = st.text_input(
        "Base URL",
        key=key,
        persist_state="session",  # kept while the Corpus page is open; session memory only
        placeholder="https://api.openai.com/v1",
        on_change=_hide_sign_in,
        args=(key,),
        help="A user:password@ in the URL is taken out of the field and sent as Basic auth; the key goes below.",
    ).strip()
    sign_in = sign_ins.get(key)
    if sign_in is None or not url or sign_in[0] != host_of(url):  # never send it to another host
        return url
    st.caption(
        f"Signed in to {plain(host_of(url))} with the user name and password typed into the URL: hidden, and kept "
        "for this session only."
    )
    st.button("Forget the sign-in", key="forget_sign_in", on_click=sign_ins.pop, args=(key, None))
    return with_sign_in(url, sign_in[1])


def _hide_sign_in(key: str) -> None:
    """Move a user:password typed into the field out of it, into session memory."""
    shown, userinfo = split_sign_in(str(st.session_state.get(key) or "").strip())
    if userinfo:
        st.session_state[key] = shown
        st.session_state.setdefault(SIGN_INS, {})[key] = (host_of(shown), userinfo)

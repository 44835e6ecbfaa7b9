"""Scripted model answers built from the section a request carries (for the fake endpoint)."""

from __future__ import annotations

import re
from typing import Any

from tests.fake_openai import Reply

_SECTION = re.compile(r"<<<ARTICLE SECTION\n(.*)\nARTICLE SECTION>>>", re.S)
_QUOTE = re.compile(r"“([^”]+?)[,.]?”,? said ([A-Z]\w+ [A-Z]\w+)")
_CRITICISED = re.compile(r"([A-Z]\w+ [A-Z]\w+) criticised ([A-Z]\w+ [A-Z]\w+)")


def section_of(request_json: Any) -> str:
    """Return the article section inside a chat request."""
    user = [m["content"] for m in request_json["messages"] if m["role"] == "user"][0]
    match = _SECTION.search(user)
    assert match, "the section must sit between the markers"
    return match.group(1)


def extraction_for(section: str) -> dict[str, Any]:
    """Return the extraction a faithful model would give for text written as '“…,” said First Last.'"""
    claims = [
        {"speaker": name, "speaker_mention": name, "text": words, "quote": "direct", "cue": "said"}
        for words, name in _QUOTE.findall(section)
    ]
    stances = [
        {"source": a, "target": b, "stance": "against", "evidence": f"{a} criticised {b}", "confidence": 0.9}
        for a, b in _CRITICISED.findall(section)
    ]
    names = sorted({c["speaker"] for c in claims} | {s["target"] for s in stances} | {s["source"] for s in stances})
    actors = [{"name": n, "type": "person", "title": None, "aliases": [n.split()[-1]]} for n in names]
    return {"actors": actors, "claims": claims, "stances": stances}


def faithful_reply(request_json: Any) -> Reply:
    """Answer any extraction request with the faithful extraction of its section."""
    return Reply(json=extraction_for(section_of(request_json)))

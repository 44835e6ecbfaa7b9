"""Reading an article from a file: plain text, Markdown and HTML in; binary, empty and odd files refused clearly."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from explorer.ingest import (
    BadLine,
    InputError,
    article_from_bytes,
    article_from_text,
    json_lines,
    read_article,
    read_stdin_article,
)

STORY = "Mara Lind said the ferry plan was sound.\n\nTomas Berg disagreed."
PAGE = """<!DOCTYPE html>
<html><head><title>Harbour vote splits Kelby</title>
<script>var tracker = "PIXEL-TRACKER-42"; console.log("analytics");</script>
<style>body { color: red; }</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav>
<header><p>Subscribe to the Kelby Gazette newsletter today</p></header>
<main><article>
<h1>Harbour vote splits Kelby</h1>
<p>The town council of Kelby voted on Tuesday to close the old fishing harbour and build a ferry terminal
in its place, ending a dispute that had lasted most of the year.</p>
<p>“The harbour plan will cost the town its fishing fleet,” said Mara Lind, who chairs the dockworkers' union
and led the protest outside the customs hall.</p>
<script>document.write("INJECTED-AD-SCRIPT");</script>
<p>Tomas Berg, the port authority chief, said the plan was sound and that every objection had been heard
at length before the vote was taken.</p>
</article></main>
<footer><p>Copyright 2024 Kelby Gazette. All rights reserved. Privacy policy. Cookie settings.</p></footer>
</body></html>"""
BOILERPLATE = ["PIXEL-TRACKER", "console.log", "INJECTED-AD-SCRIPT", "color: red", "Weather", "Subscribe", "Copyright"]


def saved(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    ("name", "content", "title", "text"),
    [
        ("story.txt", STORY, None, STORY),
        ("story.text", STORY, None, STORY),
        ("story", STORY, None, STORY),
        ("story.md", "# Harbour vote\n\n" + STORY, "Harbour vote", STORY),
        ("story.markdown", "# Harbour vote\n" + STORY, "Harbour vote", STORY),
        ("story.md", STORY, None, STORY),
        ("story.txt", "# Harbour vote\n\n" + STORY, None, "# Harbour vote\n\n" + STORY),  # only Markdown has headings
        ("story.md", "\ufeff# Harbour vote\n\n" + STORY, "Harbour vote", STORY),  # a byte-order mark is not text
        ("STORY.TXT", "Åsa Ølund sagde: “Færgen er for dyr.”", None, "Åsa Ølund sagde: “Færgen er for dyr.”"),
    ],
)
def test_text_and_markdown_files_are_read_as_they_are(tmp_path, name, content, title, text):
    article = read_article(saved(tmp_path, name, content))
    assert (article.title, article.text, article.notes) == (title, text, [])


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.txt"])
def test_an_html_page_gives_its_main_text_without_scripts_menus_or_footer(tmp_path, name):
    article = read_article(saved(tmp_path, name, PAGE))
    assert article.title == "Harbour vote splits Kelby"
    assert "“The harbour plan will cost the town its fishing fleet,” said Mara Lind" in article.text
    assert "every objection had been heard" in article.text
    assert [junk for junk in BOILERPLATE if junk in article.text] == []
    assert article.source == "html"


def test_html_pasted_as_text_is_extracted_too():
    article = article_from_text(PAGE, title="My title")
    assert article.title == "My title"
    assert "Mara Lind" in article.text and "PIXEL-TRACKER" not in article.text


def test_an_html_page_without_article_text_is_refused(tmp_path):
    page = "<html><head><title>Kelby</title></head><body><script>var story = 'none';</script></body></html>"
    with pytest.raises(InputError, match="No article text"):
        read_article(saved(tmp_path, "empty.html", page))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"PK\x03\x04\x14\x00\x06\x00",  # a .docx is a zip
        random.Random(7).randbytes(4096),
    ],
    ids=["png", "pdf", "jpeg", "zip", "random"],
)
def test_binary_files_are_refused_even_when_named_txt(tmp_path, data):
    with pytest.raises(InputError, match="not a text file"):
        read_article(saved(tmp_path, "article.txt", data))


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Ærø og Næstved: Jørgen Ålund siger, at havnen lukker.", "latin-1"),
        ("Größere Fähren für Kelby, sagt Jürgen Maß.", "latin-1"),
        ("Café owner Inés Roca said the “new quay” cost €40,000 — too much.", "cp1252"),
    ],
)
def test_western_legacy_encodings_are_decoded_with_a_note(tmp_path, text, encoding):
    article = read_article(saved(tmp_path, "old.txt", text.encode(encoding)))
    assert article.text == text
    assert article.notes == ["old.txt is not UTF-8; it was decoded as cp1252."]


def test_cyrillic_in_a_windows_code_page_is_decoded_too(tmp_path):
    text = "Мэр города Кельби заявил, что паром будет работать круглый год."
    article = read_article(saved(tmp_path, "old.txt", text.encode("cp1251")))
    assert article.text == text and "not UTF-8" in article.notes[0]


@pytest.mark.parametrize(("name", "data"), [("a.txt", b""), ("b.txt", b"  \n\t\n  "), ("c.md", b"# Only a title\n\n")])
def test_empty_files_are_refused(tmp_path, name, data):
    with pytest.raises(InputError, match="empty"):
        read_article(saved(tmp_path, name, data))


@pytest.mark.parametrize("text", ["", "   \n\n\t"])
def test_empty_pasted_text_is_refused(text):
    with pytest.raises(InputError, match="empty"):
        article_from_text(text)


def test_a_missing_file_is_named_in_the_error(tmp_path):
    with pytest.raises(InputError, match="No such file: .*nowhere.txt"):
        read_article(tmp_path / "nowhere.txt")


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="No such file"):
        read_article(tmp_path)


@pytest.mark.parametrize("name", ["report.pdf", "letter.docx", "photo.png", "data.csv"])
def test_unsupported_file_types_are_refused_by_name(tmp_path, name):
    with pytest.raises(InputError, match=rf"{name}: only \.txt, \.md and \.html"):
        read_article(saved(tmp_path, name, STORY))


# Every common Unicode encoding is read; front matter is not article text; sizes are bounded for every way in

BOM_STORY = "Åsa Ølund sagde: “Færgen er for dyr.”\r\nTomas Berg disagreed."


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_unicode_files_with_or_without_a_byte_order_mark_are_read(tmp_path, encoding):
    data = BOM_STORY.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # Notepad writes the mark; some tools do not
        expected_note = [f"story.txt has no byte-order mark; it was decoded as {encoding}."]
    elif encoding == "utf-32-be":
        data = b"\x00\x00\xfe\xff" + data  # the BE mark written by hand: Python's utf-32-be codec writes none
        expected_note = []
    else:
        expected_note = []
    article = read_article(saved(tmp_path, "story.txt", data))
    assert (article.text, article.notes) == (BOM_STORY, expected_note)


def test_a_legacy_code_page_is_detected_and_said(tmp_path):
    article = read_article(saved(tmp_path, "story.txt", BOM_STORY.encode("cp1252", errors="replace")))
    assert article.text.startswith("Åsa Ølund") and "decoded as cp1252" in article.notes[0]


def test_a_utf16_upload_is_read_like_a_file():
    article = article_from_bytes(BOM_STORY.encode("utf-16"), "notepad.txt")
    assert article.text == BOM_STORY


@pytest.mark.parametrize(
    ("content", "title", "body"),
    [
        ("---\ntitle: Harbour vote\nauthor: M. Lind\n---\n\n" + STORY, "Harbour vote", STORY),
        ("---\ntitle: 'Quay: a dispute'\n---\n# Ignored heading\n\n" + STORY, "Quay: a dispute", STORY),
        ("---\nauthor: M. Lind\n...\n# Harbour vote\n" + STORY, "Harbour vote", STORY),
        ("---\ndate: 2024-05-01\n---\n" + STORY, None, STORY),
        ("Intro line\n---\ntitle: not front matter\n---\n" + STORY, None, None),
    ],
    ids=["title", "quoted-title-over-heading", "dots-end-then-heading", "no-title", "not-at-the-start"],
)
def test_yaml_front_matter_is_skipped_and_its_title_kept(tmp_path, content, title, body):
    article = read_article(saved(tmp_path, "story.md", content))
    assert article.title == title
    assert article.text == (body if body is not None else content)


def test_every_way_in_refuses_text_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("explorer.limits.MAX_ARTICLE_BYTES", 1000)
    big = STORY * 20
    for attempt in (
        lambda: read_article(saved(tmp_path, "big.txt", big)),
        lambda: article_from_bytes(big.encode(), "big.txt"),
        lambda: article_from_text(big),
        lambda: read_stdin_article(io.BytesIO(big.encode())),
    ):
        with pytest.raises(InputError, match="larger than the"):
            attempt()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"id": 1', "not valid JSON"),
        ('{"id": NaN, "text": "x"}', "NaN is not a JSON number"),
        ('{"id": 1e400, "text": "x"}', "too large"),
        ('{"id": 1, "text": "half a pair \\ud800 here"}', "unpaired surrogate"),
        ('"just text"', None),
    ],
)
def test_json_lines_say_why_a_line_is_unusable_and_never_raise(tmp_path, line, reason):
    path = saved(tmp_path, "in.jsonl", "\ufeff" + line + "\n")
    [(number, value)] = list(json_lines(path))
    assert number == 1
    assert (isinstance(value, BadLine) and reason in value) if reason else value == "just text"
    assert reason is not None or not isinstance(value, BadLine)


def test_json_lines_read_a_utf16_file(tmp_path):
    path = saved(tmp_path, "in.jsonl", ('{"id": "a", "text": "Ølund"}\n' * 2).encode("utf-16"))
    assert [value["text"] for _, value in json_lines(path)] == ["Ølund", "Ølund"]

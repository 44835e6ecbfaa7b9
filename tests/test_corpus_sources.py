"""Corpus sources: folders, JSONL, CSV, URL lists, pages and feeds become articles or listed failures."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.corpus.sources import content_id, estimated_total, read_sources
from explorer.corpus.tables import SourceArticle, SourceFailure
from tests.articles import PARAGRAPHS
from tests.corpus_site import Page, Site

STORY = "\n\n".join(PARAGRAPHS)
PAGE = f"""<!doctype html><html><head><title>Harbour vote</title></head><body>
<nav>Home | Sport | Weather</nav><article><h1>Harbour vote</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</article><footer>Copyright Kelby Post</footer></body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Kelby Post</title><link>{home}</link>
<description>News</description>
<item><title>Harbour vote</title><link>{one}</link><guid>kelby-1</guid>
<pubDate>Tue, 03 Mar 2026 09:30:00 GMT</pubDate></item>
<item><title>Ferry fares</title><link>{two}</link><guid>kelby-2</guid></item>
</channel></rss>"""


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


def items(*sources: str | Path) -> list[SourceArticle | SourceFailure]:
    return list(read_sources([str(s) for s in sources]))


def reasons(found: list) -> list[str]:
    return [f.reason for f in found if isinstance(f, SourceFailure)]


def test_a_folder_gives_every_article_file_recursively_with_stable_ids(tmp_path):
    (tmp_path / "2026" / "march").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    (tmp_path / "2026" / "b.md").write_text(f"# Ferry fares\n\n{PARAGRAPHS[1]}", encoding="utf-8")
    (tmp_path / "2026" / "march" / "c.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not,an,article\n", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    found = items(tmp_path)
    assert [Path(a.source).name for a in found] == ["b.md", "c.html", "a.txt"]
    assert [a.title for a in found] == ["Ferry fares", "Harbour vote", None]
    assert "Copyright" not in found[1].text and PARAGRAPHS[2] in found[1].text
    assert [a.article_id for a in found] == [a.article_id for a in items(tmp_path)]
    assert found[2].article_id == content_id(PARAGRAPHS[0])


def test_jsonl_keeps_ids_and_metadata_and_lists_bad_lines(tmp_path):
    lines = [
        json.dumps(
            {"id": "k1", "text": STORY, "title": "Vote", "date": "2026-03-03", "url": "http://x/1", "outlet": "KP"}
        ),
        json.dumps({"text": PARAGRAPHS[1]}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "text": PARAGRAPHS[2]}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = items(path)
    good = [f for f in found if isinstance(f, SourceArticle)]
    assert [(a.article_id, a.title, a.date, a.url, a.outlet) for a in good] == [
        ("k1", "Vote", "2026-03-03", "http://x/1", "KP"),
        (content_id(PARAGRAPHS[1]), None, None, None, None),
        ("7", None, None, None, None),
    ]
    assert good[0].source == f"{path}:1"
    assert len(reasons(found)) == 4
    assert any("not valid JSON" in r for r in reasons(found))
    assert [f.article_id for f in found if isinstance(f, SourceFailure)][1:3] == ["no-text", "blank"]


def test_csv_rows_become_articles_and_broken_rows_are_listed(tmp_path):
    path = tmp_path / "in.csv"
    story = PARAGRAPHS[0].replace("“", '""').replace("”", '""')  # any quoting a spreadsheet writes
    path.write_text(
        f'id,outlet,text\nc1,Kelby Post,"{story}\nSecond line."\nc2,Kelby Post,{PARAGRAPHS[1].replace(",", "")},extra\n'
        f"c3,Kelby Post,\nc4,,{PARAGRAPHS[3].replace(',', '')}\n",
        encoding="utf-8",
    )
    found = items(path)
    good = [f for f in found if isinstance(f, SourceArticle)]
    assert [(a.article_id, a.outlet) for a in good] == [("c1", "Kelby Post"), ("c4", None)]
    assert good[0].text.endswith("Second line.")
    assert [f.article_id for f in found if isinstance(f, SourceFailure)] == ["c2", "c3"]
    assert "broken CSV row" in reasons(found)[0] and "empty" in reasons(found)[1]


def test_a_csv_without_a_text_column_is_one_clear_failure(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,body\n1,Some words\n", encoding="utf-8")
    assert reasons(items(path)) == ['the CSV file has no column named "text"']


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
        ("empty.txt", b"  \n", "empty"),
        ("missing.txt", None, "no such file or folder"),
    ],
)
def test_unreadable_and_empty_files_are_listed_failures(tmp_path, name, data, reason):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    assert reason in reasons(items(path))[0]


def test_a_plain_file_is_one_article(tmp_path):
    path = tmp_path / "story.text"
    path.write_text(STORY, encoding="utf-8")
    assert [a.text for a in items(path)] == [STORY]


def test_a_url_list_fetches_html_and_plain_text_and_lists_what_fails(tmp_path, site):
    site.pages["/vote.html"] = Page(PAGE)
    site.pages["/fares.txt"] = Page(PARAGRAPHS[1], "text/plain; charset=utf-8")
    site.pages["/report.pdf"] = Page(b"%PDF-1.7 binary", "application/pdf")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = f"http://127.0.0.1:{closed.getsockname()[1]}/gone"
    closed.close()
    urls = [site.url("/vote.html"), site.url("/fares.txt"), site.url("/missing"), site.url("/report.pdf"), dead]
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(urls) + "\n\n", encoding="utf-8")
    found = items(path)
    assert [type(f).__name__ for f in found] == ["SourceArticle", "SourceArticle"] + ["SourceFailure"] * 3
    assert found[0].title == "Harbour vote" and "Sport | Weather" not in found[0].text
    assert found[1].text == PARAGRAPHS[1]
    assert [f.article_id for f in found] == urls  # a URL is its page's id, so a resumed run need not fetch it
    assert "HTTP 404" in found[2].reason and "not a text page" in found[3].reason
    assert "cannot reach" in found[4].reason


def test_a_feed_gives_its_entries_with_their_metadata(site):
    site.pages["/one"] = Page(PAGE)
    site.pages["/two"] = Page(PARAGRAPHS[1], "text/plain")
    site.pages["/feed"] = Page(
        RSS.format(home=site.url("/"), one=site.url("/one"), two=site.url("/two")), "application/rss+xml"
    )
    found = items(site.url("/feed"))
    assert [(a.article_id, a.title, a.date, a.url, a.outlet) for a in found] == [
        ("kelby-1", "Harbour vote", "2026-03-03T09:30:00Z", site.url("/one"), "Kelby Post"),
        ("kelby-2", "Ferry fares", None, site.url("/two"), "Kelby Post"),
    ]
    assert found[1].text == PARAGRAPHS[1]


def test_a_resumed_feed_does_not_fetch_entries_already_done(site):
    site.pages["/one"] = Page(PAGE)
    site.pages["/feed"] = Page(RSS.format(home="h", one=site.url("/one"), two=site.url("/two")), "application/rss+xml")
    found = list(read_sources([site.url("/feed")], skip={"kelby-2"}.__contains__))
    assert [a.article_id for a in found] == ["kelby-1"] and "/two" not in site.hits


def test_a_feed_that_is_not_a_feed_is_a_listed_failure(site):
    site.pages["/feed"] = Page("<?xml version='1.0'?><rss><channel><item>", "application/rss+xml")
    (failure,) = items(site.url("/feed"))
    assert isinstance(failure, SourceFailure) and "not a valid RSS or Atom feed" in failure.reason


def test_the_progress_total_counts_what_the_sources_hold(tmp_path):
    (tmp_path / "in.jsonl").write_text('{"id": 1, "text": "a"}\n\n{"id": 2, "text": "b"}\n', encoding="utf-8")
    (tmp_path / "in.csv").write_text("id,text\n1,a\n2,b\n3,c\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "a.txt").write_text("a", encoding="utf-8")
    sources = [str(tmp_path / n) for n in ("in.jsonl", "in.csv", "folder")]
    assert estimated_total(sources) == 6
    assert estimated_total([*sources, "https://example.org/feed"]) is None


def test_a_plain_text_file_is_titled_by_its_headline_line(tmp_path):
    # a folder of press releases: each .txt starts with its headline, which the article list should show
    (tmp_path / "release.txt").write_text(f"Council backs the night ferry\n\n{PARAGRAPHS[0]}", encoding="utf-8")
    (tmp_path / "statement.txt").write_text(f"{PARAGRAPHS[1]}\n\n{PARAGRAPHS[2]}", encoding="utf-8")
    titles = {Path(a.source).name: a.title for a in items(tmp_path)}
    assert titles == {"release.txt": "Council backs the night ferry", "statement.txt": None}


def test_a_single_text_file_given_as_a_source_is_titled_by_its_headline_too(tmp_path):
    path = tmp_path / "release.text"  # not a known article suffix: read as one article
    path.write_text(f"Council backs the night ferry\n\n{PARAGRAPHS[0]}", encoding="utf-8")
    (found,) = list(read_sources([str(path)]))
    assert found.title == "Council backs the night ferry"


def test_a_second_run_over_urls_counts_them_as_already_done_without_fetching(tmp_path, site, no_llm_env):
    from explorer.config import load_settings
    from explorer.corpus import run_corpus

    site.pages["/vote.html"] = Page(PAGE)
    site.pages["/fares.txt"] = Page(PARAGRAPHS[1], "text/plain; charset=utf-8")
    urls = [site.url("/vote.html"), site.url("/fares.txt")]
    settings = load_settings(backend="offline")
    first = run_corpus(urls, tmp_path / "out", settings, workers=1, show_progress=False)
    hits = len(site.hits)
    again = run_corpus(urls, tmp_path / "out", settings, workers=1, show_progress=False)
    assert (first.analysed, again.analysed, again.skipped) == (2, 0, 2) and len(site.hits) == hits

"""`explorer corpus`: runs into Parquet, speakers merged across articles, resuming, stats and SQL."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.config import load_settings
from explorer.corpus import open_corpus, run_corpus
from explorer.corpus.names import corpus_names
from explorer.corpus.parts import PartWriter
from explorer.corpus.progress import RunProgress
from explorer.corpus.tables import SCHEMAS, TABLES
from tests.articles import PARAGRAPHS
from tests.fake_openai import FakeOpenAI, Reply
from tests.llm_replies import faithful_reply

REPO = Path(__file__).resolve().parents[1]
ARTICLES = {
    "lind-1": "“The harbour plan will cost the town its fishing fleet,” said Mara Lind. Lind chairs the union.",
    "lind-2": "“The fleet will not survive the winter,” said Lind, who chairs the dockworkers union.",
    "tokyo": "Tokyo said the harbour tariffs were unfair. “The plan is sound,” said Tomas Berg.",
    "japan": "“We reject the plan,” said a spokesman for Japan. Ilse Varga said the quay would flood.",
}


@pytest.fixture(autouse=True)
def home(no_llm_env: Path) -> Path:
    return no_llm_env


def write_jsonl(path: Path, articles: dict[str, str], **meta: str) -> Path:
    path.write_text("".join(json.dumps({"id": k, "text": t, **meta}) + "\n" for k, t in articles.items()))
    return path


def offline_run(sources: list[Path], out: Path, **options) -> object:
    return run_corpus([str(s) for s in sources], out, load_settings(backend="offline"), workers=2, **options)


def table(out: Path, sql: str) -> list[tuple]:
    con = open_corpus(out)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_run_writes_every_table_the_manifest_and_reopenable_analyses(tmp_path):
    out = tmp_path / "out"
    report = offline_run([write_jsonl(tmp_path / "in.jsonl", ARTICLES, outlet="Kelby Post")], out)
    assert (report.analysed, report.failed) == (4, 0)
    for name in TABLES:
        con = open_corpus(out)
        assert [c[0] for c in con.execute(f"DESCRIBE {name}").fetchall()] == SCHEMAS[name].names
        con.close()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema_version"] == 1 and manifest["backend"]["backend"] == "offline"
    assert manifest["counts"]["articles"] == 4 and manifest["counts"]["claims"] == len(table(out, "FROM claims"))
    (text, outlet, analysis) = table(
        out, "SELECT text, outlet, analysis_json FROM articles WHERE article_id = 'tokyo'"
    )[0]
    assert outlet == "Kelby Post" and json.loads(analysis)["text"] == text == ARTICLES["tokyo"]
    spans = table(out, "SELECT text, start, \"end\" FROM claims WHERE article_id = 'tokyo' AND start IS NOT NULL")
    assert spans and all(ARTICLES["tokyo"][s:e] == t for t, s, e in spans)


def test_speakers_are_merged_across_articles_so_a_person_counts_once(tmp_path, capsys):
    out = tmp_path / "out"
    offline_run([write_jsonl(tmp_path / "in.jsonl", ARTICLES)], out)
    code, stdout, _ = cli(capsys, "corpus", "stats", str(out))
    stats = json.loads(stdout)
    assert code == 0 and set(stats) == {"articles", "claims", "stances", "actors", "failed", "top_speakers"}
    speakers = {s["name"]: (s["claims"], s["articles"]) for s in stats["top_speakers"]}
    assert speakers["Mara Lind"] == (2, 2) and "Lind" not in speakers  # "Lind" alone in lind-2 is Mara Lind
    assert speakers["Japan"][1] == 2  # Tokyo is Japan everywhere
    assert set(table(out, "SELECT DISTINCT name FROM actors WHERE article_id = 'lind-2'")) == {("Mara Lind",)}


def test_names_merge_by_the_single_article_rules():
    records = [
        ("Mara Lind", "person", None, ["Lind"], 3),
        ("Lind", "person", None, [], 1),
        ("Hanna Berg", "person", None, [], 1),
        ("Tomas Berg", "person", "port authority chief", [], 2),
        ("Berg", "person", None, [], 1),  # two people called Berg: left alone
        ("Kelby Harbour Authority", "organization", None, ["Harbour Authority"], 1),
        ("Harbour Authority", "organization", None, [], 1),
    ]
    assert corpus_names(records) == {"Lind": "Mara Lind", "Harbour Authority": "Kelby Harbour Authority"}


def test_two_people_sharing_a_surname_stay_apart_across_articles():
    # both full names list the bare surname as an alias; the bare surname alone could be either of them
    records = [
        ("Mara Lind", "person", None, ["Lind"], 2),
        ("Jonas Lind", "person", None, ["Lind"], 2),
        ("Lind", "person", None, [], 1),
        ("Tara Lindqvist", "other", None, [], 1),  # mistyped in their articles: fuzzy matching applies
        ("Mara Lindqvist", "other", None, [], 1),
    ]
    mapping = corpus_names(records)
    assert "Tara Lindqvist" not in mapping and "Mara Lindqvist" not in mapping
    assert mapping.get("Mara Lind", "Mara Lind") != mapping.get("Jonas Lind", "Jonas Lind")
    assert "Lind" not in mapping


def test_a_person_is_named_as_most_articles_name_them():
    # one headline's "Crooked Hillary Quell" and one article's role phrase must not rename her everywhere
    records = [
        ("Hillary Quell", "person", None, ["Quell"], 9),
        ("Crooked Hillary Quell", "person", None, ["Hillary Quell"], 1),
        ("the Green nominee", "person", None, ["Hillary Quell"], 1),
    ]
    assert corpus_names(records) == {"Crooked Hillary Quell": "Hillary Quell", "the Green nominee": "Hillary Quell"}


def test_a_bare_surname_joins_the_one_person_the_articles_called_by_it():
    # articles naming only "Quell" are about Donald Quell: the articles that named both called only him "Quell"
    records = [
        ("Donald Quell", "person", None, ["Donald", "Quell"], 5),
        ("Melania Quell", "person", None, ["Melania"], 1),
        ("Quell", "organization", None, [], 3),
        ("Melania", "person", None, [], 1),
    ]
    assert corpus_names(records) == {"Quell": "Donald Quell", "Melania": "Melania Quell"}


def test_names_do_not_depend_on_the_order_articles_finished_in():
    # two articles each call the board by the other's name: one canonical name, whichever finished first
    records = [
        ("Harbour Board", "organization", None, ["Seaport Board"], 2),
        ("Seaport Board", "organization", None, ["Harbour Board"], 2),
        ("Mara Lind", "person", None, ["Lind"], 1),
        ("Lind", "person", None, [], 1),
    ]
    mappings = [corpus_names(order) for order in itertools.permutations(records)]
    assert all(m == mappings[0] for m in mappings) and len(set(mappings[0].values())) == 2


def test_a_second_run_continues_and_never_duplicates_an_article(tmp_path):
    out = tmp_path / "out"
    first = dict(list(ARTICLES.items())[:2])
    offline_run([write_jsonl(tmp_path / "first.jsonl", first)], out)
    report = offline_run([write_jsonl(tmp_path / "all.jsonl", ARTICLES)], out)
    assert (report.analysed, report.skipped) == (2, 2)
    assert sorted(table(out, "SELECT article_id FROM articles")) == sorted((k,) for k in ARTICLES)
    again = offline_run([tmp_path / "all.jsonl"], out)
    assert (again.analysed, again.skipped) == (0, 4)
    claims = table(out, "SELECT count(*) FROM claims")[0][0]
    assert json.loads((out / "manifest.json").read_text())["counts"]["claims"] == claims


def test_the_latest_part_of_an_article_wins_with_its_own_rows(tmp_path):
    writer = PartWriter(tmp_path)
    article = {"article_id": "a", "text": "x", "words": 1, "backend": "offline", "analysis_json": "{}", "source": "s"}
    for claim in ("old claim", "new claim"):
        writer.add({"articles": [article], "claims": [{"article_id": "a", "claim_index": 0, "text": claim}]})
        writer.flush()
    (tmp_path / "claims" / ".part-half-written.parquet.tmp").write_bytes(b"PAR1 half")  # a crashed writer's leftover
    assert table(tmp_path, "SELECT article_id FROM articles") == [("a",)]
    assert table(tmp_path, "SELECT text FROM claims") == [("new claim",)]


def test_bad_input_is_listed_and_retried_until_it_succeeds(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "late", "text": " "}) + "\n" + json.dumps({"id": "ok", "text": PARAGRAPHS[0]}))
    out = tmp_path / "out"
    code, _, err = cli(capsys, "corpus", "run", str(source), "-o", str(out), "--backend", "offline", "--workers", "1")
    assert code == 0 and "failed: " in err and "the text is empty" in err and "1 failed" in err
    assert table(out, "SELECT article_id, attempt FROM failures") == [("late", 1)]
    offline_run([source], out)
    assert table(out, "SELECT article_id, attempt FROM failures") == [("late", 2)]
    write_jsonl(source, {"late": PARAGRAPHS[1], "ok": PARAGRAPHS[0]})
    report = offline_run([source], out)
    assert (report.analysed, report.failed) == (1, 0)
    assert table(out, "FROM failures") == [] and len(table(out, "FROM articles")) == 2


def test_a_duplicate_id_is_a_listed_failure(tmp_path):
    source = write_jsonl(tmp_path / "a.jsonl", {"same": PARAGRAPHS[0]})
    other = write_jsonl(tmp_path / "b.jsonl", {"same": PARAGRAPHS[1]})
    out = tmp_path / "out"
    report = offline_run([source, other], out)
    assert (report.analysed, report.failed) == (1, 1)
    (reason,) = table(out, "SELECT reason FROM failures")[0]
    assert "duplicate id 'same'" in reason and f"{source}:1" in reason


def test_query_formats_and_bad_sql_is_one_error_line(tmp_path, capsys):
    out = tmp_path / "out"
    offline_run([write_jsonl(tmp_path / "in.jsonl", ARTICLES)], out)
    sql = "SELECT article_id, count(*) AS claims FROM claims GROUP BY 1 ORDER BY 1"
    code, stdout, _ = cli(capsys, "corpus", "query", str(out), sql, "--format", "json")
    rows = json.loads(stdout)
    assert code == 0 and [r["article_id"] for r in rows] == sorted(ARTICLES) and all(r["claims"] for r in rows)
    code, stdout, _ = cli(capsys, "corpus", "query", str(out), sql, "--format", "csv")
    assert stdout.splitlines()[0] == "article_id,claims" and len(stdout.splitlines()) == 5
    code, stdout, err = cli(capsys, "corpus", "query", str(out), "SELECT nothing FROM claims")
    assert code == 1 and err.startswith("error: The query failed") and len(err.splitlines()) == 1
    code, _, err = cli(capsys, "corpus", "stats", str(tmp_path / "nowhere"))
    assert code == 1 and "No such folder" in err


def test_the_progress_bar_shows_rates_and_failures_only_on_a_terminal(tmp_path):
    import io

    shown = io.StringIO()
    progress = RunProgress(3, stream=shown, enabled=True)
    progress.update(words=100)
    progress.update(failed=True)
    progress.close()
    assert "words/s" in shown.getvalue() and "1 failed" in shown.getvalue() and "2/3" in shown.getvalue()
    assert not RunProgress(3, stream=io.StringIO()).enabled  # a file or pipe is no terminal: no bar


def test_llm_calls_share_one_bound_across_all_articles(tmp_path, fake_llm: FakeOpenAI):
    fake_llm.default, fake_llm.latency = faithful_reply, 0.2
    articles = {f"n{i}": f"“The quay floods every spring {i},” said Mara Lind." for i in range(9)}
    settings = load_settings(backend="openai", base_url=fake_llm.base_url, concurrency=3)
    report = run_corpus([str(write_jsonl(tmp_path / "in.jsonl", articles))], tmp_path / "out", settings)
    assert report.analysed == 9 and len(fake_llm.chat_requests) == 9
    assert fake_llm.max_in_flight == 3  # calls of different articles overlap, but never more than the bound
    again = run_corpus([str(tmp_path / "in.jsonl")], tmp_path / "other", settings)
    assert again.analysed == 9 and len(fake_llm.chat_requests) == 9  # sections come from the store's cache


@pytest.mark.parametrize("first", ["cached", "failing"])
def test_a_model_run_goes_on_whatever_its_first_article_does(tmp_path, fake_llm: FakeOpenAI, first):
    fake_llm.default = faithful_reply
    articles = {f"n{i}": f"“The ferry runs late {i},” said Ilse Varga." for i in range(6)}
    settings = load_settings(backend="openai", base_url=fake_llm.base_url, concurrency=2)
    if first == "cached":  # the first article needs no call: the others start once it is done
        run_corpus([str(write_jsonl(tmp_path / "one.jsonl", {"n0": articles["n0"]}))], tmp_path / "before", settings)
    else:  # the first article's call fails: the others are analysed all the same
        fake_llm.script(Reply(status=400))
    report = run_corpus([str(write_jsonl(tmp_path / "in.jsonl", articles))], tmp_path / "out", settings)
    assert (report.analysed, report.failed) == ((6, 0) if first == "cached" else (5, 1))
    assert len(fake_llm.chat_requests) == 6  # one call per article, none twice


def test_a_failing_model_call_is_a_failure_retried_on_the_next_run(tmp_path, fake_llm: FakeOpenAI):
    fake_llm.default = faithful_reply
    fake_llm.script(Reply(status=400))
    settings = load_settings(backend="openai", base_url=fake_llm.base_url, concurrency=1)
    source = write_jsonl(tmp_path / "in.jsonl", {"one": "“Fares must fall,” said Ilse Varga."})
    report = run_corpus([str(source)], tmp_path / "out", settings)
    assert report.failed == 1 and "HTTP 400" in table(tmp_path / "out", "SELECT reason FROM failures")[0][0]
    report = run_corpus([str(source)], tmp_path / "out", settings)
    assert (report.analysed, report.failed) == (1, 0) and table(tmp_path / "out", "FROM failures") == []


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_run_keeps_finished_articles_and_the_next_run_finishes(tmp_path, stop):
    with FakeOpenAI() as server:
        server.default, server.latency = faithful_reply, 0.25
        articles = {f"n{i}": f"“The quay floods every spring {i},” said Mara Lind." for i in range(24)}
        source = write_jsonl(tmp_path / "in.jsonl", articles)
        out = tmp_path / "out"
        argv = ["corpus", "run", str(source), "-o", str(out), "--backend", "openai"]
        command = [sys.executable, "-m", "explorer.cli", *argv, "--base-url", server.base_url, "--concurrency", "1"]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not list((out / "articles").glob("part-*.parquet")) and time.monotonic() < deadline:
            time.sleep(0.1)
        process.send_signal(stop)
        _, err = process.communicate(timeout=60)
        kept = {r[0] for r in table(out, "SELECT article_id FROM articles")}
        assert 0 < len(kept) < 24 and "Traceback" not in err
        if stop == signal.SIGTERM:
            assert process.returncode == 128 + signal.SIGTERM and "run the same command to continue" in err
        sent = len(server.chat_requests)
        finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert finished.returncode == 0, finished.stderr
        assert sorted(r[0] for r in table(out, "SELECT article_id FROM articles")) == sorted(articles)
        assert len(server.chat_requests) - sent <= 24 - len(kept) + 1  # finished articles are not sent again


def test_a_run_whose_first_articles_all_fail_alike_stops_with_one_line(tmp_path, fake_llm: FakeOpenAI, capsys):
    fake_llm.default = lambda request: Reply(status=401)
    articles = {f"n{i}": f"“The quay floods every spring {i},” said Mara Lind." for i in range(40)}
    source = write_jsonl(tmp_path / "in.jsonl", articles)
    argv = ["corpus", "run", str(source), "-o", str(tmp_path / "out"), "--backend", "openai", "--concurrency", "1"]
    code, _, err = cli(capsys, *argv, "--base-url", fake_llm.base_url)
    assert code == 1 and "stopped: the first 5 articles all failed with" in err and "rejected the API key" in err
    assert len(fake_llm.chat_requests) < 40
    assert len(table(tmp_path / "out", "FROM failures")) >= 5  # listed, and retried by the next run


def test_folders_csv_and_feeds_in_one_run_keep_their_metadata(tmp_path, capsys):
    from tests.corpus_site import Page, Site

    site = Site()
    try:
        site.pages["/harbour"] = Page(f"<html><body><article><p>{ARTICLES['tokyo']}</p></article></body></html>")
        site.pages["/feed"] = Page(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Kelby Post</title>'
            f"<item><title>Tariffs</title><link>{site.url('/harbour')}</link><guid>kp-7</guid>"
            "<pubDate>Tue, 03 Mar 2026 09:30:00 GMT</pubDate></item></channel></rss>",
            "application/rss+xml",
        )
        (tmp_path / "folder").mkdir()
        (tmp_path / "folder" / "lind.md").write_text(f"# Fleet\n\n{ARTICLES['lind-1']}", encoding="utf-8")
        (tmp_path / "in.csv").write_text(f'id,outlet,text\nc1,Quay News,"{ARTICLES["japan"]}"\n', encoding="utf-8")
        sources = [str(tmp_path / "folder"), str(tmp_path / "in.csv"), site.url("/feed")]
        code, _, err = cli(capsys, "corpus", "run", *sources, "-o", str(tmp_path / "out"), "--backend", "offline")
    finally:
        site.close()
    assert code == 0 and "3 articles analysed" in err
    rows = table(tmp_path / "out", "SELECT article_id, title, date, url, outlet FROM articles ORDER BY article_id")
    assert rows[:2] == [
        ("c1", None, None, None, "Quay News"),
        ("kp-7", "Tariffs", "2026-03-03T09:30:00Z", site.url("/harbour"), "Kelby Post"),
    ]
    assert rows[2][1] == "Fleet" and rows[2][0].startswith("sha256:")


def _processes_naming(marker: str) -> list[int]:
    """Return the pids whose command line mentions marker (forked workers share their parent's)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                pids.append(int(entry.name))
        except OSError:  # the process ended while we looked
            continue
    return pids


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [int(c) for task in tasks.iterdir() for c in (task / "children").read_text().split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process table from Linux's /proc")
@pytest.mark.parametrize("interrupt", [False, True])
def test_no_worker_process_outlives_the_run_finished_or_interrupted(tmp_path, interrupt):
    articles = {f"a{i}": "\n\n".join(PARAGRAPHS) + f"\n\nNote {i}." for i in range(40 if interrupt else 4)}
    source = write_jsonl(tmp_path / "in.jsonl", articles)
    out = tmp_path / "out-of-this-test"
    command = [sys.executable, "-m", "explorer.cli", "corpus", "run", str(source), "-o", str(out), "--workers", "2"]
    process = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=subprocess.PIPE, text=True)
    if interrupt:  # Ctrl-C once both workers are parsing
        deadline = time.monotonic() + 60
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == (130 if interrupt else 0), err
    deadline = time.monotonic() + 5
    while _processes_naming(str(out)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_naming(str(out)) == [] and "Traceback" not in err


def test_two_runs_at_once_give_the_app_its_collector_settings_back():
    import gc
    import multiprocessing

    from explorer.corpus.offline_pool import RUN_COLLECTION_THRESHOLD, ModelPool

    before = gc.get_threshold()
    context = multiprocessing.get_context()
    first = ModelPool(1, context, None)  # no worker starts before a job is submitted
    second = ModelPool(1, context, None)
    assert gc.get_threshold()[0] == RUN_COLLECTION_THRESHOLD
    first.shutdown()
    assert gc.get_threshold()[0] == RUN_COLLECTION_THRESHOLD  # the second run still goes on
    second.shutdown()
    second.shutdown()  # a Ctrl-C shuts a pool down twice
    assert gc.get_threshold() == before

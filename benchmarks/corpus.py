"""Corpus benchmarks: whole `explorer corpus run` commands as a user runs them, start-up included.

    python benchmarks/corpus.py [--corpus FILE.jsonl] [--latency 0.5] [--skip-10x] [--out docs/benchmarks-corpus.json]
    python benchmarks/corpus.py --only-llm   # redo only the LLM run, keeping the other figures

This VM's CPU speed swings by up to 2x from minute to minute, so each figure is the median of --repeat runs
(the offline every-core and one-worker runs interleaved), with every run's wall time and a speed probe (the
milliseconds of a fixed Python loop just before the run) kept beside it.

The corpus (by default /work/shared/eval/polnear-dev.jsonl) is read at run time only; nothing of it is kept.
Prints JSON and rewrites the "Corpus" section of docs/benchmarks.md. Never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.report import ENDPOINT_SCRIPT, machine, save  # noqa: E402
from benchmarks.team_text import team_text  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"


def run_command(args: list[str], home: Path, limit_s: float = 3600.0) -> dict[str, float]:
    """Run `explorer corpus run ARGS` in a subprocess; return its wall time, CPU time and peak RSS of its process tree.

    CPU time (user + sys of the command and the workers it waited for) is steadier than wall time on a busy
    machine. A run still going after limit_s is stopped and reported with "stopped_after_s".
    """
    env = {**os.environ, "EXPLORER_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("OPENAI_API_KEY", None)
    started, cpu_before = time.perf_counter(), _children_cpu()
    process = subprocess.Popen(
        [sys.executable, "-m", "explorer.cli", "corpus", "run", *args], env=env, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        if time.perf_counter() - started > limit_s:
            process.terminate()  # finished articles are kept; the figure says it did not finish
            process.wait()
            return {"wall_s": round(limit_s, 1), "peak_rss_mb": round(peak / 2**20, 1), "stopped_after_s": limit_s}
        time.sleep(0.05)
    wall = time.perf_counter() - started
    err = process.stderr.read() if process.stderr else ""
    if process.returncode:
        raise SystemExit(f"explorer corpus run failed ({process.returncode}): {err[-2000:]}")
    cpu = _children_cpu() - cpu_before
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(peak / 2**20, 1)}


def _children_cpu() -> float:
    """Return the user + sys seconds of every finished child process (and the children they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_rss(pid: int) -> int:
    """Return the resident memory in bytes of pid and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS")), 0)
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def words_of(path: Path) -> tuple[int, int]:
    """Return (articles, words) of a JSONL corpus."""
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return len(texts), sum(len(t.split()) for t in texts)


def copies(path: Path, times: int, out: Path) -> Path:
    """Write the corpus `times` over with distinct ids and texts; every paragraph differs, so no section repeats."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with out.open("w", encoding="utf-8") as handle:
        for copy in range(times):
            for item in lines:
                paragraphs = item["text"].split("\n\n")
                text = "\n\n".join(f"{paragraph} (Edition {copy}.)" for paragraph in paragraphs)
                handle.write(json.dumps({"id": f"{item['id']}#{copy}", "text": text}) + "\n")
    return out


def speed_probe() -> float:
    """Return the milliseconds a fixed pure-Python loop takes now: this VM's CPU speed swings from minute to minute."""
    started = time.perf_counter()
    total = 0
    for number in range(3_000_000):
        total += number
    return round((time.perf_counter() - started) * 1000)


def repeated(runs: list[dict[str, float]], words: int) -> dict[str, object]:
    """Return the median run (by wall time) with every run's wall time and speed probe beside it."""
    ordered = sorted(runs, key=lambda r: r["wall_s"])
    median = ordered[(len(ordered) - 1) // 2]
    return {
        **median,
        "words_per_s": round(words / median["wall_s"]),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "walls_s": [r["wall_s"] for r in runs],
        "probes_ms": [r["probe_ms"] for r in runs],
    }


def probed_run(args: list[str], home: Path, limit_s: float = 3600.0) -> dict[str, float]:
    """Run the command after taking the speed probe, and return both."""
    probe = speed_probe()
    return {**run_command(args, home, limit_s), "probe_ms": probe}


def bench_offline(corpus: Path, scratch: Path, ten_times: bool, repeat: int) -> dict[str, object]:
    """Offline: words/s with every core and with one worker (runs interleaved, medians); peak RSS at 1x and 10x."""
    articles, words = words_of(corpus)
    result: dict[str, object] = {"corpus": corpus.name, "articles": articles, "words": words, "repeat": repeat}
    runs: dict[str, list[dict[str, float]]] = {"all_cores": [], "one_worker": []}
    for attempt in range(repeat):  # interleaved, so a slow minute of the VM hits both kinds of run alike
        for label, extra in (("all_cores", []), ("one_worker", ["--workers", "1"])):
            args = [str(corpus), "-o", str(scratch / f"out-{label}-{attempt}"), "--backend", "offline", *extra]
            runs[label].append(probed_run(args, scratch / f"home-{label}-{attempt}"))
    for label, done in runs.items():
        result[label] = repeated(done, words)
    pairs = zip(runs["one_worker"], runs["all_cores"], strict=True)
    result["speedups"] = [round(one["wall_s"] / every["wall_s"], 2) for one, every in pairs]
    result["speedup"] = round(result["one_worker"]["wall_s"] / result["all_cores"]["wall_s"], 2)  # type: ignore[index]
    if ten_times:
        result["x10"] = bench_ten_times(corpus, scratch)
    return result


def bench_ten_times(corpus: Path, scratch: Path) -> dict[str, object]:
    """Offline over 10x the corpus (distinct texts): memory must stay flat as the corpus grows."""
    articles, _ = words_of(corpus)
    big = copies(corpus, 10, scratch / "x10.jsonl")
    run = probed_run([str(big), "-o", str(scratch / "out-x10"), "--backend", "offline"], scratch / "home-x10")
    return {**run, "articles": articles * 10, "words_per_s": round(words_of(big)[1] / run["wall_s"])}


def bench_big_text(scratch: Path, repeat: int, megabytes: float = 2.0) -> dict[str, object]:
    """Offline: one made-up text of about 2 MB (team-written sentences, hundreds of people) as a single article."""
    text = team_text(megabytes)
    path = scratch / "big.txt"
    path.write_text(text, encoding="utf-8")
    runs = [
        probed_run(
            [str(path), "-o", str(scratch / f"out-big-{n}"), "--backend", "offline"], scratch / f"home-big-{n}", 600
        )
        for n in range(repeat)
    ]
    words = len(text.split())
    stopped = [r for r in runs if "stopped_after_s" in r]
    if stopped:
        return {"bytes": len(text.encode("utf-8")), "words": words, **stopped[0]}
    return {"bytes": len(text.encode("utf-8")), "words": words, "repeat": repeat, **repeated(runs, words)}


def bench_llm(corpus: Path, scratch: Path, latency: float, concurrency: int, repeat: int) -> dict[str, object]:
    """LLM: a run against a local endpoint with latency, minus the same run served from the section cache."""
    code = ENDPOINT_SCRIPT.format(root=str(ROOT), latency=latency)
    pairs = []
    with subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as s:
        base_url = s.stdout.readline().strip() if s.stdout else ""
        common = ["--backend", "openai", "--base-url", base_url, "--concurrency", str(concurrency), "--model", "bench"]
        for n in range(repeat):  # a fresh store each time, so the first run of each pair calls the model for all
            home = scratch / f"home-llm-{n}"
            cold = probed_run([str(corpus), "-o", str(scratch / f"out-llm-{n}"), *common], home)
            warm = run_command([str(corpus), "-o", str(scratch / f"out-llm-cached-{n}"), *common], home)
            pairs.append((cold, warm))
        if s.stdin:
            s.stdin.close()
    sections = _sections(scratch / "out-llm-0")
    ideal = latency * math.ceil(sections / concurrency)
    ratios = [round((cold["wall_s"] - warm["wall_s"]) / ideal, 3) for cold, warm in pairs]
    cold, warm = sorted(pairs, key=lambda p: p[0]["wall_s"] - p[1]["wall_s"])[(len(pairs) - 1) // 2]
    return {
        "latency_s": latency,
        "concurrency": concurrency,
        "sections": sections,
        "repeat": repeat,
        "wall_s": cold["wall_s"],
        "cached_wall_s": warm["wall_s"],
        "ideal_s": round(ideal, 2),
        "ratio": round((cold["wall_s"] - warm["wall_s"]) / ideal, 3),
        "ratios": ratios,
        "probes_ms": [c["probe_ms"] for c, _ in pairs],
    }


def _sections(out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from explorer.corpus import open_corpus

    con = open_corpus(out)
    try:
        rows = con.execute("SELECT analysis_json FROM articles").fetchall()
    finally:
        con.close()
    return sum(len(json.loads(r[0])["sections"]) for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--skip-10x", action="store_true", help="skip the 10x memory run (it takes minutes)")
    parser.add_argument("--only-10x", action="store_true", help="add the 10x run to the results already in --out")
    parser.add_argument("--only-big", action="store_true", help="redo the 2 MB run in the results already in --out")
    parser.add_argument("--only-offline", action="store_true", help="redo the 84-article runs in --out's results")
    parser.add_argument("--only-llm", action="store_true", help="redo the LLM run in the results already in --out")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind; the figures are their medians")
    parser.add_argument("--note", default="", help="a remark shown with the results, e.g. on machine load")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-corpus.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        if args.only_10x:
            results = json.loads(args.out.read_text(encoding="utf-8"))
            results["offline"]["x10"] = bench_ten_times(args.corpus, scratch)
            save(results, args.out)
            return
        if args.only_big:
            results = json.loads(args.out.read_text(encoding="utf-8"))
            results["big_text"] = bench_big_text(scratch, args.repeat)
            results["note"] = args.note or results["note"]
            save(results, args.out)
            return
        if args.only_offline:
            results = json.loads(args.out.read_text(encoding="utf-8"))
            x10 = results["offline"].get("x10")
            results["offline"] = bench_offline(args.corpus, scratch, False, args.repeat)
            results["offline"].update({"x10": x10} if x10 else {})
            results["note"] = args.note or results["note"]
            save(results, args.out)
            return
        if args.only_llm:
            results = json.loads(args.out.read_text(encoding="utf-8"))
            results["llm"] = bench_llm(args.corpus, scratch, args.latency, args.concurrency, args.repeat)
            results["note"] = args.note or results["note"]
            save(results, args.out)
            return
        results = {
            "date": date.today().isoformat(),
            "machine": machine(),
            "note": args.note,
            "offline": bench_offline(args.corpus, scratch, not args.skip_10x, args.repeat),
            "big_text": bench_big_text(scratch, args.repeat),
            "llm": bench_llm(args.corpus, scratch, args.latency, args.concurrency, args.repeat),
        }
    save(results, args.out)


if __name__ == "__main__":
    main()

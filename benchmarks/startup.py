"""Start-up benchmark: whole `explorer` processes, `--help` and `analyze` of an article already in the store.

    python benchmarks/startup.py [--runs 10] [--out docs/benchmarks-startup.json]

Each command runs `runs` times in a fresh interpreter (like hyperfine); the median and the fastest run are
kept. Prints JSON and rewrites docs/benchmarks.md. Never part of the test run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.report import machine, save  # noqa: E402
from explorer.sample import load_sample  # noqa: E402
from tests.fake_openai import FakeOpenAI  # noqa: E402
from tests.llm_replies import faithful_reply  # noqa: E402

TARGETS_S = {"help": 0.4, "analyze_cached_offline": 0.8, "analyze_cached_llm": 0.8}


def timed(args: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    """Return the median and fastest wall time of running args `runs` times, and the median CPU time.

    CPU time (user + system) hardly changes when other work shares the machine; wall time does.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(args, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "cpu_s": round(statistics.median(cpus), 3),
    }


def environment(home: Path, base_url: str) -> dict[str, str]:
    """Return the environment of every timed process: this checkout first, a private store, the endpoint."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "EXPLORER_"))}
    return keep | {"PYTHONPATH": str(ROOT), "EXPLORER_HOME": str(home), "OPENAI_BASE_URL": base_url}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-startup.json")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "explorer.cli"]
    with tempfile.TemporaryDirectory() as folder, FakeOpenAI() as server:
        server.default = faithful_reply
        article = Path(folder) / "article.md"
        article.write_text(load_sample()[1], encoding="utf-8")
        env = environment(Path(folder) / "home", server.base_url)
        for backend in ("offline", "openai"):  # the first run fills the store; the timed runs find it there
            fill = [*cli, "analyze", str(article), "--backend", backend]
            subprocess.run(fill, env=env, check=True, capture_output=True)
        results = {
            "python": timed([sys.executable, "-c", "pass"], env, args.runs),
            "help": timed([*cli, "--help"], env, args.runs),
            "analyze_cached_offline": timed([*cli, "analyze", str(article), "--backend", "offline"], env, args.runs),
            "analyze_cached_llm": timed([*cli, "analyze", str(article), "--backend", "openai"], env, args.runs),
            "analyze_cached_offline_json": timed(
                [*cli, "analyze", str(article), "--backend", "offline", "--format", "json"], env, args.runs
            ),
        }
    save(
        {
            "date": date.today().isoformat(),
            "machine": machine(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "runs": args.runs,
            "targets_s": TARGETS_S,
            "results": results,
        },
        args.out,
    )


if __name__ == "__main__":
    main()

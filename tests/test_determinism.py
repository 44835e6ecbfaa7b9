"""The same article gives the same analysis in every process: nothing may depend on a set's order or on timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# people who share a surname, so a bare surname has more than one equally long full name to go to
STORY = (
    "Mara Lind, the harbour director, opened the meeting on Tuesday. Jonas Lind, her cousin, sat at the back.\n\n"
    "“The tide gauges are failing,” Lind said. Tove Berg and Elin Berg both objected to the plan.\n\n"
    "“We need new money first,” Berg said. Oskar Falk and Petra Falk agreed with her. "
    "Falk said the council would vote in May.\n"
)
# string hashes, and so the order of a set of names, change with PYTHONHASHSEED; with these seeds the
# order of the names above differs, which once gave the bare surnames to different people
SEEDS = ("0", "3", "4")


def analysed_in_a_new_process(story: Path, home: Path, seed: str) -> str:
    """Return the JSON `explorer analyze` prints for story, run with the given hash seed and a fresh store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(EXPLORER_HOME=str(home), PYTHONHASHSEED=seed)
    command = [sys.executable, "-m", "explorer.cli", "analyze", str(story), "--format", "json", "--backend", "offline"]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_the_offline_analysis_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    outputs = {seed: analysed_in_a_new_process(story, tmp_path / f"home-{seed}", seed) for seed in SEEDS}
    speakers = {claim["speaker"] for claim in json.loads(outputs[SEEDS[0]])["claims"]}
    assert {name.split()[-1] for name in speakers} >= {"Lind", "Berg"}  # the quotes of the surname-sharers were found
    assert len(set(outputs.values())) == 1, "the same article gave different analyses in different processes"

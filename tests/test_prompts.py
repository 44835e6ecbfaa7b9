"""Prompt files: filled safely, failing loudly on a missing variable, hashed by content, shipped in the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from explorer.prompts import PromptError, Template, load_template, prompt_dir

REPO = Path(__file__).resolve().parents[1]
PROMPT_NAMES = ["extract_system", "extract_user"]


def test_a_missing_variable_is_named_in_the_error():
    with pytest.raises(PromptError, match="'extract_user' needs the variable 'section'"):
        load_template("extract_user").fill()


@pytest.mark.parametrize(
    "value",
    ["It cost $40,000, said Mara Lind.", "Price: $$5 or ${section} or $ alone", "Tomas Berg: “$100 is $too much”"],
)
def test_dollar_signs_inside_a_value_survive(value):
    filled = Template("t", "Before\n${section}\nAfter").fill(section=value)
    assert filled == f"Before\n{value}\nAfter"


@pytest.mark.parametrize("text", ["Pay $ now", "A ${broken placeholder"])
def test_a_malformed_placeholder_is_reported(text):
    with pytest.raises(PromptError, match="malformed placeholder"):
        Template("bad", text).fill(section="x")


def test_editing_a_prompt_file_changes_its_hash(prompts):
    before = load_template("extract_system")
    path = prompts / "extract_system.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nAnswer briefly.\n", encoding="utf-8")
    after = load_template("extract_system")
    assert after.text.endswith("Answer briefly.\n")
    assert after.sha256 != before.sha256
    assert load_template("extract_user").sha256 == Template("u", (prompts / "extract_user.md").read_text()).sha256


def test_a_prompt_folder_set_in_the_environment_is_used(prompts):
    assert prompt_dir() == prompts


def test_a_missing_prompt_file_is_named_in_the_error(prompts):
    (prompts / "extract_user.md").unlink()
    with pytest.raises(PromptError, match="extract_user.md does not exist"):
        load_template("extract_user")


@pytest.mark.parametrize("name", PROMPT_NAMES)
def test_the_package_ships_its_own_prompts(name, monkeypatch):
    monkeypatch.delenv("EXPLORER_PROMPTS", raising=False)
    template = load_template(name)
    assert template.text.strip() and len(template.sha256) == 64


def test_the_user_prompt_puts_the_section_between_markers():
    filled = load_template("extract_user").fill(section="“The quay stays,” said Ilse Varga.")
    assert "<<<ARTICLE SECTION\n“The quay stays,” said Ilse Varga.\nARTICLE SECTION>>>" in filled


def test_a_built_wheel_carries_the_prompts_and_finds_them_when_installed(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = tmp_path.glob("article_explorer-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for name in PROMPT_NAMES:
            shipped = archive.read(f"explorer/prompts/{name}.md").decode("utf-8")
            assert shipped == (REPO / "prompts" / f"{name}.md").read_text(encoding="utf-8")
        archive.extractall(tmp_path / "site")
    env = {k: v for k, v in os.environ.items() if k != "EXPLORER_PROMPTS"} | {"PYTHONPATH": str(tmp_path / "site")}
    probe = "from explorer.prompts import load_template, prompt_dir; load_template('extract_user'); print(prompt_dir())"
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert Path(run.stdout.strip()) == tmp_path / "site" / "explorer" / "prompts"


def test_a_mistyped_prompts_folder_is_an_error_not_the_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_PROMPTS", str(tmp_path / "promts"))
    with pytest.raises(PromptError, match=r"EXPLORER_PROMPTS is set to .*promts, which is not a folder"):
        prompt_dir()


def test_the_cli_says_a_mistyped_prompts_folder_in_one_line(tmp_path, monkeypatch, capsys):
    from explorer.cli import main

    story = tmp_path / "story.txt"
    story.write_text("“The quay is safe,” said Tomas Berg.", encoding="utf-8")
    monkeypatch.setenv("EXPLORER_PROMPTS", str(tmp_path / "promts"))
    monkeypatch.setenv("EXPLORER_HOME", str(tmp_path / "home"))
    argv = ["analyze", str(story), "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1"]
    assert main(argv) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: EXPLORER_PROMPTS is set to {tmp_path / 'promts'}, which is not a folder; fix or unset it."
    ]

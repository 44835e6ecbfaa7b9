"""What the engine handles poorly is said up front: very large articles, non-English text offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer import analyse_article, load_settings
from explorer.limits import LARGE_ARTICLE_TOKENS, OFFLINE_LANGUAGE_NOTE, large_article_warning, looks_english
from tests.articles import PARAGRAPHS

TEXTS = {
    "english": (" ".join(PARAGRAPHS), True),
    "english-with-nordic-names": (
        "“The quay stays,” said Åsa Ølund. Jørgen Søndergård, the harbour master, "
        "disagreed and said the plan would cost the town its fleet.",
        True,
    ),
    "too-short-to-judge": ("Ølund: nej.", True),
    "german": (
        "„Der Hafenplan wird die Stadt ihre Fischereiflotte kosten“, sagte Mara Lind. Lind leitet die "
        "Gewerkschaft der Hafenarbeiter. Der Plan ist solide, sagte Tomas Berg am Dienstag.",
        False,
    ),
    "french": (
        "« Le projet du port coûtera à la ville sa flotte de pêche », a déclaré Mara Lind. Lind préside le "
        "syndicat des dockers. Le projet est solide, a dit Tomas Berg mardi soir.",
        False,
    ),
    "spanish": (
        "«El plan del puerto le costará a la ciudad su flota pesquera», dijo Mara Lind. Lind preside el "
        "sindicato de estibadores. El plan es sólido, dijo Tomas Berg el martes por la noche.",
        False,
    ),
    "russian": (
        "«План гавани будет стоить городу его рыболовного флота», — сказала Мара Линд. Линд возглавляет "
        "профсоюз докеров.",
        False,
    ),
    "chinese": (
        "“港口计划将使小镇失去渔船队，”玛拉·林德说。林德是码头工人工会主席。"
        "港务局局长托马斯·伯格表示计划是合理的。他说，我们听取了每一项反对意见。",
        False,
    ),
}


@pytest.mark.parametrize(("text", "english"), TEXTS.values(), ids=TEXTS.keys())
def test_english_is_told_apart_from_other_languages(text: str, english: bool) -> None:
    assert looks_english(text) is english


@pytest.mark.parametrize("name", ["english", "german", "chinese"])
def test_the_offline_analyser_says_its_limits_but_still_analyses(tmp_path: Path, name: str) -> None:
    text, english = TEXTS[name]
    settings = load_settings(env={}, backend="offline", home=tmp_path)

    analysis = analyse_article(text, None, settings)

    assert analysis.sections and not analysis.failed_sections
    assert (OFFLINE_LANGUAGE_NOTE in analysis.notes) is not english
    assert "use an LLM backend" in OFFLINE_LANGUAGE_NOTE


@pytest.mark.parametrize(
    ("tokens", "warns"),
    [(0, False), (LARGE_ARTICLE_TOKENS - 1, False), (LARGE_ARTICLE_TOKENS, True), (600_000, True)],
)
def test_a_large_article_is_warned_about_before_an_llm_run(tokens: int, warns: bool) -> None:
    warning = large_article_warning(tokens, section_tokens=1200)
    assert (warning is not None) is warns
    if warning:
        assert f"{tokens:,} tokens" in warning and f"{-(-tokens // 1200):,} calls" in warning

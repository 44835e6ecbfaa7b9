"""The article view: highlighted spans, and nothing from the article rendered as live HTML."""

from __future__ import annotations

from explorer.highlight import Mark, colour_for, highlighted_html, legend_html

HOSTILE = 'The mayor said <script>alert("x")</script> & <b>bold</b> "quoted".'


def test_article_text_is_escaped_everywhere() -> None:
    html = highlighted_html(HOSTILE, [Mark(0, 9, "#4e79a7", '<img src=x onerror="boom">')])
    assert "<script>" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_each_mark_wraps_exactly_its_words() -> None:
    text = "Mara Lind said the quay is safe."
    html = highlighted_html(text, [Mark(15, 31, "#59a14f", "Mara Lind: said")])
    assert (
        '<span style="background: #59a14f40; border-radius: 3px" title="Mara Lind: said">the quay is safe</span>'
        in html
    )


def test_overlapping_marks_nest_without_losing_text() -> None:
    text = "Mara Lind said the quay is safe."
    html = highlighted_html(text, [Mark(0, 9, "#f28e2b", "actor", "underline"), Mark(0, 31, "#4e79a7", "claim")])
    plain = html
    for tag in ("</span>",):
        plain = plain.replace(tag, "")
    assert "Mara Lind" in plain and "said the quay is safe" in plain


def test_marks_outside_the_text_are_ignored() -> None:
    html = highlighted_html("short", [Mark(3, 99, "#000000", "bad"), Mark(-1, 2, "#000000", "bad")])
    assert "span" not in html and "short" in html


def test_colours_are_stable_per_actor_and_grey_for_unknown() -> None:
    names = ["Mara Lind", "Tomas Berg"]
    assert colour_for("Mara Lind", names) == colour_for("Mara Lind", list(names))
    assert colour_for("Mara Lind", names) != colour_for("Tomas Berg", names)
    assert colour_for(None, names) == colour_for("Nobody", names) == "#9e9e9e"


def test_legend_escapes_labels() -> None:
    assert "&lt;b&gt;" in legend_html([("<b>Mara</b>", "#4e79a7")])

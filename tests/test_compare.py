"""Comparing summary versions: word diffs that escape HTML, metrics on a tiny article, the Markdown report."""

from __future__ import annotations

import pytest

from explorer.analysis import Analysis
from explorer.checking import check_summary
from explorer.compare import comparison_markdown, summary_metrics, word_diff_html
from explorer.findings import Actor, Claim

TEXT = 'Mara Lind said "the quay will close next year". The council met on Monday in Kelby.'


@pytest.fixture
def analysis() -> Analysis:
    quote = "the quay will close next year"
    return Analysis(
        title="Quay",
        text=TEXT,
        backend="offline",
        actors=[
            Actor(name="Mara Lind", type="person", mentions=[(0, 9)]),
            Actor(name="Tomas Berg", type="person", title="port chief"),
        ],
        claims=[
            Claim(
                speaker="Mara Lind",
                speaker_span=(0, 9),
                text=quote,
                span=(16, 16 + len(quote)),
                quote="direct",
                cue="said",
            )
        ],
    )


@pytest.mark.parametrize(
    ("a", "b", "left", "right"),
    [
        (
            "the law will destroy jobs",
            "the law will create jobs",
            "the law will <del>destroy</del> jobs",
            "the law will <ins>create</ins> jobs",
        ),
        ("Holt warned.", "Holt warned loudly.", "Holt <del>warned.</del>", "Holt <ins>warned loudly.</ins>"),
        ("same words", "same words", "same words", "same words"),
        (
            "a <b> c",
            "a <script>alert(1)</script> c",
            "a <del>&lt;b&gt;</del> c",
            "a <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins> c",
        ),
    ],
)
def test_word_diff_marks_changed_words_and_escapes_html(a, b, left, right):
    assert word_diff_html(a, b) == (left, right)


def test_metrics_count_words_actors_claims_and_quotes(analysis):
    metrics = summary_metrics(analysis, 'Mara Lind said "the quay will close next year".')
    assert metrics.words == 9 and metrics.article_words == 16
    assert metrics.compression == round(9 / 16, 3)
    assert metrics.actors_mentioned == ["Mara Lind"] and metrics.actors_total == 2
    assert [(c.speaker, c.text) for c in metrics.claims] == [("Mara Lind", "the quay will close next year")]
    assert (metrics.quotes_kept, metrics.quotes) == (1, ["the quay will close next year"])


def test_metrics_of_a_summary_that_drops_the_quote(analysis):
    metrics = summary_metrics(analysis, "The council met in Kelby.")
    assert (metrics.words, metrics.claims_covered, metrics.quotes_kept) == (5, 0, 0)
    assert metrics.actors_mentioned == []


def test_the_markdown_report_has_a_table_each_text_and_its_flags(analysis):
    report = comparison_markdown(
        [
            ("offline | neutral", 'Mara Lind said "the quay will close next year".'),
            ("edited", "The quay will close next year."),
        ],
        analysis,
    )
    assert report.startswith("# Summary comparison: Quay")
    assert "| offline \\| neutral | 9 | 56% | 1 | 1/1 | 1/1 | 0 |" in report
    assert "| edited | 6 | 38% | 0 | 1/1 | 1/1 | 1 |" in report
    assert "## edited\n\nThe quay will close next year." in report
    assert "stated as fact; the article attributes this to Mara Lind" in report


def test_the_markdown_report_reuses_metrics_and_flags_the_caller_already_has(analysis):
    versions = [("quoted", 'Mara Lind said "the quay will close next year".'), ("edited", "The quay will close.")]
    measured = [(summary_metrics(analysis, text), check_summary(analysis, text)) for _, text in versions]
    assert comparison_markdown(versions, analysis, measured=measured) == comparison_markdown(versions, analysis)

"""The Markdown rendering in derivations/markdown/ is current (golden files) and displays on a code host.

Regenerate with ``symbolic-info derive --all --format markdown --out derivations/markdown``.
A code host runs Markdown before MathJax: the math must survive that pass (no backslash
before punctuation, which Markdown would eat) and then be valid MathJax.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from symbolic_info import catalogue
from symbolic_info.errors import DerivationError
from symbolic_info.render.common import escape_text, text_in_math
from symbolic_info.render.figures import FIGURES, figures_for, matplotlib_available
from symbolic_info.render.markdown import INDEX_NAME, markdown_prose, render_index, render_markdown

from .conftest import MARKDOWN_COMMAND, FigureLookup, VerifiedLookup, catalogue_params, derive_options, require
from .mathjax import math_pieces, problems

MARKDOWN = Path(__file__).resolve().parent.parent / "derivations" / "markdown"
OUT_OF_DATE = f"out of date: regenerate with `symbolic-info derive {' '.join(MARKDOWN_COMMAND)}`"
_ESCAPED_BY_MARKDOWN = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash before ASCII punctuation


def _page(verified: VerifiedLookup, derivation_id: str) -> str:
    return render_markdown(verified(derivation_id), figures_for(derivation_id), derive_options(*MARKDOWN_COMMAND))


@pytest.mark.slow  # every derivation verified: the golden pages are checked by the full suite
@pytest.mark.parametrize("derivation_id", catalogue_params())
def test_markdown_page_is_up_to_date(verified: VerifiedLookup, derivation_id: str) -> None:
    path = MARKDOWN / f"{derivation_id}.md"
    assert path.exists(), f"{path.name} is missing: {OUT_OF_DATE}"
    assert path.read_text(encoding="utf-8") == _page(verified, derivation_id), OUT_OF_DATE


@pytest.mark.slow
def test_index_is_up_to_date_and_links_every_page() -> None:
    sections = [
        (part.title, [(entry.id, catalogue.build(entry.id).title) for entry in part.entries])
        for part in catalogue.parts()
    ]
    index = (MARKDOWN / INDEX_NAME).read_text(encoding="utf-8")
    assert index == render_index(sections, FIGURES, derive_options(*MARKDOWN_COMMAND)), OUT_OF_DATE
    for derivation_id in catalogue.ids():
        assert f"]({derivation_id}.md)" in index


@pytest.mark.parametrize("derivation_id", catalogue_params())
def test_the_math_survives_markdown_and_is_valid_mathjax(verified: VerifiedLookup, derivation_id: str) -> None:
    page = _page(verified, derivation_id)
    assert "\\tag" not in page and "\\parbox" not in page
    blocks = re.findall(r"^\$\$\n(.*?)\n\$\$$", page, flags=re.MULTILINE | re.DOTALL)
    derivation = verified(derivation_id).derivation
    theorem_block = 1 if derivation.theorem else 0  # the stated theorem, shown as one display before the chains
    assert len(blocks) == len(derivation.chains) + theorem_block
    assert page.count("\\begin{aligned}") == len(derivation.chains)
    for piece in math_pieces(page):
        assert problems(piece) == [], piece
        # a row break is the only backslash before punctuation, and it ends its line
        assert _ESCAPED_BY_MARKDOWN.findall(piece.replace("\\\\\n", "\n")) == [], piece


def test_every_figure_is_committed_and_every_image_link_resolves() -> None:
    committed = sorted(path.name for path in (MARKDOWN / "figures").glob("*.svg"))
    assert committed == sorted(f"{figure.name}.svg" for figure in FIGURES), OUT_OF_DATE
    for page in MARKDOWN.glob("*.md"):
        for link in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", page.read_text(encoding="utf-8")):
            assert (MARKDOWN / link).is_file(), (page.name, link)


@pytest.mark.slow  # draws every figure
def test_committed_figures_are_what_the_code_draws(drawn_figures: FigureLookup) -> None:
    require(matplotlib_available(), "matplotlib (the plots extra) is not installed")
    import matplotlib

    drawn = drawn_figures("svg")
    for figure in FIGURES:
        committed = (MARKDOWN / "figures" / f"{figure.name}.svg").read_bytes()
        version = re.search(rb"Matplotlib v([0-9][0-9.]*)", committed)
        assert version is not None, figure.name
        if version.group(1).decode() != matplotlib.__version__:
            pytest.skip(f"drawn with matplotlib {version.group(1).decode()}, {matplotlib.__version__} installed")
        assert committed == drawn[f"{figure.name}.svg"], OUT_OF_DATE


@pytest.mark.parametrize("render", [escape_text, text_in_math, markdown_prose])
def test_unbalanced_inline_math_is_an_authors_error(render: Callable[[str], str]) -> None:
    with pytest.raises(DerivationError, match="unbalanced"):
        render("a $x")

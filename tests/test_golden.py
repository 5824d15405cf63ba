"""The committed files in derivations/ are exactly what the code renders (golden files).

Regenerate them with ``symbolic-info derive --all`` (and ``--format markdown --out derivations/markdown``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symbolic_info import catalogue
from symbolic_info.engine import StepVerdict
from symbolic_info.render.figures import FIGURES
from symbolic_info.render.latex import BOOK_NAME, render_book, render_derivation

from .conftest import LATEX_COMMAND, VerifiedLookup, catalogue_params, derive_options

DERIVATIONS = Path(__file__).resolve().parent.parent / "derivations"
REGENERATE = "out of date: regenerate with `symbolic-info derive --all`"


@pytest.mark.slow
@pytest.mark.parametrize("derivation_id", catalogue_params())
def test_every_step_verifies(verified: VerifiedLookup, derivation_id: str) -> None:
    report = verified(derivation_id)
    failures = [(r.method, r.detail) for r in report.step_results if r.verdict is StepVerdict.FAILED]
    assert failures == []
    assert report.derivation.step_count == len(report.step_results) > 0


@pytest.mark.slow  # every derivation verified: the golden files are checked by the full suite
@pytest.mark.parametrize("derivation_id", catalogue_params())
def test_rendered_latex_is_up_to_date(verified: VerifiedLookup, derivation_id: str) -> None:
    path = DERIVATIONS / f"{derivation_id}.tex"
    assert path.exists(), f"{path.name} is missing: {REGENERATE}"
    assert path.read_text(encoding="utf-8") == render_derivation(
        verified(derivation_id), derive_options(*LATEX_COMMAND)
    ), REGENERATE


def test_book_is_up_to_date_and_includes_every_derivation() -> None:
    expected = render_book(catalogue.book_sections(), FIGURES, derive_options(*LATEX_COMMAND))
    book = (DERIVATIONS / BOOK_NAME).read_text(encoding="utf-8")
    assert book == expected, REGENERATE
    for derivation_id in catalogue.ids():
        assert f"\\input{{{derivation_id}}}" in book


def test_rendered_files_are_ascii() -> None:
    for path in DERIVATIONS.glob("*.tex"):
        path.read_text(encoding="ascii")  # pdflatex without inputenc tricks

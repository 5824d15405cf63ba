"""One source for each fact: the registry, the verifier's numbers, verification done once, display from above."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info import catalogue
from symbolic_info.cli import main
from symbolic_info.engine import DEFAULT_BUDGET, DEFAULT_POINTS, WORKING_DIGITS, Chain, Derivation, Domain, Real
from symbolic_info.engine import verification as verification_module
from symbolic_info.engine.bounded import Outcome, run_bounded
from symbolic_info.engine.obligations import GUARD_DIGITS
from symbolic_info.render.latex import render_book
from symbolic_info.render.markdown import render_index
from symbolic_info.render.mathjax import render_notebook

from .conftest import VerifiedLookup


@pytest.mark.slow
def test_every_catalogue_entry_builds_the_derivation_it_is_listed_as() -> None:
    for part in catalogue.parts():
        for item in part.entries:
            assert item.builder().id == item.id
    assert len(set(catalogue.ids())) == len(catalogue.ids())


def test_the_book_and_the_index_state_the_verifiers_own_numbers() -> None:
    expected = (
        f"{DEFAULT_POINTS} random points of the domain (the same points on every run), "
        f"evaluated at {WORKING_DIGITS} digits"
    )
    compared = f"compared to {WORKING_DIGITS - GUARD_DIGITS} of them"
    for text in (render_book(catalogue.book_sections()), render_index([])):
        assert expected in text and compared in text


def test_the_command_line_help_states_the_budget(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("derive", "verify"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert f"(default {DEFAULT_BUDGET:g})" in capsys.readouterr().out


def _tiny() -> Derivation:
    x = sp.Symbol("x", positive=True)
    chains = (Chain.start(sp.log(x**2)).equals(2 * sp.log(x), "a power inside the log"),)
    return Derivation("tiny", "Tiny", Domain.of(Real(x, low=0)), chains)


def test_a_derivation_is_verified_once_however_often_it_is_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    real = run_bounded

    def counted(function: Callable[[], Any], seconds: float) -> Outcome:
        calls.append(seconds)
        return real(function, seconds)

    monkeypatch.setattr(verification_module, "run_bounded", counted)
    derivation = _tiny()
    first, second = derivation._repr_latex_(), derivation._repr_latex_()
    assert first == second == render_notebook(derivation.verify())
    assert len(calls) == derivation.step_count  # one proof attempt per step, not one per display
    assert derivation.verify() is derivation.verify()
    assert derivation.verify(points=5) is not derivation.verify()  # other options: verified anew


def test_notebook_display_is_the_renderer_registered_from_above() -> None:
    verified = si.verify(_tiny())
    assert verified._repr_latex_() == render_notebook(verified)


@pytest.mark.slow  # verifies the whole catalogue (shared with the golden tests)
def test_the_list_of_proved_lemmas_is_what_the_catalogue_verifies(verified: VerifiedLookup) -> None:
    from symbolic_info.catalogue.lemmas import PROVED_FILE, proved_text

    written = (Path(catalogue.__file__).parent / PROVED_FILE).read_text(encoding="utf-8")
    expected = proved_text(verified(derivation_id) for derivation_id in catalogue.ids())
    assert written == expected, "regenerate with `python -m symbolic_info.catalogue`"

"""Figures: the plotted functions against hand-derived values, units on the axes, deterministic files, in the book."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from symbolic_info import catalogue
from symbolic_info.formulas import definitions
from symbolic_info.render import figures, loss_figures
from symbolic_info.render.figures import FIGURES, matplotlib_available, numeric
from symbolic_info.render.latex import render_book

from .conftest import FigureLookup, require
from .crosscheck import assert_close, evaluate, sigmoid


def test_binary_entropy_curve_values() -> None:
    p = sp.Symbol("p")
    bits = numeric(definitions.binary_entropy(p, base=2), p)
    values = bits(np.array([0.0, 0.5, 1.0, 0.25]))
    expected_quarter = -(0.25 * math.log2(0.25) + 0.75 * math.log2(0.75))
    assert_close(values, [0.0, 1.0, 0.0, expected_quarter], rtol=1e-15, atol=0)


def test_simplex_entropy_is_log2_3_at_the_centre_and_0_at_a_corner() -> None:
    p1, p2 = sp.symbols("p1 p2")
    bits = numeric(definitions.entropy([p1, p2, 1 - p1 - p2], base=2), p1, p2)
    at = (np.array([1 / 3, 1.0]), np.array([1 / 3, 0.0]))
    assert_close(bits(*at), [math.log2(3), 0.0], rtol=1e-7, atol=1e-15)  # NumPy's default rtol


def test_gradients_through_a_sigmoid_match_the_closed_forms() -> None:
    w, squared, cross = loss_figures.logistic_losses()
    z = np.array([-10.0, -2.0, 0.0, 3.0])
    # by hand: d/dw of -log sigma(w) and of (sigma(w) - 1)^2 / 2, with sigma' = sigma (1 - sigma)
    cross_slope = [evaluate(lambda t: sigmoid(t) - 1, t) for t in z]
    squared_slope = [evaluate(lambda t: -sigmoid(t) * (1 - sigmoid(t)) ** 2, t) for t in z]
    assert_close(numeric(sp.diff(cross, w), w)(z), cross_slope, rtol=1e-12, atol=0)
    assert_close(numeric(sp.diff(squared, w), w)(z), squared_slope, rtol=1e-12, atol=0)


@pytest.mark.slow
def test_squared_error_is_concave_exactly_left_of_minus_log_2() -> None:
    w, squared, cross = loss_figures.logistic_losses()
    curvature = numeric(sp.diff(squared, w, 2), w)
    edge = -math.log(2)  # hand-derived: the second derivative is -sigma'(1 - sigma)(1 - 3 sigma)
    assert curvature(edge - 1e-6) < 0 < curvature(edge + 1e-6)
    assert np.all(numeric(sp.diff(cross, w, 2), w)(np.linspace(-20, 20, 81)) > 0)


def test_kl_in_both_directions_along_the_path() -> None:
    t = sp.Symbol("t")
    half = [sp.Rational(1, 2)] * 2
    forward = numeric(definitions.kl_divergence(half, [t, 1 - t]), t)
    backward = numeric(definitions.kl_divergence([t, 1 - t], half), t)
    value = 0.1
    assert_close(forward(value), -0.5 * math.log(4 * value * (1 - value)), rtol=1e-14, atol=0)
    assert_close(backward(value), value * math.log(2 * value) + 0.9 * math.log(1.8), rtol=1e-14, atol=0)
    assert backward(0.0) == pytest.approx(math.log(2), rel=1e-15)  # 0 log 0 = 0 at the end point


@pytest.mark.slow
def test_every_figure_states_its_units_and_labels_its_axes() -> None:
    require(matplotlib_available(), "matplotlib (the plots extra) is not installed")
    from matplotlib.figure import Figure as MplFigure

    for figure in FIGURES:
        drawing = MplFigure()
        figure.draw(drawing)
        labels = [axes.get_ylabel() for axes in drawing.axes] + [axes.get_xlabel() for axes in drawing.axes]
        visible = [axes for axes in drawing.axes if axes.axison]
        assert all(axes.get_xlabel() for axes in visible if axes.get_label() != "<colorbar>"), figure.name
        assert any("bits" in label or "nats" in label for label in labels), (figure.name, labels)


@pytest.mark.slow  # draws every figure
@pytest.mark.parametrize("file_format", ["pdf", "svg"])
def test_figures_are_byte_identical_when_drawn_twice(drawn_figures: FigureLookup, file_format: str) -> None:
    require(matplotlib_available(), "matplotlib (the plots extra) is not installed")
    first = drawn_figures(file_format)
    assert sorted(first) == sorted(f"{figure.name}.{file_format}" for figure in FIGURES)
    again = figures.draw_all(file_format, FIGURES[:2])  # the cheapest pair; all are drawn by the same code
    for name, data in again.items():
        assert data == first[name], name
    date = {"pdf": b"/CreationDate", "svg": b"<dc:date>"}[file_format]
    assert all(date not in data for data in first.values())  # no build date: the same bytes on every run


def test_the_book_includes_every_figure_after_its_derivation() -> None:
    sections = catalogue.book_sections()
    book = render_book(sections)
    assert "\\usepackage{graphicx}" in book
    for figure in FIGURES:
        assert book.count(f"\\includegraphics[width=0.92\\linewidth]{{figures/{figure.name}.pdf}}") == 1
        if figure.near in catalogue.ids():
            after = book.index(f"\\input{{{figure.near}}}")
            assert after < book.index(f"figures/{figure.name}.pdf") < book.index("\\clearpage", after)
    unplaced = [figure for figure in FIGURES if figure.near not in catalogue.ids()]
    assert ("\\part{Figures}" in book) == bool(unplaced)

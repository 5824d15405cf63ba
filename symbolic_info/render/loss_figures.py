"""The figures of the losses: gradients and convexity through a sigmoid, and the focal loss against cross-entropy.

Each drawing function fills a matplotlib figure from formulas of :mod:`symbolic_info.formulas`
lambdified by :func:`~.plotting.numeric`; :data:`LOSS_FIGURES` lists them with their captions.

>>> [figure.near for figure in LOSS_FIGURES]
['gradient-comparison', 'mse-sigmoid-nonconvex', 'focal-loss']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import sympy as sp

from ..formulas import definitions, focal
from .plotting import Figure, numeric

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

__all__ = ["LOSS_FIGURES", "logistic_losses"]


def logistic_losses() -> tuple[sp.Symbol, sp.Expr, sp.Expr]:
    """``w`` and the two losses of one example ``x = 1, y = 1`` for the prediction ``sigma(w x)``."""
    w, x, y = sp.symbols("w x y", real=True)
    prediction = definitions.sigmoid(w * x)
    squared = (prediction - y) ** 2 / 2
    cross = definitions.binary_cross_entropy(y, prediction)
    example = {x: 1, y: 1}
    return w, squared.subs(example), cross.subs(example)


def _gradient_saturation(fig: MplFigure) -> None:
    w, squared, cross = logistic_losses()
    z = np.linspace(-10.0, 10.0, 801)
    ax = fig.add_subplot()
    for loss, label, colour in (
        (cross, "cross-entropy (nats)", "C0"),
        (squared, r"squared error $\frac{1}{2}(\sigma - y)^2$", "C1"),
    ):
        gradient = numeric(sp.diff(loss, w), w)
        ax.semilogy(z, np.abs(gradient(z)), color=colour, label=label)
    ax.axvspan(-10, 0, color="C3", alpha=0.06)
    ax.annotate(
        "confidently wrong: the squared-error\ngradient vanishes, cross-entropy's tends to 1",
        (-8.0, 6e-4),
        xytext=(-9.6, 1e-6),
        arrowprops={"arrowstyle": "->"},
        fontsize=8,
    )
    ax.set_xlabel(r"$z = wx$ (one example with $x = 1$, label $y = 1$)")
    ax.set_ylabel(r"$|\partial L / \partial w|$ (L in nats for cross-entropy)")
    ax.set_xlim(-10, 10)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title(r"Gradient of the loss through a sigmoid, $\hat y = \sigma(wx)$")


def _squared_error_nonconvex(fig: MplFigure) -> None:
    w, squared, cross = logistic_losses()
    grid = np.linspace(-6.0, 4.0, 801)
    left, right = fig.subplots(1, 2)
    for ax, loss, title, unit, chord in (
        (left, squared, r"$\frac{1}{2}(\sigma(wx) - y)^2$: not convex", "", (-5.0, -1.0)),
        (right, cross, r"$-\log \sigma(wx)$ (cross-entropy): convex", " (nats)", (-2.0, 3.0)),
    ):
        values = numeric(loss, w)(grid)
        concave = numeric(sp.diff(loss, w, 2), w)(grid) < 0
        top = values.max() * 1.05
        ax.plot(grid, values, color="C0", label="loss")
        if concave.any():
            ax.fill_between(grid, 0, top, where=concave, color="C3", alpha=0.12, label="second derivative < 0")
        ax.plot(chord, numeric(loss, w)(np.array(chord)), "--", color="C2", label="a chord")
        ax.set_xlabel(r"weight $w$ ($x = 1$, $y = 1$)")
        ax.set_ylabel(f"$L(w)${unit}")
        ax.set_title(title, fontsize=9)
        ax.set_xlim(grid[0], grid[-1])
        ax.set_ylim(0, top)
        ax.legend(loc="upper right", fontsize=7)
    fig.suptitle("A chord below the curve: not convex. Every chord above it: convex.", fontsize=9)


_FOCUSING = (0, 1, 2, 5)


def _focal_against_cross_entropy(fig: MplFigure) -> None:
    q_t, gamma = sp.Symbol("q_t"), sp.Symbol("gamma")
    loss = numeric(focal.focal_loss(q_t, gamma), q_t, gamma)
    grid = np.linspace(0.005, 1.0, 800)
    ax = fig.add_subplot()
    for colour, power in enumerate(_FOCUSING):
        name = r"$\gamma = 0$: cross-entropy $-\log q_t$" if power == 0 else rf"$\gamma = {power}$"
        ax.plot(grid, loss(grid, float(power)), color=f"C{colour}", label=name)
    easy = 0.9
    ax.axvspan(0.6, 1.0, color="C2", alpha=0.06)
    ax.annotate(
        "well classified ($q_t = 0.9$): with $\\gamma = 2$\nthe loss is 1/100 of the cross-entropy",
        (easy, float(loss(easy, 2.0))),
        xytext=(0.42, 1.6),
        arrowprops={"arrowstyle": "->"},
        fontsize=8,
    )
    ax.set_xlabel(r"$q_t$, the probability the model gives the true class")
    ax.set_ylabel(r"$\mathrm{FL}(q_t) = -(1 - q_t)^{\gamma}\log q_t$ (nats)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 5)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title("The focal loss: the larger gamma, the less the easy examples count")


LOSS_FIGURES: tuple[Figure, ...] = (
    Figure(
        "gradient-saturation",
        "Gradient of squared error and of cross-entropy through a sigmoid",
        "The size of the gradient $|\\partial L/\\partial w|$ for one example ($x = 1$, $y = 1$) against "
        "$z = wx$. With squared error it is $(1 - \\sigma)^2 \\sigma$, which vanishes when the prediction is "
        "confidently wrong ($z \\to -\\infty$); with cross-entropy it is $1 - \\sigma(z) \\to 1$ there.",
        "gradient-comparison",
        _gradient_saturation,
    ),
    Figure(
        "squared-error-nonconvex",
        "Squared error through a sigmoid is not convex; cross-entropy is",
        "Left: $\\frac{1}{2}(\\sigma(w) - 1)^2$ has a negative second derivative for $w < -\\log 2$ "
        "(shaded) and a chord lies below it, so it is not convex in $w$. Right: the cross-entropy "
        "$-\\log \\sigma(w)$ (nats) has second derivative $\\sigma(w)(1 - \\sigma(w)) > 0$ and every chord "
        "lies above it.",
        "mse-sigmoid-nonconvex",
        _squared_error_nonconvex,
        size=(7.6, 3.4),
    ),
    Figure(
        "focal-loss-curves",
        "The focal loss against cross-entropy",
        "The focal loss $-(1 - q_t)^{\\gamma}\\log q_t$ in nats against the probability $q_t$ of the true class, "
        "for $\\gamma = 0$ (the cross-entropy), 1, 2 and 5. The weight $(1 - q_t)^{\\gamma}$ is at most 1 and "
        "vanishes as $q_t \\to 1$: the examples the model already classifies well (shaded) count for little, the "
        "misclassified ones ($q_t$ small) almost as much as in the cross-entropy.",
        "focal-loss",
        _focal_against_cross_entropy,
    ),
)

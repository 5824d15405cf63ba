"""The figures of the information measures: binary entropy, entropy on the simplex, KL and JS along paths, perplexity.

Each drawing function fills a matplotlib figure from formulas of :mod:`symbolic_info.formulas.definitions`
lambdified by :func:`~.plotting.numeric`; :data:`INFORMATION_FIGURES` lists them with their captions.

>>> [figure.near for figure in INFORMATION_FIGURES][:2]
['binary-entropy', 'entropy-maximum']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from ..formulas import definitions
from .plotting import LN2, Figure, numeric

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

__all__ = ["INFORMATION_FIGURES"]


def _bits_to_nats(bits: Any) -> Any:
    return np.asarray(bits) * LN2


def _nats_to_bits(nats: Any) -> Any:
    return np.asarray(nats) / LN2


def _binary_entropy_curve(fig: MplFigure) -> None:
    p = sp.Symbol("p")
    bits = numeric(definitions.binary_entropy(p, base=2), p)
    grid = np.linspace(0.0, 1.0, 401)
    ax = fig.add_subplot()
    ax.plot(grid, bits(grid), color="C0", label=r"$H_b(p) = -p\log_2 p - (1-p)\log_2(1-p)$")
    ax.plot([0.5], [1.0], "o", color="C3")
    ax.annotate(
        "maximum: 1 bit at p = 1/2", (0.5, 1.0), xytext=(0.5, 0.55), ha="center", arrowprops={"arrowstyle": "->"}
    )
    ax.set_xlabel("p, the probability of heads")
    ax.set_ylabel(r"$H_b(p)$ (bits)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.1)
    nats = ax.secondary_yaxis("right", functions=(_bits_to_nats, _nats_to_bits))
    nats.set_ylabel(r"$H_b(p)$ (nats)")
    ax.legend(loc="lower center", fontsize=8)
    ax.set_title("Binary entropy: zero at p = 0 and 1 (0 log 0 = 0), one bit at p = 1/2")


def _entropy_simplex(fig: MplFigure) -> None:
    p1, p2 = sp.symbols("p1 p2")
    bits = numeric(definitions.entropy([p1, p2, 1 - p1 - p2], base=2), p1, p2)
    height = np.sqrt(3.0) / 2
    xs, ys = np.meshgrid(np.linspace(0.0, 1.0, 361), np.linspace(0.0, height, 313))
    # barycentric coordinates of the equilateral triangle with corners (0,0), (1,0), (1/2, sqrt(3)/2)
    q3 = ys / height
    q2 = xs - q3 / 2
    q1 = 1.0 - q2 - q3
    inside = (q1 >= -1e-12) & (q2 >= -1e-12) & (q3 >= -1e-12)
    values = np.where(inside, bits(np.clip(q1, 0, 1), np.clip(q2, 0, 1)), np.nan)
    ax = fig.add_subplot()
    image = ax.imshow(values, origin="lower", extent=(0.0, 1.0, 0.0, height), cmap="viridis", vmin=0.0)
    ax.contour(xs, ys, values, levels=[0.5, 1.0, 1.5], colors="white", linewidths=0.6)
    ax.plot([0, 1, 0.5, 0], [0, 0, height, 0], color="black", linewidth=0.8)
    centre = (0.5, height / 3)
    ax.plot(*centre, "o", color="C3")
    ax.annotate(
        "maximum: $\\log_2 3 \\approx 1.585$ bits\nat $p = (1/3, 1/3, 1/3)$",
        centre,
        xytext=(0.64, 0.7),
        arrowprops={"arrowstyle": "->"},
    )
    for (x, y), label, align in (
        ((0.0, 0.0), "p = (1, 0, 0)", "left"),
        ((1.0, 0.0), "p = (0, 1, 0)", "right"),
        ((0.5, height), "p = (0, 0, 1)", "center"),
    ):
        ax.annotate(label, (x, y), xytext=(0, 6 if y > 0 else -12), textcoords="offset points", ha=align)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.1, height + 0.08)
    ax.set_aspect("equal")
    ax.axis("off")
    bar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.01)
    bar.set_label(r"$H(p_1, p_2, p_3)$ (bits)")
    ax.set_title("Entropy on the 3-category simplex (contours at 0.5, 1, 1.5 bits)")


def _kl_asymmetry(fig: MplFigure) -> None:
    t = sp.Symbol("t")
    half = sp.Rational(1, 2)
    p, q = [half, half], [t, 1 - t]
    forward = numeric(definitions.kl_divergence(p, q), t)
    backward = numeric(definitions.kl_divergence(q, p), t)
    grid = np.linspace(0.0, 1.0, 801)
    inner = grid[1:-1]  # D(p||q) is infinite at the end points: q puts no mass where p does
    ax = fig.add_subplot()
    ax.plot(inner, forward(inner), color="C0", label=r"$D(p \,\|\, q_t)$")
    ax.plot(grid, backward(grid), color="C1", label=r"$D(q_t \,\|\, p)$")
    ax.axhline(LN2, color="C1", linestyle=":", linewidth=0.8)
    ax.annotate(r"$D(q_t \| p) \leq \log 2$", (0.3, LN2), xytext=(0.3, LN2 + 0.05), fontsize=8)
    ax.annotate(
        r"$D(p \| q_t) \to \infty$ as $t \to 0$", (0.03, 1.4), xytext=(0.12, 1.6), arrowprops={"arrowstyle": "->"}
    )
    ax.set_xlabel(r"$t$, along the path $q_t = (t, 1 - t)$; fixed $p = (1/2, 1/2)$")
    ax.set_ylabel("divergence (nats)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 2.0)
    ax.legend(loc="upper center", fontsize=8)
    ax.set_title("KL divergence is not symmetric: both vanish only at t = 1/2")


def _js_kl_path(fig: MplFigure) -> None:
    t = sp.Symbol("t")
    half = sp.Rational(1, 2)
    p, q, middle = [1 - t, t], [t, 1 - t], [half, half]
    divergence = numeric(definitions.kl_divergence(p, q), t)
    jensen_shannon = numeric((definitions.kl_divergence(p, middle) + definitions.kl_divergence(q, middle)) / 2, t)
    grid = np.linspace(0.0, 0.5, 501)
    inner = grid[1:]  # D(p_t || q_t) is infinite at t = 0: the supports do not overlap
    ax = fig.add_subplot()
    ax.plot(inner, divergence(inner), color="C0", label=r"$D(p_t \,\|\, q_t)$")
    ax.plot(grid, jensen_shannon(grid), color="C1", label=r"$\mathrm{JS}(p_t \,\|\, q_t)$")
    ax.axhline(LN2, color="C1", linestyle=":", linewidth=0.8)
    ax.annotate(r"$\log 2$: JS at disjoint supports", (0.3, LN2), xytext=(0.3, LN2 + 0.08), fontsize=8)
    ax.set_xlabel(r"$t$, along the path $p_t = (1 - t, t)$, $q_t = (t, 1 - t)$")
    ax.set_ylabel("divergence (nats)")
    ax.set_xlim(0, 0.5)
    ax.set_ylim(0, 2.5)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title("Jensen-Shannon stays below log 2; KL grows without bound")


def _perplexity_curve(fig: MplFigure) -> None:
    h = sp.Symbol("h")
    perplexity = numeric(sp.exp(h), h)
    grid = np.linspace(0.0, 6.0, 601)
    ax = fig.add_subplot()
    ax.semilogy(grid, perplexity(grid), color="C0", label=r"$\mathrm{PP} = e^{H(p, q)}$")
    for size in (2, 10, 100):
        entropy = float(np.log(size))
        ax.plot([entropy], [size], "o", color="C3")
        ax.annotate(f"uniform over {size} tokens", (entropy, size), xytext=(6, -10), textcoords="offset points")
    ax.set_xlabel(r"cross-entropy per token $H(p, q)$ (nats)")
    ax.set_ylabel("perplexity")
    ax.set_xlim(0, 6)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title("Perplexity rises with the cross-entropy: minimising one minimises the other", fontsize=8)


INFORMATION_FIGURES: tuple[Figure, ...] = (
    Figure(
        "binary-entropy-curve",
        "Binary entropy in bits",
        "The binary entropy $H_b(p)$ in bits (right axis: nats). It is $0$ at $p = 0$ and $p = 1$ "
        "(with $0 \\log 0 = 0$) and largest, one bit, at $p = 1/2$.",
        "binary-entropy",
        _binary_entropy_curve,
    ),
    Figure(
        "entropy-simplex",
        "Entropy over the 3-category simplex",
        "The entropy of $p = (p_1, p_2, p_3)$ over the probability simplex, in bits. It is $0$ at the "
        "corners (one-hot distributions) and largest, $\\log_2 3 \\approx 1.585$ bits, at the uniform "
        "distribution in the centre.",
        "entropy-maximum",
        _entropy_simplex,
        size=(6.0, 4.4),
    ),
    Figure(
        "kl-asymmetry",
        "KL divergence in both directions along a path",
        "$D(p \\,\\|\\, q_t)$ and $D(q_t \\,\\|\\, p)$ in nats for $p = (1/2, 1/2)$ and $q_t = (t, 1 - t)$. "
        "Both vanish only at $q_t = p$, but they differ elsewhere: $D(p \\,\\|\\, q_t)$ grows without "
        "bound as $t \\to 0$ while $D(q_t \\,\\|\\, p) \\leq \\log 2$.",
        "gibbs-inequality",
        _kl_asymmetry,
    ),
    Figure(
        "js-kl-path",
        "Jensen-Shannon and KL divergence along a path of distributions",
        "$\\mathrm{JS}(p_t \\,\\|\\, q_t)$ and $D(p_t \\,\\|\\, q_t)$ in nats for $p_t = (1 - t, t)$ and "
        "$q_t = (t, 1 - t)$. Both vanish at $t = 1/2$, where $p_t = q_t$. As the two distributions stop "
        "overlapping ($t \\to 0$) the KL divergence grows without bound, while the Jensen-Shannon divergence "
        "rises to $\\log 2$ and no further.",
        "gan-discriminator-optimum",
        _js_kl_path,
    ),
    Figure(
        "perplexity-cross-entropy",
        "Perplexity against cross-entropy",
        "The perplexity $e^{H(p, q)}$ against the cross-entropy per token in nats (log scale). A uniform model "
        "over $V$ tokens has cross-entropy $\\log V$ and perplexity $V$ (dots for $V = 2, 10, 100$).",
        "perplexity",
        _perplexity_curve,
    ),
)

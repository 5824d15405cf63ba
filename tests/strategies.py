"""Hypothesis strategies for the domains of the numeric functions: probability vectors, near pairs, logits, labels.

Each strategy draws float64 arrays shaped the way the hard cases are: weights spread over 300
orders of magnitude, exact zeros, near-one-hot vectors, pairs ``p, q`` equal to 1e-12 relative,
logits up to ``1e4`` in size. The vectors are normalised in float64, so their sums are 1 to a
few units in the last place (well inside the functions' tolerance), never renormalised again.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

__all__ = [
    "labels",
    "logit_rows",
    "logits",
    "near_pairs",
    "probability_pairs",
    "probability_vectors",
    "unit_interval",
]

#: Base-10 exponents of the raw weights: down to 1e-300, with the ordinary range drawn more often.
_EXPONENTS = st.one_of(st.floats(-3.0, 0.0), st.floats(-300.0, 0.0))


def _normalised(weights: np.ndarray) -> np.ndarray:
    normalised: np.ndarray = weights / weights.sum()
    return normalised


@st.composite
def probability_vectors(draw: st.DrawFn, min_size: int = 1, max_size: int = 40) -> np.ndarray:
    """A probability vector: wide-range weights, some exact zeros, sometimes near one-hot."""
    size = draw(st.integers(min_size, max_size))
    exponents = draw(st.lists(_EXPONENTS, min_size=size, max_size=size))
    weights = 10.0 ** np.array(exponents)
    zeros = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    weights[np.array(zeros) & (np.arange(size) > 0)] = 0.0  # keep one positive entry
    if draw(st.booleans()):  # near one-hot: one dominant entry, the rest tiny
        small = draw(st.floats(-300.0, -6.0))
        weights = np.where(weights > 0, weights * 10.0**small, 0.0)
        weights[draw(st.integers(0, size - 1))] = 1.0
    return _normalised(weights)


@st.composite
def probability_pairs(draw: st.DrawFn, max_size: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Two independent probability vectors of one length."""
    p = draw(probability_vectors(max_size=max_size))
    q = draw(probability_vectors(min_size=p.size, max_size=p.size))
    return p, q


@st.composite
def near_pairs(draw: st.DrawFn, max_size: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """``p`` and ``q`` equal up to relative perturbations of size ``1e-12`` to ``1e-3`` (KL down to ~1e-24)."""
    p = draw(probability_vectors(max_size=max_size))
    scale = 10.0 ** draw(st.floats(-12.0, -3.0))
    signs = draw(st.lists(st.floats(-1.0, 1.0), min_size=p.size, max_size=p.size))
    q = _normalised(p * (1.0 + scale * np.array(signs)))
    return p, q


def logits(limit: float = 1e4) -> st.SearchStrategy[float]:
    """A logit: any float in ``[-limit, limit]``, often small, sometimes huge."""
    return st.one_of(
        st.floats(-40.0, 40.0),
        st.floats(-limit, limit),
        st.sampled_from([0.0, -0.0, 1e-300, -1e-300, 709.0, -745.0, 750.0, -750.0, limit, -limit]),
    )


@st.composite
def logit_rows(draw: st.DrawFn, max_size: int = 12, limit: float = 1e4) -> np.ndarray:
    """A row of logits, sometimes with one dominant class or ties."""
    size = draw(st.integers(1, max_size))
    row = np.array(draw(st.lists(logits(limit), min_size=size, max_size=size)))
    if size > 1 and draw(st.booleans()):
        row[draw(st.integers(0, size - 1))] = row.max() + draw(st.floats(30.0, 800.0))
    if size > 1 and draw(st.booleans()):
        row[-1] = row[0]
    return row


def unit_interval() -> st.SearchStrategy[float]:
    """A probability or soft label in ``[0, 1]``, with mass near both ends."""
    tiny = st.floats(-300.0, -1.0).map(lambda e: 10.0**e)
    return st.one_of(
        st.floats(0.0, 1.0),
        tiny,
        tiny.map(lambda x: 1.0 - x),
        st.sampled_from([0.0, 1.0, 0.5, 1.0 - 2.0**-53]),
    )


def labels() -> st.SearchStrategy[float]:
    """A binary label: hard (0 or 1) or soft."""
    return st.one_of(st.sampled_from([0.0, 1.0]), unit_interval())

"""The derivation ``label-smoothing``: proved step by step, its theorems, and the numeric option it explains.

Each theorem is evaluated at random points (``K = 4`` classes) and compared with mpmath at 50 digits on
the formula the issue states, written out here; the option ``label_smoothing`` of
``numeric.softmax_cross_entropy`` is checked against the same formulas: the mixture of two
cross-entropies, the gradient ``softmax(z) - y'``, and the minimum at ``softmax(z) = y'``.
"""

from __future__ import annotations

import random
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp

from symbolic_info import catalogue, numeric
from symbolic_info.engine import StepVerdict
from symbolic_info.formulas.named import unfold

from .conftest import VerifiedLookup
from .crosscheck import ORACLE_DIGITS, assert_relative_error, exact

CLASSES = 4


def _point(rng: random.Random) -> dict[str, Any]:
    """A label (one-hot or soft), a prediction on the simplex, logits and a smoothing weight."""
    with mpmath.workdps(ORACLE_DIGITS):
        weights = [mpmath.mpf(rng.random()) + mpmath.mpf("0.01") for _ in range(2 * CLASSES)]
        soft = [w / mpmath.fsum(weights[:CLASSES]) for w in weights[:CLASSES]]
        one_hot = [mpmath.mpf(1) if c == rng.randrange(CLASSES) else mpmath.mpf(0) for c in range(CLASSES)]
        label = soft if rng.random() < 0.5 or sum(one_hot) != 1 else one_hot
        prediction = [w / mpmath.fsum(weights[CLASSES:]) for w in weights[CLASSES:]]
        logits = [mpmath.mpf(rng.uniform(-3, 3)) for _ in range(CLASSES)]
    return {"y": label, "q": prediction, "z": logits, "epsilon": mpmath.mpf(rng.uniform(0.01, 0.99))}


def _value(expression: sp.Basic, point: dict[str, Any], k: int) -> Any:
    """``expression`` (over ``K`` classes, index ``k``) at the point, in mpmath at 50 digits."""
    values = {name: [sp.Float(v, ORACLE_DIGITS) for v in vector] for name, vector in point.items() if name != "epsilon"}
    values["y'"] = [(1 - point["epsilon"]) * y + point["epsilon"] / CLASSES for y in point["y"]]
    values["y'"] = [sp.Float(v, ORACLE_DIGITS) for v in values["y'"]]
    symbols = {str(s): s for s in expression.atoms(sp.Symbol)}
    integers = {symbols[name]: sp.Integer(value) for name, value in (("K", CLASSES), ("k", k)) if name in symbols}
    concrete = unfold(expression).xreplace(integers)
    concrete = concrete.replace(
        lambda e: isinstance(e, sp.Derivative), lambda e: sp.diff(e.expr.doit(), *e.variables)
    ).doit()
    concrete = concrete.replace(
        lambda e: isinstance(e, sp.Indexed) and str(e.base) in values,
        lambda e: values[str(e.base)][int(e.indices[0]) - 1],
    )
    concrete = concrete.subs({s: sp.Float(point["epsilon"], ORACLE_DIGITS) for s in concrete.free_symbols})
    return mpmath.mpf(sp.N(concrete, ORACLE_DIGITS))


def _close(value: Any, expected: Any, rel: float = 1e-40) -> bool:
    return bool(abs(value - expected) <= rel * abs(expected) + mpmath.mpf(10) ** -45)


def _cross_entropy(p: list[Any], q: list[Any]) -> Any:
    return -mpmath.fsum(pk * mpmath.log(qk) for pk, qk in zip(p, q, strict=True) if pk != 0)


def _softmax(z: list[Any]) -> list[Any]:
    exponentials = [mpmath.exp(v) for v in z]
    return [e / mpmath.fsum(exponentials) for e in exponentials]


@pytest.mark.slow
def test_every_step_and_theorem_is_proved_symbolically(verified: VerifiedLookup) -> None:
    report = verified("label-smoothing")
    assert report.ok
    assert {result.verdict for result in report.step_results} <= {StepVerdict.SYMBOLIC, StepVerdict.CERTIFIED}


def test_the_theorems_say_what_the_issue_asks_at_random_points() -> None:
    theorems = catalogue.build("label-smoothing").theorem
    mixture, total, floor, minimum, at_minimum, gradient = theorems
    assert isinstance(minimum, sp.GreaterThan) and isinstance(floor, sp.GreaterThan)
    rng = random.Random(20261201)
    with mpmath.workdps(ORACLE_DIGITS):
        for _ in range(4):
            point = _point(rng)
            eps, y, q = point["epsilon"], point["y"], point["q"]
            smoothed = [(1 - eps) * v + eps / CLASSES for v in y]
            uniform = [mpmath.mpf(1) / CLASSES] * CLASSES
            expected = (1 - eps) * _cross_entropy(y, q) + eps * _cross_entropy(uniform, q)
            assert _close(_value(mixture.lhs, point, 1), expected)
            assert _close(_value(mixture.rhs, point, 1), expected)
            assert _close(_value(total.lhs, point, 1), 1)
            assert _close(_value(minimum.lhs, point, 1), _cross_entropy(smoothed, q))
            assert _close(_value(minimum.rhs, point, 1), _cross_entropy(smoothed, smoothed))
            assert _close(_value(at_minimum.lhs, point, 1), _value(minimum.rhs, point, 1))
            for k in range(1, CLASSES + 1):
                expected_gradient = _softmax(point["z"])[k - 1] - smoothed[k - 1]
                assert _close(_value(gradient.lhs, point, k), expected_gradient)
                assert _close(_value(gradient.rhs, point, k), expected_gradient)
                assert _value(floor.lhs, point, k) >= eps / CLASSES


def test_the_numeric_option_is_the_mixture_of_two_cross_entropies() -> None:
    rng = np.random.default_rng(16)
    logits, labels = rng.standard_normal((6, CLASSES)) * 4, rng.integers(0, CLASSES, 6)
    for eps in (0.0, 0.1, 0.5, 1.0):
        ours = numeric.softmax_cross_entropy(logits, labels, label_smoothing=eps, reduction="none")
        with mpmath.workdps(ORACLE_DIGITS):
            expected = []
            for row, label in zip(logits, labels, strict=True):
                q = _softmax([exact(v) for v in row])
                one_hot = [mpmath.mpf(int(c == label)) for c in range(CLASSES)]
                uniform = [mpmath.mpf(1) / CLASSES] * CLASSES
                smoothing = exact(eps)
                expected.append((1 - smoothing) * _cross_entropy(one_hot, q) + smoothing * _cross_entropy(uniform, q))
        assert_relative_error(ours, expected, 1e-14, f"label_smoothing={eps}")


def test_the_numeric_gradient_is_softmax_minus_the_smoothed_label() -> None:
    rng = np.random.default_rng(17)
    logits, labels, eps = rng.standard_normal((5, CLASSES)) * 3, rng.integers(0, CLASSES, 5), 0.2
    ours = numeric.softmax_cross_entropy_grad(logits, labels, label_smoothing=eps, reduction="sum")
    with mpmath.workdps(ORACLE_DIGITS):
        expected = []
        for row, label in zip(logits, labels, strict=True):
            q = _softmax([exact(v) for v in row])
            expected += [q[c] - ((1 - exact(eps)) * int(c == label) + exact(eps) / CLASSES) for c in range(CLASSES)]
    assert_relative_error(ours.reshape(-1), expected, 1e-13)


def test_the_loss_is_smallest_at_the_smoothed_label_not_at_the_one_hot() -> None:
    """At ``softmax(z) = y'`` (logits ``log y'``) the gradient vanishes and the loss is ``H(y')``; the gap is finite."""
    eps, label = 0.1, 2
    smoothed = np.full(CLASSES, eps / CLASSES)
    smoothed[label] += 1 - eps
    logits = np.log(smoothed)
    gradient = numeric.softmax_cross_entropy_grad(logits[None, :], np.array([label]), label_smoothing=eps)
    assert np.max(np.abs(gradient)) < 1e-16
    with mpmath.workdps(ORACLE_DIGITS):
        entropy = -mpmath.fsum(exact(v) * mpmath.log(exact(v)) for v in smoothed)
    loss = numeric.softmax_cross_entropy(logits[None, :], np.array([label]), label_smoothing=eps)
    assert float(loss) == pytest.approx(float(entropy), rel=1e-14)
    sharper = logits.copy()
    sharper[label] += 1.0  # towards the one-hot label: the smoothed loss grows
    assert numeric.softmax_cross_entropy(sharper[None, :], np.array([label]), label_smoothing=eps) > loss
    assert logits[label] - logits[0] == pytest.approx(np.log(1 + CLASSES * (1 - eps) / eps), rel=1e-15)

"""The derivation ``distillation-temperature``: proved step by step, and its theorems against mpmath.

The oracle is written out here: ``p = softmax(t/T)``, ``q = softmax(s/T)`` in mpmath at 50 digits,
the KL's gradient ``(q_k - p_k)/T`` by ``mpmath.diff`` of the divergence, the coefficients of the
softmax in ``x = 1/T`` by ``mpmath.diff`` at ``x = 0``, and the limits ``T -> oo`` by evaluating at
``T = 10^30`` (and ``10^15`` for the second order) with enough digits.
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
from .crosscheck import ORACLE_DIGITS, exact

CLASSES = 4


def _softmax(z: list[Any], temperature: Any) -> list[Any]:
    exponentials = [mpmath.exp(v / temperature) for v in z]
    return [e / mpmath.fsum(exponentials) for e in exponentials]


def _kl(p: list[Any], q: list[Any]) -> Any:
    return mpmath.fsum(pk * mpmath.log(pk / qk) for pk, qk in zip(p, q, strict=True))


def _value(expression: sp.Basic, vectors: dict[str, list[Any]], scalars: dict[str, Any], k: int) -> Any:
    """``expression`` with ``K``, ``k``, the vectors' entries and the scalars put in, in mpmath at 50 digits."""
    symbols = {str(s): s for s in expression.atoms(sp.Symbol)}
    integers = {symbols[name]: sp.Integer(value) for name, value in (("K", CLASSES), ("k", k)) if name in symbols}
    concrete = unfold(expression).xreplace(integers)
    concrete = concrete.replace(
        lambda e: isinstance(e, sp.Derivative), lambda e: sp.diff(e.expr.doit(), *e.variables)
    ).doit()
    concrete = concrete.replace(
        lambda e: isinstance(e, sp.Indexed) and str(e.base) in vectors,
        lambda e: sp.Float(vectors[str(e.base)][int(e.indices[0]) - 1], ORACLE_DIGITS),
    )
    concrete = concrete.subs({symbols[name]: sp.Float(v, ORACLE_DIGITS) for name, v in scalars.items()}).doit()
    return mpmath.mpf(sp.N(concrete, ORACLE_DIGITS))


def _close(value: Any, expected: Any, digits: int = 40) -> bool:
    return bool(abs(value - expected) <= mpmath.mpf(10) ** -digits * abs(expected) + mpmath.mpf(10) ** -45)


@pytest.mark.slow
def test_every_step_and_theorem_is_proved_symbolically(verified: VerifiedLookup) -> None:
    report = verified("distillation-temperature")
    assert report.ok
    assert {result.verdict for result in report.step_results} <= {StepVerdict.SYMBOLIC, StepVerdict.CERTIFIED}


@pytest.mark.slow
def test_the_gradients_are_those_of_the_divergence() -> None:
    kl, scaled, *_ = catalogue.build("distillation-temperature").theorem
    rng = random.Random(16)
    with mpmath.workdps(ORACLE_DIGITS):
        for temperature in (mpmath.mpf("0.5"), mpmath.mpf(4), mpmath.mpf(20)):
            weights = [mpmath.mpf(rng.random()) + mpmath.mpf("0.01") for _ in range(CLASSES)]
            p = [w / mpmath.fsum(weights) for w in weights]
            s = [mpmath.mpf(rng.uniform(-5, 5)) for _ in range(CLASSES)]
            for k in range(1, CLASSES + 1):

                def divergence(
                    value: Any, k: int = k, s: list[Any] = s, p: list[Any] = p, temperature: Any = temperature
                ) -> Any:
                    moved = list(s)
                    moved[k - 1] = value
                    return _kl(p, _softmax(moved, temperature))

                derivative = mpmath.diff(divergence, s[k - 1])
                q = _softmax(s, temperature)
                assert _close(derivative, (q[k - 1] - p[k - 1]) / temperature, 30)
                vectors, scalars = {"p": p, "s": s}, {"T": temperature}
                for side in (kl.lhs, kl.rhs):
                    assert _close(_value(side, vectors, scalars, k), derivative, 30)
                for side in (scaled.lhs, scaled.rhs):
                    assert _close(_value(side, vectors, scalars, k), temperature**2 * derivative, 30)


@pytest.mark.slow
def test_the_coefficients_in_one_over_t_are_mpmaths_derivatives_at_zero() -> None:
    _, _, value, slope, curvature, *_ = catalogue.build("distillation-temperature").theorem
    rng = random.Random(17)
    with mpmath.workdps(ORACLE_DIGITS):
        z = [mpmath.mpf(rng.uniform(-3, 3)) for _ in range(CLASSES)]
        for k in range(1, CLASSES + 1):

            def soft(x: Any, k: int = k) -> Any:
                exponentials = [mpmath.exp(x * v) for v in z]
                return exponentials[k - 1] / mpmath.fsum(exponentials)

            assert _close(_value(value.rhs, {"z": z}, {}, k), soft(0))
            for theorem, order in ((slope, 1), (curvature, 2)):
                expected = mpmath.diff(soft, 0, order)
                assert _close(_value(theorem.lhs, {"z": z}, {}, k), expected, 30)
                assert _close(_value(theorem.rhs, {"z": z}, {}, k), expected, 30)


def test_the_limits_are_what_large_temperatures_give() -> None:
    *_, first, second = catalogue.build("distillation-temperature").theorem
    assert isinstance(first.lhs, sp.Limit) and isinstance(second.lhs, sp.Limit)
    rng = random.Random(18)
    with mpmath.workdps(120):
        s = [mpmath.mpf(rng.uniform(-3, 3)) for _ in range(3)]
        t = [mpmath.mpf(rng.uniform(-3, 3)) for _ in range(3)]
        gap = [a - b for a, b in zip(s, t, strict=True)]
        leading = (gap[0] - mpmath.fsum(gap) / 3) / 3

        def scaled(temperature: Any) -> Any:
            return temperature * (_softmax(s, temperature)[0] - _softmax(t, temperature)[0])

        big = mpmath.mpf(10) ** 30
        assert abs(scaled(big) - leading) < mpmath.mpf(10) ** -25
        vectors = {"s": s, "t": t}
        assert _close(_value(first.rhs, vectors, {}, 1), leading, 30)
        correction = big * (scaled(big) - leading)
        assert _close(_value(second.rhs, vectors, {}, 1), correction, 20)


def test_numeric_gradient_is_the_theorems_t_times_q_minus_p() -> None:
    _, scaled, *_ = catalogue.build("distillation-temperature").theorem
    student, teacher = np.array([0.4, -1.1, 2.5, 0.0]), np.array([1.5, 0.2, -0.7, 0.3])
    with mpmath.workdps(ORACLE_DIGITS):
        p = _softmax([exact(v) for v in teacher], mpmath.mpf(3))
        vectors, scalars = {"p": p, "s": [exact(v) for v in student]}, {"T": mpmath.mpf(3)}
        expected = [_value(scaled.rhs, vectors, scalars, k) for k in range(1, CLASSES + 1)]
    ours = numeric.distillation_kl_grad(student, teacher, 3.0)
    assert np.allclose(ours, [float(v) for v in expected], rtol=1e-14, atol=0)

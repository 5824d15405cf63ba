"""The engine's pieces for joint distributions and exponentials: sampling, facts, sums over two indices, e^a.

Every proof here is also checked to refuse a false variant: a rule that proves everything would pass the rest.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symbolic_info.engine.domain import (
    WORKING_DIGITS,
    CategoryCount,
    DefinedVector,
    Domain,
    JointDistribution,
    OnSimplex,
)
from symbolic_info.engine.normalization import normalize
from symbolic_info.engine.prover import prove_sign, prove_zero
from symbolic_info.formulas.vectors import Categories, Vector, index_symbol

_I, _J = index_symbol("i"), index_symbol("j")
_N, _M = sp.Symbol("n", integer=True, positive=True), sp.Symbol("m", integer=True, positive=True)
_P = sp.IndexedBase("p", positive=True)
_R, _C = Vector("r", Categories(_N, _I)), Vector("c", Categories(_M, _J))
_JOINT = Domain.of(CategoryCount(_N), CategoryCount(_M), JointDistribution(_P, _R, _C))


def test_a_sampled_joint_distribution_sums_to_one_and_its_marginals_are_its_sums() -> None:
    with mpmath.workdps(WORKING_DIGITS):
        _check_joint_points()


def _check_joint_points() -> None:
    for point in _JOINT.sample(seed=3, count=6):
        n, m = point.integers[_N], point.integers[_M]
        cells = [[point.values[_P[a, b]] for b in range(1, m + 1)] for a in range(1, n + 1)]
        assert abs(mpmath.fsum(x for row in cells for x in row) - 1) < mpmath.mpf("1e-55")
        assert all(abs(point.values[_R[a + 1]] - mpmath.fsum(cells[a])) < 1e-55 for a in range(n))
        assert all(abs(point.values[_C[b + 1]] - mpmath.fsum(row[b] for row in cells)) < 1e-55 for b in range(m))
        assert min(x for row in cells for x in row) > 0


@pytest.mark.slow
def test_sums_over_two_indices_use_the_marginals_in_either_order() -> None:
    facts = _JOINT.facts()
    by_rows = sp.Sum(_P[_I, _J] * sp.log(_R[_I]), (_J, 1, _M), (_I, 1, _N))
    by_cols = sp.Sum(_P[_I, _J] * sp.log(_C[_J]), (_J, 1, _M), (_I, 1, _N))
    assert normalize(by_rows, facts) == sp.Sum(_R[_I] * sp.log(_R[_I]), (_I, 1, _N))
    assert normalize(by_cols, facts) == sp.Sum(_C[_I] * sp.log(_C[_I]), (_I, 1, _M))  # index renamed to i
    assert normalize(sp.Sum(_R[_I] * _C[_J], (_J, 1, _M), (_I, 1, _N)), facts) == 1
    assert prove_zero(by_rows - by_cols, facts) is None  # different marginals: not equal in general
    swapped = sp.Sum(_P[_I, _J] ** 2, (_I, 1, _N), (_J, 1, _M)) - sp.Sum(_P[_I, _J] ** 2, (_J, 1, _M), (_I, 1, _N))
    assert prove_zero(swapped, facts) is not None


def test_a_defined_vector_is_sampled_from_its_definition() -> None:
    categories = Categories.general()
    p, q, m = Vector("p", categories), Vector("q", categories), Vector("m", categories)
    domain = Domain.of(
        CategoryCount(categories.n), OnSimplex(p), OnSimplex(q), DefinedVector(m, lambda i: (p[i] + q[i]) / 2)
    )
    with mpmath.workdps(WORKING_DIGITS):
        for point in domain.sample(seed=1, count=4):
            for k in range(1, point.integers[categories.n] + 1):
                assert abs(point.values[m[k]] - (point.values[p[k]] + point.values[q[k]]) / 2) < mpmath.mpf("1e-55")
    assert prove_zero(m.total(lambda i: m[i]) - 1, domain.facts()) is not None
    assert prove_zero(m.total(lambda i: m[i]) - 2, domain.facts()) is None


@pytest.mark.slow
def test_exp_minus_one_has_the_sign_of_its_exponent_and_nothing_more() -> None:
    nonnegative, real = sp.Symbol("a", nonnegative=True), sp.Symbol("b", real=True)
    positive = sp.Symbol("c", positive=True)
    assert prove_sign(sp.exp(real) * (sp.exp(nonnegative) - 1), facts=()) is not None
    assert prove_sign(sp.exp(real) * sp.exp(nonnegative) - sp.exp(real), facts=()) is not None  # factored first
    assert prove_sign(sp.exp(positive) - 1, facts=(), strict=True) is not None
    assert prove_sign(sp.exp(nonnegative) - 1, facts=(), strict=True) is None  # zero at a = 0
    assert prove_sign(sp.exp(real) - 1, facts=()) is None
    assert prove_sign(sp.exp(-positive) - 1, facts=()) is None


@pytest.mark.slow
def test_equal_exponentials_need_equal_factors_and_exponents() -> None:
    x, y = sp.Symbol("x", real=True), sp.Symbol("y", positive=True)
    assert prove_zero(sp.exp(sp.log(y) + x) - y * sp.exp(x), facts=()) is not None
    assert prove_zero(2 * sp.exp(x) * sp.exp(x) - 2 * sp.exp(2 * x), facts=()) is not None
    assert prove_zero(sp.exp(x) - sp.exp(2 * x), facts=()) is None
    assert prove_zero(2 * sp.exp(x) - 3 * sp.exp(x), facts=()) is None

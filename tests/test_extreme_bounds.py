"""``max(z)`` in proofs: a free bound over the entries (issue 15), and the prover steps it needs.

A claim about ``max(z)`` is an instance of the claim about any bound ``M >= z_k``: proving the latter
proves the former. Facts that need an entry *equal* to the maximum are not proved this way and stay
held by sampling; false claims stay refuted. The expected values are derived by hand in each test.
"""

from __future__ import annotations

import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info.claims.extreme_bounds import as_bounds
from symbolic_info.engine.prover import prove_sign
from symbolic_info.formulas.vectors import LargestEntry, SmallestEntry

Z = sp.IndexedBase("z", real=True)
N = sp.Symbol("n", integer=True, positive=True)
K = sp.Symbol("k", integer=True, positive=True)


@pytest.mark.parametrize(
    "claim",
    [
        "logsumexp(z) <= max(z) + log(n)",  # each e^{z_k} <= e^{max z}
        "logsumexp(z) - log(n) >= min(z)",  # each e^{z_k} >= e^{min z}
        "z[k] <= max(z)",
        "max(z) >= sum(z[i], i)/n",  # the mean is at most the largest entry
        "min(z) <= sum(z[i], i)/n",
        "max(p) >= 1/n",  # sum_k (M - w_k) = 1 gives M = (1 + sum_k w_k)/n
        "min(p) <= 1/n",
        "max(p) >= p[k]",
    ],
)
def test_upper_and_lower_bound_facts_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


@pytest.mark.parametrize("claim", ["logsumexp(z) > max(z)", "max(p) <= 1"])
def test_facts_that_need_an_entry_at_the_maximum_are_only_held(claim: str) -> None:
    assert si.check(claim).verdict == "holds"


@pytest.mark.parametrize(
    "claim", ["logsumexp(z) <= max(z)", "max(z) <= sum(z[i], i)/n", "z[k] < max(z)", "max(p) > 1/n"]
)
def test_false_claims_stay_refuted(claim: str) -> None:
    assert si.check(claim).verdict == "refuted"


def test_the_bound_replaces_the_maximum_and_the_entries_lie_below_it() -> None:
    [difference] = as_bounds([LargestEntry(Z, N) - Z[K]], frozenset())
    assert difference.is_nonnegative and not difference.has(LargestEntry, Z)  # M - (M - w_k) = w_k >= 0
    [difference] = as_bounds([Z[K] - SmallestEntry(Z, N)], frozenset())
    assert difference.is_nonnegative  # (m + w_k) - m
    p = sp.IndexedBase("p", positive=True)
    [bound] = as_bounds([LargestEntry(p, N) - p[K]], frozenset({p}))
    assert bound.is_nonnegative and not bound.has(p)  # M - (M - w_k), M = (1 + sum w)/n
    largest, with_total = as_bounds([LargestEntry(p, N), LargestEntry(p, N) + sp.Sum(p[K], (K, 1, N))], frozenset({p}))
    assert sp.expand((with_total - largest).subs(N, 3).doit()) == 1  # the entries still sum to 1, for any slacks
    both = LargestEntry(Z, N) - SmallestEntry(Z, N)
    assert as_bounds([both], frozenset()) == [both]  # two bounds on one vector: left


def test_logarithms_are_compared_through_their_arguments() -> None:
    w = sp.IndexedBase(sp.Dummy("w", nonnegative=True), nonnegative=True)
    i = sp.Symbol("i", integer=True, positive=True)
    total = sp.Sum(sp.exp(-w[i]), (i, 1, N))
    assert prove_sign(sp.log(N) - sp.log(total), ()) is not None  # n - sum e^{-w} = sum (1 - e^{-w}) >= 0
    assert prove_sign(sp.log(total) - sp.log(N), ()) is None  # false for w > 0
    assert prove_sign(N - sp.Sum(w[i], (i, 1, N)), ()) is None  # false for w > 1

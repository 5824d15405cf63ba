"""Explicit vectors as articles write them: symbolic entries that sum to 1 identically, and infinite sides.

Softmax entries ``exp(a)/(exp(a)+exp(b)+exp(c))`` sum to 1 for every a, b, c: the vector is accepted (the sum
proved symbolically), and the claims about it are checked. A cross-entropy whose second vector has a 0 where
the first has mass is +inf: a claim that gives it a finite value is refuted with that side shown as +inf,
decided exactly; one that holds in the extended reals is proved there, and the verdict says so.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import pytest

import symbolic_info as si

_SOFTMAX = "[exp(a)/(exp(a)+exp(b)+exp(c)), exp(b)/(exp(a)+exp(b)+exp(c)), exp(c)/(exp(a)+exp(b)+exp(c))]"


@pytest.mark.slow  # checks claims
def test_a_vector_of_softmax_entries_is_accepted_and_its_cross_entropy_proved() -> None:
    verdict = si.check(f"H([0, 1, 0], {_SOFTMAX}) = log(exp(a) + exp(b) + exp(c)) - b")
    assert verdict.verdict == "proved", verdict.report()


@pytest.mark.slow  # checks claims
def test_the_wrong_logit_is_refuted_at_a_point_mpmath_confirms() -> None:
    verdict = si.check(f"H([0, 1, 0], {_SOFTMAX}) = log(exp(a) + exp(b) + exp(c)) - a")
    assert verdict.verdict == "refuted", verdict.report()
    assert verdict.counterexample is not None
    with mpmath.workdps(60):
        a, b, c = (mpmath.mpf(verdict.counterexample["variables"][name]) for name in "abc")
        normaliser = mpmath.exp(a) + mpmath.exp(b) + mpmath.exp(c)
        left = -mpmath.log(mpmath.exp(b) / normaliser)  # the textbook cross-entropy against the one-hot label
        right = mpmath.log(normaliser) - a
        assert abs(left - right) > 1e-3


def test_entries_that_do_not_sum_to_one_identically_are_refused() -> None:
    verdict = si.check("H([x, x]) = 1")
    assert (verdict.verdict, verdict.column) == ("error", 3)
    assert "the entries of a probability vector must sum to 1, these sum to 2*x" in verdict.message


@pytest.mark.parametrize(
    ("claim", "left", "right"),
    [
        (
            "H([0.7, 0.2, 0.1], [1, 0, 0]) = -log(0.7)",
            "+inf",
            lambda: mpmath.log(10) - mpmath.log(7),
        ),  # an article's mix-up
        ("KL([0.5, 0.5], [1, 0]) <= 100", "+inf", lambda: mpmath.mpf(100)),
        ("KL([0.5, 0.5], [1, 0]) ~= 0.5", "+inf", lambda: mpmath.mpf("0.5")),
    ],
)
def test_a_finite_value_for_an_infinite_side_is_refuted_with_inf_shown(
    claim: str, left: str, right: Callable[[], mpmath.mpf]
) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "refuted", verdict.report()
    assert verdict.counterexample is not None and verdict.counterexample["left"] == left
    with mpmath.workdps(60):
        assert abs(mpmath.mpf(verdict.counterexample["right"]) - right()) < mpmath.mpf(10) ** -45


def test_a_chain_names_the_relation_an_infinite_side_breaks() -> None:
    verdict = si.check("0 <= KL([0.5, 0.5], [1, 0]) < 1")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    assert verdict.counterexample["relation"] == "KL([0.5, 0.5], [1, 0]) < 1"


def test_the_right_order_of_the_same_vectors_is_proved() -> None:
    assert si.check("H([1, 0, 0], [0.7, 0.2, 0.1]) = -log(0.7)").verdict == "proved"


@pytest.mark.parametrize(
    ("claim", "shown"), [("H([0.7, 0.3], [1, 0]) >= 10", "+inf"), ("-KL([0.5, 0.5], [1, 0]) < -5", "-inf")]
)
def test_a_claim_true_in_the_extended_reals_is_proved_there_and_says_so(claim: str, shown: str) -> None:
    verdict = si.check(claim)
    assert (verdict.verdict, verdict.method) == ("proved", "exact: in the extended reals"), verdict.report()
    assert verdict.message.startswith("proved exactly, in the extended reals: a side is infinite (left = " + shown)

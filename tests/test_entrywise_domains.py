"""Conditions on every entry of a vector: ``where 0 < t[i] < 1``, ``where y[i] in {0, 1}`` (issue 15).

Predictions in (0, 1) and labels in {0, 1} over a sample: true claims are proved for every ``n``
(the Bernoulli log-likelihood is minus the summed binary cross-entropy), false ones are refuted with
a counterexample re-checked here with mpmath on the textbook formula, every sampled entry lies in
its domain, malformed conditions are errors with a column, and the LaTeX is read and written.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info.claims.connectives import claim_latex
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.interpolation import interpolated
from symbolic_info.claims.sampling import sample
from symbolic_info.claims.syntax import parse_claim
from symbolic_info.claims.translate import translate

from .claim_errors import assert_error_at

LABELS = "y[i] in {0, 1}"
PREDICTIONS = "0 < t[i] < 1"
LOG_LIKELIHOOD = "sum(y[i]*log(t[i]) + (1 - y[i])*log(1 - t[i]), i)"
LIKELIHOOD = "prod(t[i]**y[i]*(1 - t[i])**(1 - y[i]), i)"


@pytest.mark.parametrize(
    "claim",
    [
        f"log({LIKELIHOOD}) = {LOG_LIKELIHOOD} where {PREDICTIONS}, {LABELS}",
        f"{LIKELIHOOD} <= 1 where {PREDICTIONS}, {LABELS}",
        f"-{LOG_LIKELIHOOD} > 0 where {PREDICTIONS}, {LABELS}",  # strict: proved on [0, 1] in two halves
        "log(prod(sigmoid(z[i])**y[i]*(1 - sigmoid(z[i]))**(1 - y[i]), i)) = sum(y[i]*z[i] - log(1 + exp(z[i])), i)"
        f" where {LABELS}",
        f"sum(y[i]**2, i) = sum(y[i], i) where {LABELS}",
        f"sum(y[i], i) <= n where {LABELS}",
        f"sum(log(t[i]), i) < 0 where {PREDICTIONS}",
        f"sum(t[i], i) < n where {PREDICTIONS}",
        "sum(t[i]**2, i) <= sum(t[i], i) where 0 <= t[i] <= 1",
        "sum(exp(-t[i]), i) <= n where t[j] >= 0",  # an index the claim does not use: every entry too
        "sum(y[i]*log(t[i]), i) <= 0 where 0 < t[i] < 1, y[i] in {0, 1, 2}",
    ],
)
def test_true_claims_over_a_sample_are_proved(claim: str) -> None:
    verdict = si.check(claim)
    assert verdict.verdict == "proved", verdict.report()


@pytest.mark.parametrize(
    "claim",
    [
        "sum(y[i]**2, i) = sum(y[i], i) where 0 < y[i] < 1",  # true only on {0, 1}
        "sum(y[i]**2, i) = sum(y[i], i) where y[i] in {0, 2}",
    ],
)
def test_a_claim_true_only_at_the_values_listed_is_refuted_elsewhere(claim: str) -> None:
    assert si.check(claim).verdict == "refuted"


def _vector(values: dict[str, list[str]], name: str) -> list[mpmath.mpf]:
    return [mpmath.mpf(Fraction(entry).numerator) / Fraction(entry).denominator for entry in values[name]]


def _labels_and_predictions(verdict: si.Verdict) -> tuple[list[mpmath.mpf], list[mpmath.mpf]]:
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    values = verdict.counterexample["variables"]
    return _vector(values, "y"), _vector(values, "t")


def test_binary_cross_entropy_is_not_bounded_by_log_2_per_example() -> None:
    """A confident wrong prediction costs more than a coin flip: the mean BCE can exceed log 2."""
    verdict = si.check(f"-{LOG_LIKELIHOOD} <= n*log(2) where {PREDICTIONS}, {LABELS}")
    with mpmath.workdps(60):
        labels, predictions = _labels_and_predictions(verdict)
        assert set(labels) <= {0, 1} and all(0 < t < 1 for t in predictions)
        loss = -mpmath.fsum(
            y * mpmath.log(t) + (1 - y) * mpmath.log(1 - t) for y, t in zip(labels, predictions, strict=True)
        )
        assert loss > len(labels) * mpmath.log(2)


def test_labels_outside_zero_one_break_the_sign_of_the_log_likelihood() -> None:
    verdict = si.check(f"sum(y[i]*log(t[i]), i) <= 0 where {PREDICTIONS}, y[i] in {{-1, 1}}")
    with mpmath.workdps(60):
        labels, predictions = _labels_and_predictions(verdict)
        assert set(labels) <= {-1, 1} and all(0 < t < 1 for t in predictions)
        assert mpmath.fsum(y * mpmath.log(t) for y, t in zip(labels, predictions, strict=True)) > 0


def test_a_bound_on_every_entry_is_refuted_with_entries_inside_the_interval() -> None:
    verdict = si.check(f"sum(t[i], i) < n - 1 where {PREDICTIONS}")
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    values = verdict.counterexample["variables"]
    predictions = _vector(values, "t")
    assert all(0 < t < 1 for t in predictions) and mpmath.fsum(predictions) >= len(predictions) - 1


def test_every_sampled_entry_is_in_its_domain_and_the_samples_repeat() -> None:
    claim = translate(parse_claim(f"{LOG_LIKELIHOOD} <= 0 where {PREDICTIONS}, {LABELS}, z[i] >= 2"))
    points = list(sample(claim.variables, seed=3, count=300))
    assert [p.values for p in points] == [p.values for p in sample(claim.variables, seed=3, count=300)]
    for point in points:
        for name, value in point.values.items():
            if name.startswith("y["):
                assert value in (0, 1)
            elif name.startswith("t["):
                assert 0 < value < 1
    assert {value for point in points for name, value in point.values.items() if name.startswith("y[")} == {0, 1}


def test_interpolation_is_exact_at_the_values_and_refuses_an_undefined_term() -> None:
    y, t = sp.IndexedBase("y", real=True), sp.IndexedBase("t", positive=True)
    i = sp.Symbol("i", integer=True, positive=True)
    term = t[i] ** y[i] * (1 - t[i]) ** (1 - y[i])
    values = (sp.S.Zero, sp.S.One)
    rewritten = interpolated(sp.Sum(term, (i, 1, 3)), y, values)
    assert rewritten is not None
    rng = random.Random(0)
    for _ in range(20):
        point = {y[k]: rng.choice(values) for k in range(1, 4)} | {
            t[k]: sp.Rational(rng.randint(1, 99), 100) for k in range(1, 4)
        }
        assert sp.Sum(term, (i, 1, 3)).doit().xreplace(point) == rewritten.doit().xreplace(point)
    assert interpolated(sp.Sum(sp.log(y[i]), (i, 1, 3)), y, values) is None  # log(0)


@pytest.mark.parametrize(
    ("claim", "column", "message"),
    [
        ("sum(t[i], i) > 0 where t[i]**2 < 1", 24, "compares the entry with numbers, as in 0 < t[i] < 1"),
        ("sum(t[i], i) > 0 where 0 < t[i] < x", 28, "compares the entry with numbers"),
        ("sum(p[i], i) = 1 where p[i] > 0", 24, "p is a probability vector"),
        ("sum(t[i], i) > 0 where t[i] = 1", 24, "is an interval, as in 0 < t[i] < 1, or a set"),
        ("sum(y[i], i) >= 0 where y[i] in {a, 1}", 25, "the values of y[i] are numbers"),
        ("sum(y[i], i) >= 0 where y[i] in {0, 1}, y[i] in {0, 1}", 41, "y is given a set twice"),
        ("sum(y[i], i) >= 0 where 0 < y[i] < 1, y[i] in {0, 1}", 39, "y is given a set and another condition"),
        ("sum(y[i], i) >= 0 where y[1] in {0, 1}", 25, "written with an index name, as in y[i]"),
        ("sum(p[i], i) = 1 where p[i] in {0, 1}", 24, "a set of values is for a real vector"),
    ],
)
def test_malformed_entry_conditions_are_errors_with_a_column(claim: str, column: int, message: str) -> None:
    assert_error_at(claim, column, message)


def test_empty_interval_is_an_error() -> None:
    verdict = si.check("sum(t[i], i) > 0 where 1 < t[i] < 0")
    assert verdict.verdict == "error" and "no value of t satisfies the conditions" in verdict.message


def test_a_condition_on_one_entry_stays_a_condition_on_that_entry() -> None:
    claim = translate(parse_claim("softmax(z)[k] < 1 where z[k] > 0"))
    assert claim.variables.entry_domains == () and len(claim.conditions) == 1


def test_latex_both_ways() -> None:
    claim = f"log({LIKELIHOOD}) = {LOG_LIKELIHOOD} where {PREDICTIONS}, {LABELS}"
    latex = claim_latex(claim)
    assert latex.endswith(r"\text{where } 0 < t_{i} < 1,\ y_{i} \in \{0, 1\}"), latex
    assert si.check(latex_to_claim(latex)).verdict == "proved"
    read = latex_to_claim(
        r"\sum_{i=1}^{n} y_i \log t_i \leq 0 \quad \text{where } 0 < t_i < 1,\ y_i \in \{0, \frac{1}{2}\}"
    )
    assert read.endswith("where 0 < t[i] < 1, y[i] in {0, ((1)/(2))}"), read
    assert si.check(read).verdict == "proved"


def test_no_crossing_is_sought_between_labels() -> None:
    """The sides of a != claim cross between y = 0 and y = 1, but no label lies there: not refuted."""
    verdict = si.check(f"sum(y[i], i) != 1/2 where {LABELS}")
    assert verdict.verdict == "holds", verdict.report()
    assert si.check(f"sum(y[i], i) != 1 where {LABELS}").verdict == "refuted"


def test_scalar_sets_and_entry_sets_together() -> None:
    verdict = si.check(f"x*sum(y[i], i) >= 0 where x in {{0, 1}}, {LABELS}")
    assert verdict.verdict == "proved" and verdict.message.startswith("every case"), verdict.report()


def test_interpolation_leaves_a_sum_whose_index_is_bound_again_inside() -> None:
    y = sp.IndexedBase("y", real=True)
    i = sp.Symbol("i", integer=True, positive=True)
    shadowed = sp.Sum(y[i] * sp.Sum(sp.log(y[i] + 2), (i, 1, 3)), (i, 1, 3))
    assert interpolated(shadowed, y, (sp.S.Zero, sp.S.One)) == sp.Sum(
        y[i] * sp.Sum((1 - y[i]) * sp.log(2) + y[i] * sp.log(3), (i, 1, 3)), (i, 1, 3)
    )  # the inner sum interpolated (log(0 + 2), log(1 + 2)); the outer one, whose index it rebinds, left


def test_a_name_with_entry_conditions_is_a_vector_or_an_error() -> None:
    """``E(p, y)`` reads ``y`` entry by entry once its entries are given a set; as a scalar it would be 2 once."""
    assert si.check(f"E(p, y) <= 1 where {LABELS}").verdict == "proved"
    assert si.check(f"sum(y) <= n where {LABELS}").verdict == "proved"
    assert_error_at("x + t > 0 where 0 < t[j] < 1", 21, "'t' is a real variable in the claim")


def test_convexity_on_the_domain_of_every_entry() -> None:
    """The BCE of a sample is convex in its predictions on (0, 1)^n; log is concave there, not convex."""
    bce = f"-{LOG_LIKELIHOOD}"
    assert si.check(f"convex({bce}, t) where {LABELS}, {PREDICTIONS}").verdict == "proved"
    assert si.check(f"concave(sum(log(t[i]), i), t) where {PREDICTIONS}").verdict == "proved"
    verdict = si.check("convex(sum(t[i]**3, i), t) where t[i] > -1")  # t^3 is concave below 0
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    values = verdict.counterexample["variables"]
    t, v = _vector(values, "t"), _vector(values, "v")
    assert all(entry > -1 for entry in t) and mpmath.fsum(6 * a * b**2 for a, b in zip(t, v, strict=True)) < 0


def test_an_index_a_sum_binds_in_the_claim_is_every_entry_in_a_condition() -> None:
    assert si.check("sum(t[j], j) > 0 where 0 < t[j] < 1").verdict == "proved"
    free = translate(parse_claim("t[k] < 1 where t[k] > 0"))  # k free in the claim: that one entry
    assert free.variables.entry_domains == () and len(free.conditions) == 1


def test_a_sample_size_n_is_the_number_of_entries() -> None:
    """``N`` reads as ``n`` (a claim writes one of them); its LaTeX keeps ``N``, and ``\\sum_{i=1}^{N}`` reads."""
    mean_loss = f"-{LOG_LIKELIHOOD}/N"
    assert si.check(f"{mean_loss} > 0 where {PREDICTIONS}, {LABELS}").verdict == "proved"
    verdict = si.check(f"sum(y[i], i)/N <= 1/2 where {LABELS}")  # all labels 1: the mean is 1
    assert verdict.verdict == "refuted" and verdict.counterexample is not None, verdict.report()
    assert all(label in ("0", "1") for label in verdict.counterexample["variables"]["y"])
    assert mpmath.fsum(_vector(verdict.counterexample["variables"], "y")) > verdict.counterexample["n"] / 2
    latex = claim_latex(f"{mean_loss} > 0 where {PREDICTIONS}, {LABELS}")
    assert r"\sum_{i=1}^{N}" in latex and "{N}" in latex and "^{n}" not in latex, latex
    assert latex_to_claim(r"\frac{1}{N} \sum_{i=1}^{N} y_i \leq 1 \quad \text{where } y_i \in \{0, 1\}") == (
        "((1)/(N))*sum(y[i], i) <= 1 where y[i] in {0, 1}"
    )
    assert_error_at("sum(t[i], i) < N + n where 0 < t[i] < 1", 16, "'N' and 'n' are both the number of entries")


def test_entries_a_sum_binds_in_a_condition_are_not_a_condition_on_every_entry() -> None:
    """``where sum((p - q)**2) > 0`` (``p != q``) sums over ``i``: an ordinary condition, not ``p[i]``'s domain."""
    claim = translate(parse_claim("KL(p, q) > 0 where sum((p[i] - q[i])**2, i) > 0"))
    assert claim.variables.entry_domains == () and len(claim.conditions) == 1
    whole = translate(parse_claim("KL(p, q) > 0 where sum((p - q)**2) > 0"))
    assert len(whole.conditions) == 1

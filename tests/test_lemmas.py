"""Claims proved from the book's results: Gibbs' inequality, log x <= x - 1, the sigmoid's bound; never a false one."""

from __future__ import annotations

import pytest

from symbolic_info import check
from symbolic_info.catalogue.lemmas import lemmas, statements

GIBBS = ("gibbs-inequality", "cross-entropy-minimum")  # both prove H(p, q) >= H(p), that is D(p || q) >= 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claim", "lemmas_that_prove_it"),
    [
        ("KL(p, q) >= 0", GIBBS),
        ("KL(q, p) >= 0", GIBBS),
        ("H(p, q) >= H(p)", GIBBS),
        ("H(p, r) - H(p) >= 0", GIBBS),
        ("KL(p, q) >= -1", GIBBS),
        ("2*KL(p, q) >= 0", GIBBS),
        ("KL(p, q) + KL(q, p) >= 0", GIBBS),
        ("KL(p, q) + 2*KL(q, p) >= 0", GIBBS),
        ("H(p) <= log(n)", ("entropy-hessian",)),
        ("log(x) <= x - 1 where x > 0", ("gibbs-inequality",)),
        ("log(1 + t) <= t where t > -1", ("gibbs-inequality",)),
        ("sigmoid(z)*(1 - sigmoid(z)) <= 1/4", ("sigmoid-derivative",)),
    ],
)
def test_inequalities_that_follow_from_a_lemma_are_proved_and_say_which(
    claim: str, lemmas_that_prove_it: tuple[str, ...]
) -> None:
    verdict = check(claim)
    assert verdict.verdict == "proved", verdict.report()
    assert "by " in verdict.message
    assert any(f"{lemma}" in verdict.message for lemma in lemmas_that_prove_it), verdict.message


@pytest.mark.slow
@pytest.mark.parametrize(
    "claim",
    [
        "KL(p, q) > 0",
        "KL(p, q) >= 1",
        "H(p, q) > H(p)",
        "log(x) < x - 1 where x > 0",
        "KL(p, q) + KL(q, p) > 0",
        "KL(p, q) - KL(q, p) >= 0",
        "KL(p, q) + KL(q, p) >= 1/10",
    ],
)
def test_a_lemma_never_proves_a_false_claim(claim: str) -> None:
    verdict = check(claim)
    assert verdict.verdict == "refuted", verdict.report()


@pytest.mark.slow
def test_only_chains_proved_in_every_step_are_lemmas() -> None:
    proved = {(lemma.source, lemma.chain) for lemma in lemmas()}
    every = {(lemma.source, lemma.chain) for lemma in statements()}
    assert proved < every  # some statements of the book are not (yet) proved in every step
    assert ("gibbs-inequality", 2) in proved


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claim", "counts"), [("H(p) <= log(3) where n <= 3", "2, 3"), ("H(p) <= log(4) where n < 4", "2, 3")]
)
def test_a_rest_in_n_is_proved_at_each_n_the_conditions_allow(claim: str, counts: str) -> None:
    """H(p) <= log(n) leaves log(3) - log(n) >= 0, proved at n = 2 (log(3/2) > 0) and n = 3 (0)."""
    verdict = check(claim)
    assert verdict.verdict == "proved", verdict.report()
    assert "entropy-hessian" in verdict.message and f"at each n = {counts}" in verdict.message


def test_a_rest_in_n_that_fails_at_an_allowed_n_proves_nothing() -> None:
    verdict = check("H(p) <= log(2) where n <= 3")  # log(2) - log(3) < 0 at n = 3
    assert verdict.verdict == "refuted" and verdict.counterexample is not None
    assert verdict.counterexample["n"] == 3

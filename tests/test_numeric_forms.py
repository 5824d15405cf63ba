"""One source of truth: the kernels lambdify exactly the forms the certificates prove equal to the definitions."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from symbolic_info import catalogue
from symbolic_info.engine.normalization import interior
from symbolic_info.errors import InvalidArgumentError
from symbolic_info.formulas import definitions, stable
from symbolic_info.formulas.vectors import index_symbol
from symbolic_info.numeric.kernels import AUXILIARY, FORMS, SYMBOLS, kernel, mpmath_kernel

from .conftest import VerifiedLookup
from .crosscheck import EXTENDED_DIGITS


def _statements(derivation_id: str) -> list[sp.Basic]:
    derivation = catalogue.build(derivation_id)
    return [
        statement for chain in derivation.chains for statement in (chain.first, *(s.statement for s in chain.steps))
    ]


def _renamed(expr: sp.Basic, like: sp.Basic) -> sp.Basic:
    """``expr`` with each symbol replaced by the symbol of the same name in ``like`` (assumptions may differ)."""
    by_name = {symbol.name: symbol for symbol in like.free_symbols if isinstance(symbol, sp.Symbol)}
    return expr.xreplace({s: by_name.get(s.name, s) for s in expr.free_symbols if isinstance(s, sp.Symbol)})


@pytest.mark.slow  # verifies every certificate, stable-kl-divergence among them
def test_every_kernel_has_a_certificate_in_the_book(verified: VerifiedLookup) -> None:
    assert set(stable.CERTIFICATES) == set(SYMBOLS)
    for name, certificate in stable.CERTIFICATES.items():
        if certificate == "the definition":
            continue
        assert certificate in catalogue.ids(), name
        assert verified(certificate).ok


@pytest.mark.parametrize("name", ["sigmoid", "log_sigmoid", "logistic_loss", "weighted_logistic_loss"])
def test_pointwise_certificates_start_from_the_lambdified_form(name: str) -> None:
    statements = _statements(stable.CERTIFICATES[name])
    assert any(_renamed(FORMS[name], statement) == statement for statement in statements)


def test_log_softmax_certificate_ends_at_the_lambdified_form() -> None:
    statements = _statements("stable-log-softmax")
    z = sp.IndexedBase("z", real=True)
    k, a, j = index_symbol("k"), index_symbol("a"), index_symbol("j")
    n = sp.Symbol("n", integer=True, positive=True)
    rest = sp.Sum((1 - sp.KroneckerDelta(j, a)) * sp.exp(z[j] - z[a]), (j, 1, n))
    shifted, total = SYMBOLS["log_softmax"]
    for name in ("log_softmax", "softmax"):
        assert FORMS[name].xreplace({shifted: z[k] - z[a], total: rest}) in statements


def test_binary_certificates_end_at_the_lambdified_forms() -> None:
    statements = _statements("stable-binary-entropy")
    for name in ("binary_entropy", "binary_cross_entropy"):
        plain = interior(FORMS[name])
        assert any(_renamed(plain, statement) == statement for statement in statements)


def test_kl_kernel_is_the_certified_series_truncated_where_the_bound_was_proved() -> None:
    statements = _statements("stable-kl-divergence")
    s, u = sp.Symbol("s", positive=True), sp.Symbol("u", real=True)
    assert stable.kl_term_series(s, u) in statements  # exact: with atanh(u) - u
    k = index_symbol("k")
    certified = sp.Sum(u ** (2 * k + 1) / (2 * k + 1), (k, 1, stable.KL_SERIES_TERMS)).doit()
    assert sp.expand(stable.odd_series_tail(u, stable.KL_SERIES_TERMS) - certified) == 0
    total, ratio = (symbol for symbol, _ in AUXILIARY["kl_term"])
    series_branch = FORMS["kl_term"].args[1]
    assert series_branch.expr == stable.kl_term_series(total, ratio, stable.KL_SERIES_TERMS)
    assert series_branch.cond == (sp.Abs(ratio) <= stable.KL_SERIES_RADIUS)


def test_entropy_terms_are_the_definitions_terms() -> None:
    p, q = SYMBOLS["cross_entropy_term"]
    assert FORMS["entropy_term"] == definitions.entropy([p])
    assert FORMS["cross_entropy_term"] == definitions.cross_entropy([p], [q])


@pytest.mark.parametrize("z", [-700.0, -30.0, -1.5, 0.0, 2.0, 35.0, 700.0])
def test_stable_forms_equal_the_definitions_at_60_digits(z: float) -> None:
    with mpmath.workdps(EXTENDED_DIGITS):
        x, y = mpmath.mpf(z), mpmath.mpf(3) / 10
        at_z = sp.Float(z, EXTENDED_DIGITS)
        textbook = {
            "sigmoid": definitions.sigmoid(at_z).evalf(EXTENDED_DIGITS),
            "log_sigmoid": sp.log(definitions.sigmoid(at_z)).evalf(EXTENDED_DIGITS),
        }
        for name, value in textbook.items():
            assert abs(mpmath_kernel(name)(x) - mpmath.mpf(value)) <= mpmath.mpf(10) ** -60 * (1 + abs(value))
        loss = definitions.binary_cross_entropy(sp.Rational(3, 10), definitions.sigmoid(at_z)).evalf(EXTENDED_DIGITS)
        assert abs(mpmath_kernel("logistic_loss")(x, y) - mpmath.mpf(loss)) <= mpmath.mpf(10) ** -60 * (1 + abs(loss))


def test_unknown_kernel_is_an_argument_error() -> None:
    with pytest.raises(InvalidArgumentError, match="no kernel"):
        kernel("softplus")
    assert np.isclose(kernel("softmax")(np.float64(0.0), np.float64(1.0)), 0.5)

"""The catalogue: every derivation by id, in book order, as an immutable table.

Each entry names the module and builder function that constructs the derivation; the
builders live one topic per module. Building is cheap (SymPy expressions only);
verification happens elsewhere.

>>> "entropy-maximum" in ids()
True
>>> build("entropy-maximum", n=3).id
'entropy-maximum'
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..engine.derivation import Derivation
from ..errors import InvalidArgumentError, UnknownDerivationError

__all__ = ["CATALOGUE", "Entry", "Part", "book_sections", "build", "entry", "ids", "parts"]


@dataclass(frozen=True)
class Entry:
    """Where the builder of one derivation lives, and whether it takes an explicit ``n``."""

    id: str
    module: str
    builder: str
    takes_n: bool = False


@dataclass(frozen=True)
class Part:
    """A part of the book: a heading and its derivations."""

    title: str
    entries: tuple[Entry, ...]


CATALOGUE: tuple[Part, ...] = (
    Part(
        "Entropy, cross-entropy and KL divergence",
        (
            Entry("information-content", "information", "information_content_units"),
            Entry("entropy-expectation", "information", "entropy_expectation"),
            Entry("binary-entropy", "entropy", "binary_entropy"),
            Entry("entropy-maximum", "entropy", "entropy_maximum", takes_n=True),
            Entry("entropy-hessian", "entropy", "entropy_hessian"),
            Entry("cross-entropy-minimum", "cross_entropy", "cross_entropy_minimum"),
            Entry("kl-decomposition", "kl", "kl_decomposition"),
            Entry("gibbs-inequality", "kl", "gibbs_inequality"),
            Entry("one-hot-cross-entropy", "cross_entropy", "one_hot_cross_entropy"),
            Entry("worked-examples", "examples", "worked_examples"),
            Entry("gaussian-entropy-kl", "continuous", "gaussian_entropy_kl"),
        ),
    ),
    Part(
        "Learning: gradients, Hessians and maximum likelihood",
        (
            Entry("sigmoid-derivative", "sigmoid", "sigmoid_derivative"),
            Entry("mse-sigmoid-gradient", "sigmoid", "mse_sigmoid_gradient", takes_n=True),
            Entry("ce-sigmoid-gradient", "sigmoid", "ce_sigmoid_gradient"),
            Entry("gradient-comparison", "logistic", "gradient_comparison"),
            Entry("logistic-regression-hessian", "logistic", "logistic_regression_hessian"),
            Entry("mse-sigmoid-nonconvex", "logistic", "mse_sigmoid_nonconvex"),
            Entry("softmax-gradient", "softmax", "softmax_gradient"),
            Entry("softmax-hessian", "softmax", "softmax_hessian"),
            Entry("mle-bernoulli", "mle", "mle_bernoulli"),
            Entry("mle-categorical", "mle", "mle_categorical"),
            Entry("mle-cross-entropy-kl", "mle", "mle_cross_entropy_kl"),
        ),
    ),
    Part(
        "Stable numeric forms",
        (
            Entry("stable-sigmoid", "stable_forms", "stable_sigmoid"),
            Entry("stable-logistic-loss", "stable_forms", "stable_logistic_loss"),
            Entry("stable-binary-entropy", "stable_forms", "stable_binary_entropy"),
            Entry("stable-log-softmax", "stable_forms", "stable_log_softmax"),
            Entry("stable-kl-divergence", "stable_forms", "stable_kl_divergence"),
        ),
    ),
)


def _available() -> tuple[Entry, ...]:
    return tuple(item for part in CATALOGUE for item in part.entries)


def parts() -> tuple[Part, ...]:
    """The parts of the book, in order."""
    return CATALOGUE


def book_sections() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each part's title with its derivation ids: the outline of the book.

    >>> book_sections()[0][1][:2]
    ('information-content', 'entropy-expectation')
    """
    return tuple((part.title, tuple(item.id for item in part.entries)) for part in CATALOGUE)


def ids() -> list[str]:
    """Every derivation id, in book order."""
    return [item.id for item in _available()]


def entry(derivation_id: str) -> Entry:
    """The catalogue entry for ``derivation_id``."""
    for item in _available():
        if item.id == derivation_id:
            return item
    known = ", ".join(ids())
    raise UnknownDerivationError(f"no derivation {derivation_id!r}; known ids: {known}")


def build(derivation_id: str, n: int | None = None) -> Derivation:
    """Construct the derivation ``derivation_id`` (for an explicit ``n`` where it takes one)."""
    item = entry(derivation_id)
    builder = getattr(importlib.import_module(f"{__name__}.{item.module}"), item.builder)
    if n is None:
        derivation: Derivation = builder()
        return derivation
    if not item.takes_n:
        raise InvalidArgumentError(f"{derivation_id} does not take --n")
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise InvalidArgumentError(f"n must be an integer >= 2, got {n!r}")
    derivation = builder(n=n)
    return derivation

"""The catalogue: every derivation by id, in book order, as an immutable table of builder functions.

Each entry is the function that builds one derivation (one topic per module); the derivation's id
is the builder's name with ``-`` for ``_`` (a test checks that each builder builds the id it is
listed under). Building is cheap (SymPy expressions only); verification happens elsewhere.

>>> "entropy-maximum" in ids()
True
>>> build("entropy-maximum", n=3).id
'entropy-maximum'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..engine.derivation import Derivation
from ..errors import InvalidArgumentError, UnknownDerivationError
from . import (
    continuous,
    cross_entropy,
    decision_tree,
    differential_entropy,
    distillation,
    entropy,
    examples,
    focal,
    gan,
    gaussian_diagonal,
    information,
    kl,
    label_smoothing,
    logistic,
    loss_options,
    mle,
    mutual_information,
    perplexity,
    sigmoid,
    softmax,
    softmax_entropy,
    stable_forms,
)

__all__ = ["CATALOGUE", "Entry", "Part", "book_sections", "build", "entry", "ids", "parts", "section_numbers"]


@dataclass(frozen=True)
class Entry:
    """The builder of one derivation, and whether it takes an explicit ``n``."""

    builder: Callable[..., Derivation]
    takes_n: bool = False

    @property
    def id(self) -> str:
        """The derivation's id: the builder's name, words joined by ``-``."""
        return self.builder.__name__.replace("_", "-")


@dataclass(frozen=True)
class Part:
    """A part of the book: a heading and its derivations."""

    title: str
    entries: tuple[Entry, ...]


CATALOGUE: tuple[Part, ...] = (
    Part(
        "Entropy, cross-entropy and KL divergence",
        (
            Entry(information.information_content),
            Entry(information.entropy_expectation),
            Entry(entropy.binary_entropy),
            Entry(entropy.entropy_maximum, takes_n=True),
            Entry(entropy.entropy_hessian),
            Entry(cross_entropy.cross_entropy_minimum),
            Entry(kl.kl_decomposition),
            Entry(kl.gibbs_inequality),
            Entry(cross_entropy.one_hot_cross_entropy),
            Entry(examples.worked_examples),
            Entry(continuous.gaussian_entropy_kl),
        ),
    ),
    Part(
        "Learning: gradients, Hessians and maximum likelihood",
        (
            Entry(sigmoid.sigmoid_derivative),
            Entry(sigmoid.mse_sigmoid_gradient, takes_n=True),
            Entry(sigmoid.ce_sigmoid_gradient),
            Entry(logistic.gradient_comparison),
            Entry(logistic.logistic_regression_hessian),
            Entry(logistic.mse_sigmoid_nonconvex),
            Entry(focal.focal_loss),
            Entry(softmax.softmax_gradient),
            Entry(softmax.softmax_hessian),
            Entry(mle.mle_bernoulli),
            Entry(mle.mle_categorical),
            Entry(mle.mle_cross_entropy_kl),
        ),
    ),
    Part(
        "Information measures in today's models",
        (
            Entry(mutual_information.mutual_information),
            Entry(decision_tree.decision_tree_information_gain),
            Entry(gan.gan_discriminator_optimum),
            Entry(perplexity.perplexity),
            Entry(gaussian_diagonal.gaussian_kl_diagonal),
            Entry(softmax_entropy.entropy_of_softmax),
            Entry(differential_entropy.differential_entropy_sign),
            Entry(label_smoothing.label_smoothing),
            Entry(distillation.distillation_temperature),
        ),
    ),
    Part(
        "Stable numeric forms",
        (
            Entry(stable_forms.stable_sigmoid),
            Entry(stable_forms.stable_logistic_loss),
            Entry(stable_forms.stable_binary_entropy),
            Entry(stable_forms.stable_log_softmax),
            Entry(stable_forms.stable_kl_divergence),
            Entry(loss_options.stable_loss_options),
            Entry(loss_options.stable_kl_from_logs),
            Entry(loss_options.loss_gradients),
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


def section_numbers() -> dict[str, int]:
    """Each derivation's section number in the book (sections are numbered through the parts).

    >>> section_numbers()["information-content"], len(section_numbers()) == len(ids())
    (1, True)
    """
    return {derivation_id: number for number, derivation_id in enumerate(ids(), 1)}


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
    if n is None:
        return item.builder()
    if not item.takes_n:
        raise InvalidArgumentError(f"{derivation_id} does not take --n")
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise InvalidArgumentError(f"n must be an integer >= 2, got {n!r}")
    return item.builder(n=n)

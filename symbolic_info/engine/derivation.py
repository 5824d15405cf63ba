"""The derivation model: an id, a title, a domain and chains of steps; verified once, step by step.

A :class:`Derivation` is built from chains (:mod:`.chain`); :meth:`Derivation.verify` checks every
step (:mod:`.verification`) and returns a :class:`VerifiedDerivation`, computed once per derivation
and set of options. Displayed in a notebook, both show the rendered derivation through the renderer
registered in :mod:`.display` (LaTeX, Markdown and HTML), verifying once whatever is shown.

>>> import sympy as sp
>>> from symbolic_info.engine.domain import Domain, Real
>>> x = sp.Symbol("x", positive=True)
>>> chain = Chain.start(sp.log(x**2), label=r"f(x)").equals(2 * sp.log(x), "a power inside the log")
>>> d = Derivation("log-power", "A power inside a logarithm", domain=Domain.of(Real(x, low=0)), chains=(chain,))
>>> report = d.verify()
>>> report.ok, report.counts(), d.verify() is report
(True, {'symbolic': 1, 'numeric': 0, 'failed': 0}, True)
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from ..errors import DerivationError
from . import display
from .chain import Chain
from .domain import Domain
from .verification import DEFAULT_BUDGET, DEFAULT_POINTS, NUMERIC_BUDGET, StepResult, StepVerdict, verify_chain

__all__ = ["Derivation", "VerifiedDerivation", "verify"]

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: The options of one verification: budget, points, numeric budget, whether to try a proof.
_Options = tuple[float, int, float, bool]


@dataclass(frozen=True)
class Derivation:
    """A titled, ordered sequence of chains over a domain; every step is to be verified."""

    id: str
    title: str
    domain: Domain
    chains: tuple[Chain, ...]
    summary: str = ""
    conclusion: str = ""
    parameters: dict[str, Any] = field(default_factory=dict, compare=False)
    _verified: dict[_Options, VerifiedDerivation] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _ID_PATTERN.match(self.id):
            raise DerivationError(f"derivation ids are lowercase words joined by '-', got {self.id!r}")
        if not self.chains or any(not chain.steps for chain in self.chains):
            raise DerivationError(f"{self.id}: every chain needs at least one step")

    @property
    def step_count(self) -> int:
        return sum(len(chain.steps) for chain in self.chains)

    def domain_of(self, chain: Chain) -> Domain:
        return chain.domain if chain.domain is not None else self.domain

    def verify(
        self,
        *,
        budget: float = DEFAULT_BUDGET,
        points: int = DEFAULT_POINTS,
        numeric_budget: float = NUMERIC_BUDGET,
        symbolic: bool = True,
    ) -> VerifiedDerivation:
        """Verify every step (once: the result is kept for the same options); deterministic for given steps.

        ``budget`` bounds the symbolic search of each step and ``numeric_budget`` its numeric check
        (seconds); ``points`` is the number of seeded points of the numeric check; ``symbolic=False``
        skips the proof attempts.
        """
        options = (budget, points, numeric_budget, symbolic)
        if options not in self._verified:
            started = time.perf_counter()
            results = tuple(
                verify_chain(
                    chain,
                    self.domain_of(chain),
                    seed_prefix=f"{self.id}:{index}",
                    budget=budget,
                    points=points,
                    numeric_budget=numeric_budget,
                    symbolic=symbolic,
                )
                for index, chain in enumerate(self.chains)
            )
            self._verified[options] = VerifiedDerivation(self, results, time.perf_counter() - started)
        return self._verified[options]

    def _repr_latex_(self) -> str | None:
        return display.rendered(self.verify(), "text/latex")

    def _repr_markdown_(self) -> str | None:
        return display.rendered(self.verify(), "text/markdown")

    def _repr_html_(self) -> str | None:
        return display.rendered(self.verify(), "text/html")


@dataclass(frozen=True)
class VerifiedDerivation:
    """A derivation with the result of every step, chain by chain."""

    derivation: Derivation
    results: tuple[tuple[StepResult, ...], ...]
    seconds: float

    @property
    def step_results(self) -> tuple[StepResult, ...]:
        return tuple(result for chain in self.results for result in chain)

    @property
    def ok(self) -> bool:
        return all(result.verdict is not StepVerdict.FAILED for result in self.step_results)

    def counts(self) -> dict[str, int]:
        """How many steps got each verdict."""
        return {v.value: sum(r.verdict is v for r in self.step_results) for v in StepVerdict}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``symbolic-info verify --json``."""
        steps = []
        for chain_index, (chain, results) in enumerate(zip(self.derivation.chains, self.results, strict=True)):
            for step, result in zip(chain.steps, results, strict=True):
                steps.append(
                    {
                        "chain": chain_index,
                        "relation": step.relation.value,
                        "because": step.because,
                        "verdict": result.verdict.value,
                        "method": result.method,
                        "detail": result.detail,
                        "seconds": round(result.seconds, 3),
                    }
                )
        return {
            "id": self.derivation.id,
            "title": self.derivation.title,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "steps": steps,
        }

    def _repr_latex_(self) -> str | None:
        return display.rendered(self, "text/latex")

    def _repr_markdown_(self) -> str | None:
        return display.rendered(self, "text/markdown")

    def _repr_html_(self) -> str | None:
        return display.rendered(self, "text/html")


def verify(
    derivation: Derivation,
    *,
    budget: float = DEFAULT_BUDGET,
    points: int = DEFAULT_POINTS,
    numeric_budget: float = NUMERIC_BUDGET,
    symbolic: bool = True,
) -> VerifiedDerivation:
    """Verify every step of ``derivation``: the same as :meth:`Derivation.verify`."""
    return derivation.verify(budget=budget, points=points, numeric_budget=numeric_budget, symbolic=symbolic)

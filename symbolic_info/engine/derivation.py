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
(True, {'symbolic': 1, 'certified': 0, 'numeric': 0, 'failed': 0}, True)
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from ..errors import DerivationError
from . import display
from .chain import Chain, Step, theorem_relation
from .domain import Domain
from .theorem import TheoremResult, check_theorem
from .verification import DEFAULT_BUDGET, DEFAULT_POINTS, NUMERIC_BUDGET, StepResult, StepVerdict, verify_chain

__all__ = ["Derivation", "VerifiedDerivation", "verify"]

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: The options of one verification: budget, points, numeric budget, whether to try a proof.
_Options = tuple[float, int, float, bool]


@dataclass(frozen=True)
class Derivation:
    """A titled, ordered sequence of chains over a domain; every step is to be verified.

    ``id`` is lowercase words joined by ``-`` (it names the rendered files); ``summary`` and
    ``conclusion`` are prose (``$...$`` math allowed); ``theorem`` holds the SymPy relations the
    derivation proves: verification checks that each follows from what one of its chains
    establishes (see :meth:`Chain.proves`). ``chains`` may be any sequence of chains.

    >>> import sympy as sp
    >>> from symbolic_info.engine.domain import Domain, Real
    >>> x = sp.Symbol("x", positive=True)
    >>> chain = Chain.start(sp.log(x) - x + 1).le(0, "log x <= x - 1")
    >>> d = Derivation(
    ...     "tangent", "Below the tangent", Domain.of(Real(x, low=0)), (chain,), theorem=(sp.Ge(0, sp.log(x) - x + 1),)
    ... )
    >>> report = d.verify()
    >>> report.ok, [result.ok for result in report.theorems]
    (True, [True])
    """

    id: str
    title: str
    domain: Domain
    chains: Sequence[Chain]
    summary: str = ""
    conclusion: str = ""
    parameters: dict[str, Any] = field(default_factory=dict, compare=False)
    theorem: Sequence[sp.Basic] = ()
    _verified: dict[_Options, VerifiedDerivation] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("id", "title", "summary", "conclusion"):
            if not isinstance(getattr(self, name), str):
                raise DerivationError(f"a derivation's {name} is text, got {getattr(self, name)!r}")
        if not _ID_PATTERN.match(self.id):
            raise DerivationError(f"derivation ids are lowercase words joined by '-', got {self.id!r}")
        if not isinstance(self.domain, Domain):
            raise DerivationError(f"{self.id}: the domain is a Domain (Domain.of(Real(x), ...)), got {self.domain!r}")
        if isinstance(self.chains, Chain):
            object.__setattr__(self, "chains", (self.chains,))
        object.__setattr__(self, "chains", tuple(self.chains))
        if any(not isinstance(chain, Chain) for chain in self.chains):
            raise DerivationError(f"{self.id}: chains are Chain objects (Chain.start(...).equals(...))")
        if not self.chains or any(not chain.steps for chain in self.chains):
            raise DerivationError(f"{self.id}: every chain needs at least one step")
        if isinstance(self.theorem, (sp.Basic, str)):
            object.__setattr__(self, "theorem", (self.theorem,))
        object.__setattr__(self, "theorem", tuple(self.theorem))
        for theorem in self.theorem:
            theorem_relation(theorem)

    @property
    def step_count(self) -> int:
        """How many steps the chains have together.

        >>> from symbolic_info.engine.domain import Domain
        >>> Derivation("one", "One", Domain.of(), [Chain.start(sp.Integer(1)).equals(1, "itself")]).step_count
        1
        """
        return sum(len(chain.steps) for chain in self.chains)

    def domain_of(self, chain: Chain) -> Domain:
        """The domain ``chain`` is checked on: its own, else the derivation's.

        >>> from symbolic_info.engine.domain import Domain
        >>> chain = Chain.start(sp.Integer(1)).equals(1, "itself")
        >>> Derivation("one", "One", Domain.of(), [chain]).domain_of(chain)
        Domain(declarations=())
        """
        return chain.domain if chain.domain is not None else self.domain

    def _theorems(self, budget: float) -> tuple[TheoremResult, ...]:
        """Each stated theorem, of a chain (against that chain) or of the derivation (against any chain)."""
        domains = tuple(self.domain_of(chain) for chain in self.chains)
        results = [
            check_theorem(chain.theorem, (chain,), (domain,), budget=budget)
            for chain, domain in zip(self.chains, domains, strict=True)
            if chain.theorem is not None
        ]
        results += [check_theorem(theorem, self.chains, domains, budget=budget) for theorem in self.theorem]
        return tuple(results)

    def verify(
        self,
        *,
        budget: float = DEFAULT_BUDGET,
        points: int = DEFAULT_POINTS,
        numeric_budget: float = NUMERIC_BUDGET,
        symbolic: bool = True,
    ) -> VerifiedDerivation:
        """Verify every step (once: the result is kept for the same options); deterministic for given steps.

        The stated theorems are checked too (:attr:`theorem`, :meth:`Chain.proves`).

        >>> from symbolic_info.engine.domain import Domain
        >>> one = Derivation("one", "One", Domain.of(), [Chain.start(sp.Integer(1)).equals(1, "itself")])
        >>> one.verify().ok, one.verify() is one.verify()
        (True, True)

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
            theorems = self._theorems(budget)
            self._verified[options] = VerifiedDerivation(self, results, time.perf_counter() - started, theorems)
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
    theorems: tuple[TheoremResult, ...] = ()

    @property
    def step_results(self) -> tuple[StepResult, ...]:
        """Every step's result, chain after chain."""
        return tuple(result for chain in self.results for result in chain)

    @property
    def ok(self) -> bool:
        """Every step verified and every stated theorem implied."""
        steps_ok = all(result.verdict is not StepVerdict.FAILED for result in self.step_results)
        return steps_ok and all(theorem.ok for theorem in self.theorems)

    def failures(self) -> list[tuple[int, int, Step, StepResult]]:
        """``(chain number, step number, step, result)`` of each failed step, numbered from 1.

        >>> from symbolic_info.engine.domain import Domain
        >>> wrong = Derivation("wrong", "Wrong", Domain.of(), [Chain.start(sp.Integer(1)).equals(2, "no")])
        >>> [(chain, step, result.verdict.value) for chain, step, _, result in wrong.verify().failures()]
        [(1, 1, 'failed')]
        """
        return [
            (chain_number, step_number, step, result)
            for chain_number, (chain, results) in enumerate(zip(self.derivation.chains, self.results, strict=True), 1)
            for step_number, (step, result) in enumerate(zip(chain.steps, results, strict=True), 1)
            if result.verdict is StepVerdict.FAILED
        ]

    def __str__(self) -> str:
        """A short plain-text summary: id, steps, verdict counts, failed steps and theorems not implied."""
        counts = ", ".join(f"{count} {name}" for name, count in self.counts().items())
        lines = [
            f"{self.derivation.id}: {'verified' if self.ok else 'FAILED'} "
            f"({self.derivation.step_count} step{'' if self.derivation.step_count == 1 else 's'}: {counts})"
        ]
        for chain_number, step_number, step, result in self.failures():
            lines.append(f"  chain {chain_number}, step {step_number} ({step.because}): {result.summary()}")
        lines += [f"  theorem {theorem.theorem}: {theorem.detail}" for theorem in self.theorems if not theorem.ok]
        return "\n".join(lines)

    def counts(self) -> dict[str, int]:
        """How many steps got each verdict.

        >>> from symbolic_info.engine.domain import Domain
        >>> Derivation("one", "One", Domain.of(), [Chain.start(sp.Integer(1)).equals(1, "itself")]).verify().counts()
        {'symbolic': 1, 'certified': 0, 'numeric': 0, 'failed': 0}
        """
        return {v.value: sum(r.verdict is v for r in self.step_results) for v in StepVerdict}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``symbolic-info verify --json``.

        >>> from symbolic_info.engine.domain import Domain
        >>> one = Derivation("one", "One", Domain.of(), [Chain.start(sp.Integer(1)).equals(1, "itself")])
        >>> sorted(one.verify().to_dict())
        ['id', 'ok', 'seconds', 'steps', 'theorems', 'title']
        """
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
            "theorems": [
                {"theorem": str(result.theorem), "implied": result.ok, "detail": result.detail}
                for result in self.theorems
            ],
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
    """Verify every step of ``derivation``, and its stated theorems: the same as :meth:`Derivation.verify`.

    >>> import sympy as sp
    >>> from symbolic_info.engine.domain import Domain, Real
    >>> x = sp.Symbol("x", real=True)
    >>> wrong = Chain.start(sp.log(x**2 + 1)).ge(x**2, "a wrong bound")
    >>> report = verify(Derivation("wrong-bound", "A wrong bound", Domain.of(Real(x)), (wrong,)))
    >>> print(report)  # doctest: +ELLIPSIS
    wrong-bound: FAILED (1 step: 0 symbolic, 0 certified, 0 numeric, 1 failed)
      chain 1, step 1 (a wrong bound): failed: log(x**2 + 1) >= x**2 is false at x = ... (left = ..., right = ...)
    """
    if not isinstance(derivation, Derivation):
        raise DerivationError(f"verify takes a Derivation, got {type(derivation).__name__}")
    return derivation.verify(budget=budget, points=points, numeric_budget=numeric_budget, symbolic=symbolic)

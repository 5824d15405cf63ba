"""Proof-checking tests: a pytest plugin (entry point ``pytest11``) and assertions for a user's own tests.

``assert_verified(derivation)`` fails like a pytest assertion, naming each failed step, its two
sides as written, the counterexample (only the variables that occur, and the values of both
sides) and the verdict; ``assert_claim("KL(p, q) >= 0")`` fails unless the claim checker finds
it ``proved`` (or, unless ``proved=True``, ``holds``). The ``derivations`` marker collects every
derivation of a module as one test each, through the ``derivation`` argument:

.. code-block:: python

    import pytest
    from symbolic_info.testing import assert_verified

    @pytest.mark.derivations("my_derivations")      # a module name, or a path relative to this file
    def test_derivation(derivation):
        assert_verified(derivation)

>>> import sympy as sp
>>> import symbolic_info as si
>>> x = sp.Symbol("x", real=True)
>>> wrong = si.Chain.start(sp.log(x**2 + 1)).ge(x**2, "a wrong bound")
>>> assert_verified(si.Derivation("wrong-bound", "A wrong bound", si.Domain.of(si.Real(x)), [wrong]))
Traceback (most recent call last):
...
AssertionError: derivation 'wrong-bound' did not verify (1 of 1 steps failed)
chain 1, step 1: a wrong bound
  log(x**2 + 1) >= x**2 is false at x = 0.0569503625782
    left = log(x**2 + 1) = 0.0032380955032419409281
    right = x**2 = 0.0032433437977833829307
  verdict: failed (no proof found)
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from ..claims import check
from ..engine.collect import derivations_in, load_file
from ..engine.derivation import Derivation, VerifiedDerivation, verify

__all__ = ["assert_claim", "assert_verified", "failure_message"]

_MARKER = "derivations"


def failure_message(report: VerifiedDerivation) -> str:
    """What :func:`assert_verified` says about a derivation that did not verify (empty when it did)."""
    if report.ok:
        return ""
    derivation = report.derivation
    failures = report.failures()
    lines = [f"derivation {derivation.id!r} did not verify ({len(failures)} of {derivation.step_count} steps failed)"]
    for chain_number, step_number, step, result in failures:
        lines.append(f"chain {chain_number}, step {step_number}: {step.because}")
        shown = str(result.counterexample) if result.counterexample is not None else result.detail
        lines += [f"  {line}" for line in shown.splitlines()]
        lines.append(f"  verdict: failed ({result.method})")
    for theorem in report.theorems:
        if not theorem.ok:
            lines += [f"theorem {theorem.theorem} is not implied", f"  {theorem.detail}"]
    return "\n".join(lines)


def assert_verified(derivation: Derivation, **options: Any) -> VerifiedDerivation:
    """Verify ``derivation`` (``options`` as for :func:`symbolic_info.verify`); an ``AssertionError`` if it fails.

    Returns the report when every step is verified and every stated theorem implied.
    """
    __tracebackhide__ = True
    if not isinstance(derivation, Derivation):
        raise AssertionError(f"expected a Derivation, got {type(derivation).__name__}")
    report = verify(derivation, **options)
    if not report.ok:
        raise AssertionError(failure_message(report))
    return report


def assert_claim(claim: str, *, proved: bool = False, **options: Any) -> None:
    """Check ``claim`` (the claim language of ``symbolic-info check``); an ``AssertionError`` unless it is proved.

    Without ``proved=True`` a ``holds`` (no proof, no counterexample where the search looked) passes too.

    >>> assert_claim("H(p) >= 0", proved=True)
    >>> assert_claim("KL(p, q) <= 0")
    Traceback (most recent call last):
    ...
    AssertionError: claim 'KL(p, q) <= 0' is refuted, not proved or holds...
    """
    __tracebackhide__ = True
    verdict = check(claim, **options)
    wanted = ("proved",) if proved else ("proved", "holds")
    if verdict.verdict not in wanted:
        expected = " or ".join(wanted)
        raise AssertionError(f"claim {claim!r} is {verdict.verdict}, not {expected}\n{verdict.report()}")


def _module(target: str, test_file: Path) -> Any:
    """A module by name, or a ``.py`` file by path (relative to the test file)."""
    if target.endswith(".py"):
        path = Path(target)
        return load_file(path if path.is_absolute() else test_file.parent / path)
    return importlib.import_module(target)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``derivations`` marker."""
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(module): run the test once per derivation of the module (a name or a .py path; default: "
        "the test's own module), given as the 'derivation' argument",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``derivation`` over the derivations of the module a ``derivations`` marker names."""
    marker = metafunc.definition.get_closest_marker(_MARKER)
    if marker is None or "derivation" not in metafunc.fixturenames:
        return
    test_file = Path(str(metafunc.definition.path))
    module = _module(marker.args[0], test_file) if marker.args else metafunc.module
    found = derivations_in(module)
    metafunc.parametrize("derivation", found, ids=[d.id for d in found])

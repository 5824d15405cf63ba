"""Shared test configuration: hypothesis profiles, the CI switch for optional components, session fixtures."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

import pytest
from hypothesis import HealthCheck, settings

from symbolic_info import catalogue
from symbolic_info.cli import build_parser
from symbolic_info.cli.derive import render_options
from symbolic_info.engine import VerifiedDerivation, verify
from symbolic_info.render.common import RenderOptions

#: A user's project, run by its own pytest in a subprocess (tests/test_testing_plugin.py), not collected here.
collect_ignore = ["fixtures"]

#: CI sets this variable: a test that would skip for a missing component fails instead.
REQUIRE_ALL = os.environ.get("SYMBOLIC_INFO_REQUIRE_ALL") == "1"

settings.register_profile(
    "ci", derandomize=True, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def derive_options(*arguments: str) -> RenderOptions:
    """The options ``symbolic-info derive ARGUMENTS`` renders with (as the committed files were written)."""
    return render_options(build_parser().parse_args(["derive", *arguments]))


#: How the committed files were written: ``derive --all`` and its Markdown twin.
LATEX_COMMAND = ("--all",)
MARKDOWN_COMMAND = ("--all", "--format", "markdown", "--out", "derivations/markdown")


def require(available: bool, reason: str) -> None:
    """Skip when ``available`` is false, except in CI, where a missing component is a failure."""
    if available:
        return
    if REQUIRE_ALL:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


#: Doctests of the package that take a quarter second or more (they check claims, verify derivations or
#: wait for a time budget): marked slow like the tests, by :func:`pytest_collection_modifyitems`.
SLOW_DOCTESTS = frozenset(
    {
        "symbolic_info",
        "symbolic_info.catalogue.continuous.Expectation",
        "symbolic_info.cli",
        "symbolic_info.claims",
        "symbolic_info.claims.by_lemma",
        "symbolic_info.claims.certified",
        "symbolic_info.claims.checker",
        "symbolic_info.claims.checker.check_each",
        "symbolic_info.claims.checker.check_many",
        "symbolic_info.claims.continuous",
        "symbolic_info.claims.crossing",
        "symbolic_info.claims.density_functions",
        "symbolic_info.claims.derivatives",
        "symbolic_info.claims.limit_calls",
        "symbolic_info.claims.proof",
        "symbolic_info.claims.search",
        "symbolic_info.claims.second_optimum",
        "symbolic_info.engine.bounded",
        "symbolic_info.engine.certify.obligation",
        "symbolic_info.engine.density_declarations",
        "symbolic_info.engine.derivation.Derivation",
        "symbolic_info.engine.derivation.VerifiedDerivation.failures",
        "symbolic_info.engine.derivation.verify",
        "symbolic_info.engine.inline_budget",
        "symbolic_info.engine.theorem",
        "symbolic_info.engine.verification",
        "symbolic_info.testing",
        "symbolic_info.testing.assert_claim",
    }
)


#: Test modules that compute with JAX (or PyTorch). XLA starts threads, and a fork after that (the engine's time budgets
#: fork a child) makes JAX warn that it could deadlock: these modules run last, after every test and doctest
#: that forks.
RUN_LAST = frozenset(
    {
        "tests/test_array_api.py",
        "tests/test_array_api_accuracy.py",
        "tests/test_array_api_torch.py",
        "tests/test_bench_array_api.py",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the doctests of :data:`SLOW_DOCTESTS` slow (a docstring cannot carry a marker); :data:`RUN_LAST` last."""
    for item in items:
        if item.name in SLOW_DOCTESTS and item.nodeid.startswith("symbolic_info/"):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.nodeid.split("::")[0] in RUN_LAST)  # stable: the order is kept otherwise


#: A lookup of verified derivations by id (the ``verified`` fixture).
VerifiedLookup = Callable[[str], VerifiedDerivation]
#: A lookup of the drawn figures by file format, pdf or svg (the ``drawn_figures`` fixture).
FigureLookup = Callable[[str], dict[str, bytes]]

#: The derivations that the quick loop (``pytest -m "not slow"``) verifies: the quickest to verify (a
#: quarter of a second of CPU or less each, children included, on the 2-core reference machine; the whole
#: catalogue takes about 80 s). :func:`catalogue_params` marks every other id slow, so a new derivation
#: starts in the full suite; a test that asks ``verified`` for another id by name carries
#: ``@pytest.mark.slow`` itself.
QUICK_TO_VERIFY = frozenset({"stable-binary-entropy", "entropy-maximum", "kl-decomposition"})


def catalogue_params(derivation_ids: Iterable[str] | None = None) -> list[object]:
    """``derivation_ids`` (every catalogue id by default) as parameters, marked slow unless :data:`QUICK_TO_VERIFY`."""
    chosen = catalogue.ids() if derivation_ids is None else list(derivation_ids)
    return [
        pytest.param(derivation_id, marks=() if derivation_id in QUICK_TO_VERIFY else pytest.mark.slow)
        for derivation_id in chosen
    ]


@pytest.fixture(scope="session")
def verified() -> VerifiedLookup:
    """The verified derivation for an id (with the default options), each computed once per test session."""
    reports: dict[str, VerifiedDerivation] = {}

    def lookup(derivation_id: str) -> VerifiedDerivation:
        if derivation_id not in reports:
            reports[derivation_id] = verify(catalogue.build(derivation_id))
        return reports[derivation_id]

    return lookup


@pytest.fixture(scope="session")
def drawn_figures() -> FigureLookup:
    """Every figure of the book drawn as a file format (pdf or svg), each format once per test session.

    Needs matplotlib: call :func:`require` with ``matplotlib_available()`` first.
    """
    drawings: dict[str, dict[str, bytes]] = {}

    def lookup(file_format: str) -> dict[str, bytes]:
        if file_format not in drawings:
            from symbolic_info.render.figures import draw_all

            drawings[file_format] = draw_all(file_format)
        return drawings[file_format]

    return lookup

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


#: A lookup of verified derivations by id (the ``verified`` fixture).
VerifiedLookup = Callable[[str], VerifiedDerivation]
#: A lookup of the drawn figures by file format, pdf or svg (the ``drawn_figures`` fixture).
FigureLookup = Callable[[str], dict[str, bytes]]

#: Derivations whose verification takes 0.75 s or more (measured on the 2-core reference machine; the
#: whole catalogue takes about 33 s), so that a test needing one of them takes about a second or more
#: even when its own checks are quick: :func:`catalogue_params` marks such tests slow, and a test that
#: asks ``verified`` for one of these ids by name carries ``@pytest.mark.slow`` itself.
SLOW_TO_VERIFY = frozenset(
    {
        "information-content",
        "entropy-hessian",
        "cross-entropy-minimum",
        "gibbs-inequality",
        "gaussian-entropy-kl",
        "sigmoid-derivative",
        "ce-sigmoid-gradient",
        "gradient-comparison",
        "logistic-regression-hessian",
        "mle-bernoulli",
        "softmax-hessian",
        "mle-cross-entropy-kl",
        "stable-kl-divergence",
        "stable-loss-options",
        "stable-kl-from-logs",
        "loss-gradients",
        "mutual-information",
        "decision-tree-information-gain",
        "gan-discriminator-optimum",
        "perplexity",
        "gaussian-kl-diagonal",
        "entropy-of-softmax",
        "differential-entropy-sign",
        "label-smoothing",
        "distillation-temperature",
    }
)


def catalogue_params(derivation_ids: Iterable[str] | None = None) -> list[object]:
    """``derivation_ids`` (every catalogue id by default) as parameters, marked slow where :data:`SLOW_TO_VERIFY`."""
    chosen = catalogue.ids() if derivation_ids is None else list(derivation_ids)
    return [
        pytest.param(derivation_id, marks=pytest.mark.slow if derivation_id in SLOW_TO_VERIFY else ())
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

"""Shared test configuration: hypothesis profiles, the CI switch for optional components, caches."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from symbolic_info import catalogue
from symbolic_info.engine import VerifiedDerivation, verify

#: CI sets this variable: a test that would skip for a missing component fails instead.
REQUIRE_ALL = os.environ.get("SYMBOLIC_INFO_REQUIRE_ALL") == "1"

settings.register_profile(
    "ci", derandomize=True, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def require(available: bool, reason: str) -> None:
    """Skip when ``available`` is false, except in CI, where a missing component is a failure."""
    if available:
        return
    if REQUIRE_ALL:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


_VERIFIED: dict[str, VerifiedDerivation] = {}


def verified(derivation_id: str) -> VerifiedDerivation:
    """The verified derivation for ``derivation_id``, computed once per test session."""
    if derivation_id not in _VERIFIED:
        _VERIFIED[derivation_id] = verify(catalogue.build(derivation_id))
    return _VERIFIED[derivation_id]


_DRAWN: dict[str, dict[str, bytes]] = {}


def drawn_figures(file_format: str) -> dict[str, bytes]:
    """Every figure of the book drawn as ``file_format`` (pdf or svg), once per test session; needs matplotlib."""
    if file_format not in _DRAWN:
        from symbolic_info.render.figures import draw_all

        _DRAWN[file_format] = draw_all(file_format)
    return _DRAWN[file_format]

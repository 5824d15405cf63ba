"""The assertion every claim-language test of a malformed claim makes: an error, at a column, that says why."""

from __future__ import annotations

import symbolic_info as si


def assert_error_at(claim: str, column: int, fragment: str) -> None:
    """``claim`` gets an ``error`` verdict (the claim's fault, not the checker's) at ``column``, saying ``fragment``."""
    verdict = si.check(claim)
    assert (verdict.verdict, verdict.internal) == ("error", False), verdict.report()
    assert verdict.column == column and f"column {column}:" in verdict.message, verdict.message
    assert fragment in verdict.message, verdict.message

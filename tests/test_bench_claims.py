"""The claims benchmark's report per section of the examples file: read, right, and the true claims proved."""

from __future__ import annotations

from typing import Literal

from symbolic_info.benchmarks.claims import _by_section
from symbolic_info.claims import Verdict
from symbolic_info.claims.examples import Example, examples


def _verdict(claim: str, verdict: Literal["proved", "holds", "refuted", "error"]) -> Verdict:
    return Verdict(claim, verdict, "", None, "", "")


def test_each_section_reports_read_right_and_proved() -> None:
    chosen = [
        Example("a = a", True, section="first"),
        Example("b = b", True, section="first"),
        Example("c = d", False, section="first"),
        Example("e = e", True, section="second"),
    ]
    verdicts = [_verdict("a = a", "proved"), _verdict("b = b", "holds"), _verdict("c = d", "error")]
    verdicts.append(_verdict("e = e", "refuted"))
    first, second = _by_section(chosen, verdicts)
    assert first.name.startswith("first: 2/3 read, 2 right;") and first.value == 50.0
    assert second.name.startswith("second: 1/1 read, 0 right;") and second.value == 0.0


def test_every_shipped_claim_has_a_section() -> None:
    sections = [example.section for example in examples()]
    assert all(sections) and sections[0].startswith("Definitions")
    assert sum(section.startswith("Whole vectors, limits") for section in sections) == 20

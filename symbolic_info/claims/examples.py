"""The claim checker's examples: 70 typical claims shipped with the package, and the file format.

A file of claims has one claim per line; ``#`` starts a comment. In the examples, a comment
starting with ``false:`` marks a claim that must be refuted; every other claim is true.

>>> claims = examples()
>>> len(claims), sum(not example.true for example in claims)
(70, 14)
>>> read_claims("KL(p, q) >= 0  # Gibbs\\n\\n# a comment line\\n")
[('KL(p, q) >= 0', 'Gibbs')]
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

__all__ = ["Example", "examples", "read_claims"]

EXAMPLES_FILE = "examples.txt"


@dataclass(frozen=True)
class Example:
    """A claim, whether it is true, and its comment."""

    claim: str
    true: bool
    note: str = ""


def read_claims(text: str) -> list[tuple[str, str]]:
    """``(claim, comment)`` for every line of ``text`` that has a claim."""
    claims = []
    for line in text.splitlines():
        claim, _, comment = line.partition("#")
        if claim.strip():
            claims.append((claim.strip(), comment.strip()))
    return claims


def examples() -> tuple[Example, ...]:
    """The examples shipped in ``symbolic_info/claims/examples.txt``."""
    text = resources.files(__package__).joinpath(EXAMPLES_FILE).read_text(encoding="utf-8")
    return tuple(
        Example(claim, not comment.startswith("false:"), comment.removeprefix("false:").strip())
        for claim, comment in read_claims(text)
    )

"""The claim checker's examples: 203 typical claims shipped with the package, and the file format.

A file of claims has one claim per line; ``#`` starts a comment. Only ``\\n`` (or ``\\r\\n``) ends a
line: any other line break (``\\r``, U+2028, a form feed ...) stays in its claim, where the parser
reports it with its column. A byte order mark at the start of the file is ignored. In the examples, a
comment starting with ``false:`` marks a claim that must be refuted; every other claim is true.

>>> claims = examples()
>>> len(claims), sum(not example.true for example in claims)
(203, 66)
>>> claims[0].section
'Definitions (seed 000, 002, 003)'
>>> read_claims("KL(p, q) >= 0  # Gibbs\\n\\n# a comment line\\n")
[('KL(p, q) >= 0', 'Gibbs')]
>>> read_claims("\\ufeffx = x\\r\\ny = 1\\u2028+ 1\\n")
[('x = x', ''), ('y = 1\\u2028+ 1', '')]
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from .syntax import BYTE_ORDER_MARK

__all__ = ["Example", "examples", "read_claims"]

EXAMPLES_FILE = "examples.txt"
_BLANK = " \t"  # stripped around a claim and a comment; every other character is the parser's to judge


@dataclass(frozen=True)
class Example:
    """A claim, whether it is true, and its comment."""

    claim: str
    true: bool
    note: str = ""
    section: str = ""  # the comment line above the claim's group in the file (the benchmark reports each)


def read_claims(text: str) -> list[tuple[str, str]]:
    """``(claim, comment)`` for every line of ``text`` that has a claim (lines end at ``\\n`` only)."""
    claims = []
    for line in text.removeprefix(BYTE_ORDER_MARK).split("\n"):
        claim, _, comment = line.removesuffix("\r").partition("#")
        if claim.strip(_BLANK):
            claims.append((claim.strip(_BLANK), comment.strip()))
    return claims


def examples() -> tuple[Example, ...]:
    """The examples shipped in ``symbolic_info/claims/examples.txt``."""
    text = resources.files(__package__).joinpath(EXAMPLES_FILE).read_text(encoding="utf-8")
    found, section = [], ""
    for line in text.removeprefix(BYTE_ORDER_MARK).split("\n"):
        if line.strip(_BLANK).startswith("#"):
            section = line.strip(_BLANK).lstrip("#").strip()  # a comment line heads the claims below it
            continue
        for claim, comment in read_claims(line):
            true = not comment.startswith("false:")
            found.append(Example(claim, true, comment.removeprefix("false:").strip(), section))
    return tuple(found)

"""Subcommand ``check``: check claims typed on the command line or listed in a file.

Exit code 0 when every claim is proved or holds, 1 when one is refuted, 2 when one cannot
be read (an error verdict, or bad arguments).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..claims import DEFAULT_BUDGET, Verdict, check
from ..claims.examples import read_claims
from ..errors import InvalidArgumentError

__all__ = ["claims_in_file", "exit_code", "register"]

EXIT_OK, EXIT_REFUTED, EXIT_ERROR = 0, 1, 2
MAX_FILE_BYTES = 1_000_000


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check claims: proved, holds (no counterexample), refuted (with one) or error",
        description=(
            "Check equations and inequalities about entropy, cross-entropy, KL and friends, e.g. "
            "'KL(p, q) = H(p, q) - H(p)' or 'log(x) <= x - 1 where x > 0'. Nothing typed is ever executed."
        ),
    )
    parser.add_argument(
        "claims", nargs="*", metavar="CLAIM", help="claims to check (quote each one; put -- before one starting with -)"
    )
    parser.add_argument("--file", help="a file with one claim per line ('#' starts a comment)")
    parser.add_argument("--json", action="store_true", help="print a JSON array of verdicts")
    parser.add_argument("--latex", action="store_true", help=r"the claims are written in LaTeX (\sum_{i=1}^{n} ...)")
    parser.add_argument(
        "--budget",
        type=float,
        default=DEFAULT_BUDGET,
        help=f"wall-clock seconds per claim (default {DEFAULT_BUDGET:g})",
    )
    parser.set_defaults(run=run_check)


def claims_in_file(path: str) -> list[str]:
    """The claims of a file: one per line, blank lines skipped, '#' to the end of a line ignored."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise InvalidArgumentError(f"{path} is larger than {MAX_FILE_BYTES} bytes")
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise InvalidArgumentError(f"cannot read {path}: {reason}") from None
    return [claim for claim, _ in read_claims(text)]


def exit_code(verdicts: list[Verdict]) -> int:
    """2 if a claim could not be read, else 1 if one was refuted, else 0."""
    if any(v.verdict == "error" for v in verdicts):
        return EXIT_ERROR
    if any(v.verdict == "refuted" for v in verdicts):
        return EXIT_REFUTED
    return EXIT_OK


def run_check(arguments: argparse.Namespace) -> int:
    if not arguments.budget > 0:
        raise InvalidArgumentError(f"--budget must be positive, got {arguments.budget}")
    claims = list(arguments.claims)
    if arguments.file:
        claims += claims_in_file(arguments.file)
    if not claims:
        raise InvalidArgumentError("give a claim to check, e.g. symbolic-info check 'KL(p, q) >= 0', or --file FILE")
    verdicts = []
    for claim in claims:
        verdict = check(claim, latex=arguments.latex, budget=arguments.budget)
        verdicts.append(verdict)
        if not arguments.json:
            print(verdict.report(), flush=True)
    if arguments.json:
        print(json.dumps([v.to_dict() for v in verdicts], indent=2, ensure_ascii=False))
    elif len(verdicts) > 1:
        counts = {name: sum(v.verdict == name for v in verdicts) for name in ("proved", "holds", "refuted", "error")}
        print(", ".join(f"{count} {name}" for name, count in counts.items() if count), file=sys.stderr)
    return exit_code(verdicts)

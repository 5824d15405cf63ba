"""Subcommand ``check``: check claims typed on the command line or listed in a file.

Exit code 0 when every claim is proved or holds, 1 when one is refuted, 2 when one cannot
be read (an error verdict, or bad arguments), 3 when one hit an internal error. The claims
are checked in ``--jobs`` worker processes (default: one per CPU) and reported in their
order; a progress bar goes to stderr when it is a terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any, TextIO

from ..claims import DEFAULT_BUDGET, VERDICTS, Verdict, check_each
from ..claims.examples import read_claims
from ..errors import InvalidArgumentError

__all__ = ["Progress", "claims_in_file", "exit_code", "register"]

EXIT_OK, EXIT_REFUTED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
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
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help=f"worker processes checking claims side by side (default: the CPU count, {os.cpu_count()} here)",
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
    """3 if a claim hit an internal error, else 2 if one could not be read, else 1 if one was refuted, else 0.

    >>> exit_code([Verdict("x = x", "proved", "symbolic: direct"), Verdict("x = 2*x", "refuted", "counterexample")])
    1
    """
    if any(v.internal for v in verdicts):
        return EXIT_INTERNAL
    if any(v.verdict == "error" for v in verdicts):
        return EXIT_ERROR
    if any(v.verdict == "refuted" for v in verdicts):
        return EXIT_REFUTED
    return EXIT_OK


class Progress:
    """A one-line progress bar on ``stream``, drawn only when it is a terminal and there is more than one claim.

    >>> import io
    >>> progress = Progress(1000, io.StringIO())  # not a terminal: draws nothing
    >>> progress.advance(); progress.shown, progress.done
    (False, 1)
    """

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.shown = total > 1 and stream.isatty()
        self.started = time.monotonic()

    def advance(self) -> None:
        """One more claim is checked."""
        self.done += 1
        self.draw()

    def draw(self) -> None:
        """Draw the bar over the current line."""
        if self.shown:
            filled = self.WIDTH * self.done // self.total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            seconds = time.monotonic() - self.started
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} claims  {seconds:.0f} s")
            self.stream.flush()

    def clear(self) -> None:
        """Erase the bar (before other output, and at the end)."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _report(verdict: Verdict, arguments: argparse.Namespace) -> None:
    """Show one verdict: its text (unless --json), and with --debug the traceback of an internal error."""
    if verdict.internal and arguments.debug and verdict.details:
        print(f"symbolic-info: internal error on {verdict.claim!r}:\n{verdict.details.rstrip()}", file=sys.stderr)
    if not arguments.json:
        print(verdict.report(), flush=True)


def run_check(arguments: argparse.Namespace) -> int:
    if not arguments.budget > 0:
        raise InvalidArgumentError(f"--budget must be positive, got {arguments.budget}")
    if arguments.jobs is not None and arguments.jobs < 1:
        raise InvalidArgumentError(f"--jobs must be at least 1, got {arguments.jobs}")
    claims = list(arguments.claims)
    if arguments.file:
        claims += claims_in_file(arguments.file)
    if not claims:
        raise InvalidArgumentError("give a claim to check, e.g. symbolic-info check 'KL(p, q) >= 0', or --file FILE")
    done: dict[int, Verdict] = {}
    verdicts: list[Verdict] = []
    progress = Progress(len(claims), sys.stderr)
    progress.draw()
    try:
        checked = check_each(claims, latex=arguments.latex, budget=arguments.budget, jobs=arguments.jobs)
        with closing(checked):  # on an early exit (a closed pipe, ^C), the workers stop at once
            for position, verdict in checked:
                done[position] = verdict
                if len(verdicts) in done:
                    progress.clear()
                while len(verdicts) in done:  # in the claims' order
                    verdicts.append(done.pop(len(verdicts)))
                    _report(verdicts[-1], arguments)
                progress.advance()
    finally:
        progress.clear()
    if arguments.json:
        print(json.dumps([v.to_dict() for v in verdicts], indent=2, ensure_ascii=False))
    elif len(verdicts) > 1:
        counts = {name: sum(v.verdict == name for v in verdicts) for name in VERDICTS}
        print(", ".join(f"{count} {name}" for name, count in counts.items() if count), file=sys.stderr)
    return exit_code(verdicts)

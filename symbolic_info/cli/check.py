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
import stat
import sys
import time
from contextlib import closing
from typing import Any, TextIO

from ..claims import DEFAULT_BUDGET, VERDICTS, Verdict, check_each
from ..errors import InvalidArgumentError
from .derive import budget_argument

__all__ = ["MAX_FILE_BYTES", "Progress", "claims_in_file", "exit_code", "read_claim_file", "register"]

EXIT_OK, EXIT_REFUTED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
MAX_FILE_BYTES = 1_000_000  # 1 MB: a file of claims is read up to one byte more, never further
_BOM = "\ufeff"
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


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
        type=budget_argument,
        default=DEFAULT_BUDGET,
        help=f"CPU seconds per claim, at most a day (default {DEFAULT_BUDGET:g})",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs_argument,
        default=None,
        help=f"worker processes checking claims side by side (default: the CPU count, {os.cpu_count()} here)",
    )
    parser.set_defaults(run=run_check)


def _jobs_argument(text: str) -> int:
    """``--jobs``: a whole number of worker processes, at least 1 (for argparse)."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be at least 1, got {jobs}")
    return jobs


def read_claim_file(path: str) -> str:
    """The text of a file of claims: a regular file of UTF-8 of at most :data:`MAX_FILE_BYTES` (a BOM is skipped).

    Anything else is refused with :class:`InvalidArgumentError` before it is read: a FIFO or
    ``/dev/stdin`` would block, ``/dev/zero`` would never end. The file is opened without
    blocking and its *opened* descriptor is checked, so nothing can swap it in between.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise InvalidArgumentError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise InvalidArgumentError(f"cannot read {path}: it is {kind}; --file reads regular files only")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise InvalidArgumentError(f"cannot read {path}: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if size > MAX_FILE_BYTES:
        raise InvalidArgumentError(f"cannot read {path}: it is larger than 1 MB ({MAX_FILE_BYTES} bytes)")
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidArgumentError(f"cannot read {path}: not UTF-8 text (byte {error.start + 1})") from None
    return text.removeprefix(_BOM)


def claims_in_file(path: str) -> list[str]:
    """The claims of a file: one per line, blank lines skipped, '#' to the end of a line ignored.

    Lines end at ``\\n`` only (a ``\\r`` before it is blank space): U+2028 and the other Unicode
    line breaks stay inside a claim, where the parser reports them, so no claim is split silently.

    >>> import os, tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as file:
    ...     _ = file.write("\\ufeffKL(p, q) >= 0  # Gibbs\\r\\n\\n# a comment\\nx = x\\u2028+ 0\\n")
    >>> claims_in_file(file.name)
    ['KL(p, q) >= 0', 'x = x\\u2028+ 0']
    >>> os.unlink(file.name)
    """
    claims = []
    for line in read_claim_file(path).split("\n"):
        claim = line.partition("#")[0].strip()
        if claim:
            claims.append(claim)
    return claims


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

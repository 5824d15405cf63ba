"""The ``symbolic-info`` command: a thin dispatcher over one module per group of subcommands.

Exit codes, for every subcommand: 0 success (every claim proved or holds, every step verified);
1 a claim was refuted, a derivation step failed, or the files could not be written or compiled;
2 a claim could not be read, bad input or arguments, or standard output could not be written;
3 an internal error (a one-line message; ``symbolic-info --debug ...`` prints the traceback);
130 interrupted; 141 (as for a command ended by SIGPIPE) when the reader of the output went away,
as with ``symbolic-info ... | head``, quietly.

>>> main(["list"]) == 0  # doctest: +ELLIPSIS
information-content ...
True
>>> handle(lambda: 1 // 0)  # a bug in a command: one line on stderr, exit code 3
3
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, TextIO, cast

from ..errors import SymbolicInfoError
from . import bench, check, derive

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_FAILED",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "handle",
    "main",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what the shell sees from a command that wrote into a closed pipe

#: Modules that add subcommands: each has ``register(subparsers)`` setting ``run`` on its parsers.
_COMMAND_MODULES = (derive, bench, check)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"symbolic-info: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, with every subcommand."""
    parser = _Parser(prog="symbolic-info", description="Machine-checked derivations of information theory for ML.")
    parser.add_argument(
        "--debug", action="store_true", help="print the traceback of an internal error instead of a one-line message"
    )
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in _COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module's docstring)."""
    arguments = build_parser().parse_args(argv)
    return handle(lambda: int(arguments.run(arguments)), debug=arguments.debug)


class _OutputFailed(Exception):
    """Writing standard output failed; ``error`` is the :class:`OSError` (a closed pipe, a full disk, ...)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Stdout:
    """Standard output, whose write errors are told apart from the commands' other errors."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as error:
            raise _OutputFailed(error) from error

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            raise _OutputFailed(error) from error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _say(message: str) -> None:
    """One message on stderr; nothing if stderr itself cannot be written."""
    with suppress(OSError, ValueError):
        print(message, file=sys.stderr, flush=True)


def _discard_output(stream: TextIO) -> None:
    """Point the file descriptor of ``stream`` at /dev/null (the Python docs' recipe for a broken pipe).

    What is still buffered then goes nowhere, instead of failing again when Python exits.
    """
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def handle(command: Callable[[], int], *, debug: bool = False) -> int:
    """Run ``command`` as the command line runs a subcommand; its exit code, or the one for what it raised.

    A :class:`~symbolic_info.errors.SymbolicInfoError` is reported in one line (2 for bad input,
    1 for output that could not be written or compiled). A failure to write standard output is
    2 with one line, or, when the reader went away (``| head``), 141 in silence. Any other
    exception is an internal error: 3, with one line on stderr, or the traceback when ``debug``.

    >>> handle(lambda: 0)
    0
    >>> def failing() -> int:
    ...     raise RuntimeError("a bug")
    >>> handle(failing)  # stderr: symbolic-info: internal error: RuntimeError: a bug (...)
    3
    """
    original = sys.stdout
    sys.stdout = cast(TextIO, _Stdout(original))
    try:
        code = command()
        sys.stdout.flush()
        return code
    except _OutputFailed as failed:
        _discard_output(original)
        if isinstance(failed.error, BrokenPipeError):
            return EXIT_BROKEN_PIPE
        _say(f"symbolic-info: error: cannot write the output: {failed.error.strerror or failed.error}")
        return EXIT_USAGE
    except SymbolicInfoError as error:
        _say(f"symbolic-info: error: {error}")
        return EXIT_USAGE if isinstance(error, (ValueError, LookupError, TypeError)) else EXIT_FAILED
    except KeyboardInterrupt:
        _say("symbolic-info: interrupted")
        return EXIT_INTERRUPTED
    except Exception as error:
        if debug:
            with suppress(OSError, ValueError):
                traceback.print_exc(file=sys.stderr)
        else:
            _say(f"symbolic-info: internal error: {type(error).__name__}: {error} (run with --debug for the traceback)")
        return EXIT_INTERNAL
    finally:
        sys.stdout = original

"""The ``symbolic-info`` command: a thin dispatcher over one module per group of subcommands.

Exit codes, for every subcommand: 0 success (every claim proved or holds, every step verified);
1 a claim was refuted, a derivation step failed, or the PDF could not be compiled;
2 a claim could not be read, bad input or arguments, or output (standard output, or the files
of ``derive``) that could not be written; 3 an internal error (a one-line message;
``symbolic-info --debug ...`` prints the traceback); 128 + the signal's number when a signal
ended the command in order (130 for SIGINT, ^C; 143 for SIGTERM; 129 for SIGHUP): its child
processes are killed and its temporary files removed, and files being written are either all
written or not at all; 141 (as for a command ended by SIGPIPE) when the reader of the output
went away, as with ``symbolic-info ... | head``, quietly. A standard error that cannot be
written (``2>/dev/full``, a closed pipe) drops the progress messages; the work goes on.

>>> main(["list"]) == 0  # doctest: +ELLIPSIS
information-content ...
True
>>> handle(lambda: 1 // 0)  # a bug in a command: one line on stderr, exit code 3
3
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any, NoReturn, TextIO, cast

from ..errors import SymbolicInfoError
from . import bench, check, derive

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_FAILED",
    "EXIT_HANGUP",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "Terminated",
    "build_parser",
    "handle",
    "main",
    "orderly_signals",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_HANGUP = 129  # 128 + SIGHUP
EXIT_TERMINATED = 143  # 128 + SIGTERM
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what the shell sees from a command that wrote into a closed pipe

#: Modules that add subcommands: each has ``register(subparsers)`` setting ``run`` on its parsers.
_COMMAND_MODULES = (derive, bench, check)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        option, _, rest = message.removeprefix("argument ").partition(": ")
        if rest.startswith(f"{option} "):  # "argument --jobs: --jobs must be ...": the option once is enough
            message = rest
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
    """Run the command line; returns the exit code (see the module's docstring).

    Bad arguments return 2 (after a usage line); ``--help`` raises ``SystemExit(0)`` once the help is
    written, as argparse does.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in itertools.takewhile(lambda word: word.startswith("-"), words)  # the options before a command

    helped = False

    def command() -> int:
        nonlocal helped
        try:
            arguments = build_parser().parse_args(words)
        except SystemExit as exit:  # argparse: --help (0), or bad arguments (2, after one line on stderr)
            helped = exit.code in (0, None)
            return EXIT_OK if helped else EXIT_USAGE
        return int(arguments.run(arguments))

    with orderly_signals():
        code = handle(command, debug=debug)  # the help is flushed here: a closed pipe or a full disk is reported
    if helped and code == EXIT_OK:
        raise SystemExit(EXIT_OK)  # as argparse does after --help
    return code


class Terminated(KeyboardInterrupt):
    """A SIGTERM or SIGHUP, turned into an orderly exit like ^C: ``finally`` blocks kill children, remove temporaries.

    A :class:`KeyboardInterrupt`, so that whatever cleans up after an interrupt cleans up after it too.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def orderly_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread; then the old handlers.

    A second one while the command cleans up ends it at once (the default action), and so does one
    in a forked worker that inherited the handler. Signals that are ignored (``nohup``) stay
    ignored; outside the main thread nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    command = os.getpid()

    def terminate(signum: int, frame: FrameType | None) -> None:
        for number in previous:
            signal.signal(number, signal.SIG_DFL)
        if os.getpid() != command:  # a forked worker that inherited the handler: the signal's usual effect
            os.kill(os.getpid(), signum)
            return
        raise Terminated(signum)

    try:
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                previous[number] = signal.signal(number, terminate)
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


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


class _Stderr:
    """Standard error, whose write errors are dropped: progress messages to a broken stderr must not stop the work.

    After the first failure, the descriptor is pointed at /dev/null, so nothing fails again (not
    even the flush when Python exits, which would change the exit code to 120).
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except (OSError, ValueError):
            _discard_output(self.stream)
            return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except (OSError, ValueError):
            _discard_output(self.stream)

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

    A :class:`~symbolic_info.errors.SymbolicInfoError` is reported in one line (2 for bad input
    and for output that could not be written, 1 for a PDF that could not be compiled). A failure
    to write standard output is 2 with one line, or, when the reader went away (``| head``), 141
    in silence. ^C is 130, and a :class:`Terminated` 128 + its signal. Any other exception is an
    internal error: 3, with one line on stderr, or the traceback when ``debug``.

    >>> handle(lambda: 0)
    0
    >>> def failing() -> int:
    ...     raise RuntimeError("a bug")
    >>> handle(failing)  # stderr: symbolic-info: internal error: RuntimeError: a bug (...)
    3
    """
    original, original_error = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Stdout(original))
    sys.stderr = cast(TextIO, _Stderr(original_error))
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
        return EXIT_USAGE if isinstance(error, (ValueError, LookupError, TypeError, OSError)) else EXIT_FAILED
    except Terminated as terminated:
        _say(f"symbolic-info: terminated by {signal.Signals(terminated.signum).name}")
        return 128 + terminated.signum
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
        sys.stdout, sys.stderr = original, original_error

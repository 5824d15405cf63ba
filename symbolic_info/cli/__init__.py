"""The ``symbolic-info`` command: a thin dispatcher over one module per group of subcommands.

Exit codes: 0 success, 1 a verification failed (or a claim was refuted), 2 bad arguments.

>>> main(["list"]) == 0  # doctest: +ELLIPSIS
information-content ...
True
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..errors import SymbolicInfoError
from . import bench, check, derive

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: Modules that add subcommands: each has ``register(subparsers)`` setting ``run`` on its parsers.
_COMMAND_MODULES = (derive, bench, check)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"symbolic-info: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="symbolic-info", description="Machine-checked derivations of information theory for ML.")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in _COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except SymbolicInfoError as error:
        print(f"symbolic-info: error: {error}", file=sys.stderr)
        return EXIT_USAGE if isinstance(error, (ValueError, LookupError, TypeError)) else EXIT_FAILED
    except KeyboardInterrupt:
        print("symbolic-info: interrupted", file=sys.stderr)
        return 130

"""The package's exception hierarchy: one root, concrete subclasses for each kind of failure.

Every error raised on purpose by symbolic-info derives from :class:`SymbolicInfoError`,
so ``except SymbolicInfoError`` catches all of them; where a built-in category fits,
the subclass also derives from it (``ValueError``, ``TypeError``, ``LookupError``).

>>> from symbolic_info.errors import UnknownDerivationError, SymbolicInfoError
>>> issubclass(UnknownDerivationError, SymbolicInfoError), issubclass(UnknownDerivationError, LookupError)
(True, True)
"""

from __future__ import annotations

__all__ = [
    "ClaimError",
    "ClaimSyntaxError",
    "DerivationError",
    "InvalidArgumentError",
    "InvalidProbabilityError",
    "LatexError",
    "OutputError",
    "SymbolicInfoError",
    "UndefinedValueError",
    "UnknownDerivationError",
    "UserFileError",
]


class SymbolicInfoError(Exception):
    """Root of every error raised on purpose by symbolic-info."""


class InvalidArgumentError(SymbolicInfoError, ValueError):
    """An argument has the right type but an unusable value (n < 2, a negative base, ...)."""


class InvalidProbabilityError(InvalidArgumentError):
    """Numeric input that is not a valid probability array (negative, NaN, rows not summing to 1)."""


class UnknownDerivationError(SymbolicInfoError, LookupError):
    """No derivation with the requested id is registered."""


class DerivationError(SymbolicInfoError, TypeError):
    """A derivation is malformed: a step relates objects of the wrong kind (an author's error)."""


class OutputError(SymbolicInfoError, OSError):
    """Rendered output could not be written (the previous files are left untouched)."""


class ClaimError(SymbolicInfoError, ValueError):
    """A claim typed by a user cannot be parsed or understood."""


class LatexError(SymbolicInfoError):
    """A LaTeX engine could not compile a rendered document (the message names the derivation and quotes the log)."""


class UndefinedValueError(SymbolicInfoError, ArithmeticError):
    """An expression has no real value at a point (complex, nan, a division by zero, out of range).

    The numeric checks catch it: at a sampled point it means "no value here", never a verdict.
    """


class ClaimSyntaxError(ClaimError):
    """A claim is not in the claim language; ``column`` (1-based) points at the problem when known.

    >>> error = ClaimSyntaxError("attribute access is not allowed", column=7)
    >>> str(error), error.column
    ('column 7: attribute access is not allowed', 7)
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message if column is None else f"column {column}: {message}")
        self.column = column


class UserFileError(SymbolicInfoError, ValueError):
    """A user's Python file could not be loaded, or defines no derivation; the message names the file and line.

    >>> str(UserFileError("mine.py, line 3: NameError: name 'x' is not defined"))
    "mine.py, line 3: NameError: name 'x' is not defined"
    """

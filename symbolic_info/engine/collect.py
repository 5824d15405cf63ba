"""The derivations a user's module defines: at module level, or returned by functions the user names.

:func:`load_file` runs a user's Python file as a module (it is their code: importing it is what
they ask for) and turns any error in it into a :class:`~symbolic_info.errors.UserFileError` naming
the file and the line; :func:`derivations_in` finds the derivations in a module.

>>> import types, sympy as sp
>>> from symbolic_info.engine.chain import Chain
>>> from symbolic_info.engine.domain import Domain
>>> module = types.ModuleType("mine")
>>> module.one = Derivation("one", "One", Domain.of(), (Chain.start(sp.Integer(1)).equals(1, "itself"),))
>>> [d.id for d in derivations_in(module)]
['one']
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType

from ..errors import SymbolicInfoError, UserFileError
from .derivation import Derivation

__all__ = ["derivations_in", "load_derivations", "load_file"]

_MAX_BYTES = 1_000_000


def _where(error: BaseException, path: Path) -> str:
    """``mine.py, line 12`` for the deepest frame of the traceback inside ``path`` (or just the file)."""
    if isinstance(error, SyntaxError) and error.lineno is not None and Path(error.filename or "") == path:
        return f"{path}, line {error.lineno}"
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if Path(frame.filename) == path]
    return f"{path}, line {lines[-1]}" if lines else str(path)


def load_file(path: str | Path) -> ModuleType:
    """Run the Python file ``path`` as a module (its folder importable while it runs); errors name the line.

    >>> load_file("no/such/file.py")
    Traceback (most recent call last):
    ...
    symbolic_info.errors.UserFileError: no/such/file.py: no such file
    """
    file = Path(path)
    if not file.is_file():
        raise UserFileError(f"{file}: no such file" if not file.exists() else f"{file}: not a regular file")
    if file.stat().st_size > _MAX_BYTES:
        raise UserFileError(f"{file}: larger than {_MAX_BYTES} bytes; is it a Python file of derivations?")
    resolved = file.resolve()
    name = f"symbolic_info_user_{zlib.crc32(str(resolved).encode()):08x}"
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:
        raise UserFileError(f"{file}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look the module up by name
    sys.path.insert(0, str(resolved.parent))
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as error:  # the user's code: any error is reported with its line, never raised
        sys.modules.pop(name, None)
        where = _where(error, resolved).replace(str(resolved), str(file))
        detail = error.msg if isinstance(error, SyntaxError) else str(error)
        raise UserFileError(f"{where}: {type(error).__name__}: {detail}") from None
    finally:
        sys.path.remove(str(resolved.parent))
    return module


def derivations_in(module: ModuleType, functions: Sequence[str] = ()) -> list[Derivation]:
    """The derivations ``module`` defines at module level, in order, then those each named function returns.

    A named function is called without arguments and returns a derivation or several.
    """
    found = [value for key, value in vars(module).items() if isinstance(value, Derivation) and not key.startswith("_")]
    for name in functions:
        function = getattr(module, name, None)
        if not callable(function):
            raise UserFileError(f"{getattr(module, '__file__', module.__name__)}: no function {name!r}")
        try:
            returned = function()
        except SymbolicInfoError:
            raise
        except Exception as error:
            path = Path(getattr(module, "__file__", "") or "")
            raise UserFileError(f"{_where(error, path)}: {name}(): {type(error).__name__}: {error}") from None
        items: Iterable[object] = returned if isinstance(returned, (list, tuple)) else (returned,)
        for item in items:
            if not isinstance(item, Derivation):
                raise UserFileError(f"{name}() returned {type(item).__name__}, not a Derivation")
            found.append(item)
    unique: dict[int, Derivation] = {id(d): d for d in found}
    return list(unique.values())


def load_derivations(path: str | Path, functions: Sequence[str] = ()) -> list[Derivation]:
    """Every derivation the file ``path`` defines (see :func:`derivations_in`); an error if there is none."""
    module = load_file(path)
    derivations = derivations_in(module, functions)
    if not derivations:
        raise UserFileError(f"{path}: defines no Derivation at module level (or name a function with --function)")
    ids = [d.id for d in derivations]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise UserFileError(f"{path}: two derivations have the id {repeated[0]!r}; ids name the output files")
    return derivations

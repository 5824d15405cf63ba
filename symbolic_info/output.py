"""Write a set of files so that a failure leaves the previous files untouched.

Every file is first written in full to a temporary file in the target directory; only
when all of them are written are they moved into place, each with an atomic
``os.replace``.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomically(folder, {"a.txt": "one\\n"})
[PosixPath('...a.txt')]
>>> (folder / "a.txt").read_text()
'one\\n'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import OutputError

__all__ = ["write_atomically"]


def write_atomically(directory: Path | str, files: Mapping[str, str]) -> list[Path]:
    """Write ``{name: text}`` into ``directory`` (created if needed); all or nothing."""
    folder = Path(directory)
    staged: list[tuple[Path, Path]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            if Path(name).name != name:
                raise OutputError(f"not a plain file name: {name!r}")
            handle, temporary_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            staged.append((Path(temporary_name), folder / name))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        for temporary, final in staged:
            os.replace(temporary, final)
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        if isinstance(error, OutputError):
            raise
        raise OutputError(f"could not write to {folder}: {error.strerror or error}") from error
    return [final for _, final in staged]

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

from ..errors import OutputError

__all__ = ["write_atomically"]


def _default_mode() -> int:
    """The mode a plain ``open(..., "w")`` would give: 0o666 minus the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(directory: Path | str, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``{name: text or bytes}`` into ``directory`` (created if needed); all or nothing."""
    folder = Path(directory)
    mode = _default_mode()
    staged: list[tuple[Path, Path]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            if Path(name).name != name:
                raise OutputError(f"not a plain file name: {name!r}")
            handle, temporary_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            staged.append((Path(temporary_name), folder / name))
            os.chmod(handle, mode)  # mkstemp creates 0600; give the file the mode the user expects
            if isinstance(text, bytes):
                with os.fdopen(handle, "wb") as binary:
                    binary.write(text)
                continue
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

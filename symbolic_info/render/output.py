"""Write a set of files so that a failure leaves the previous files untouched, and nothing else behind.

All the files of one output (a derivation's ``.tex``, the book, the figures, the PDF, the
README) are written by one call of :func:`write_files`, in two phases:

1. **staging**: every file is written in full (and flushed to disk) into a private temporary
   directory created inside its target directory, so on the same filesystem. Anything that
   fails here (a full disk, a missing permission, an interrupt) removes the temporary
   directories, and the directories this call created, and leaves the previous files as they were;
2. **moving**: each file is moved into place with an atomic ``os.replace``. This takes
   microseconds; ``SIGINT``, ``SIGTERM`` and ``SIGHUP`` are held back meanwhile and delivered
   right after, so an interrupt gives all old or all new files. Should a move fail (a target that
   became a directory, say), the moves already made are undone from hard links of the previous files.

What remains: each move is atomic, the set of moves is not. A crash that nothing can hold back
(``SIGKILL``, a power cut) between two moves leaves some files new and the others old, and may
leave a hidden ``.symbolic-info-*`` directory in a target directory (safe to delete).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomically(folder, {"a.txt": "one\\n"})
[PosixPath('...a.txt')]
>>> (folder / "a.txt").read_text()
'one\\n'
>>> sorted(path.name for path in folder.iterdir())  # nothing else left behind
['a.txt']
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import Any

from ..errors import OutputError

__all__ = ["STAGING_PREFIX", "deferred_signals", "write_atomically", "write_bytes", "write_files"]

#: The name of the temporary directories; only a crash that nothing can catch leaves one behind.
STAGING_PREFIX = ".symbolic-info-"
_PREVIOUS = "previous-"  # prefix of the hard links that keep the previous files while the moves run


def write_atomically(directory: Path | str, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write ``{name: text or bytes}`` into ``directory`` (created if needed); all or nothing (:func:`write_files`)."""
    folder = Path(directory)
    for name in files:
        if Path(name).name != name or name in ("", ".", ".."):
            raise OutputError(f"not a plain file name: {name!r}")
    return write_files({folder / name: content for name, content in files.items()})


def write_files(files: Mapping[Path, str | bytes]) -> list[Path]:
    """Write ``{path: text or bytes}`` (text as UTF-8, ``\\n`` line ends): every file or none; the paths written.

    Raises :class:`~symbolic_info.errors.OutputError` (the previous files untouched) when a
    file cannot be written, a target directory is a file, or a target is a directory.
    """
    staged: list[tuple[Path, Path]] = []
    stages: dict[Path, Path] = {}
    created: list[Path] = []
    committed = False
    target = Path(".")
    try:
        for final, content in files.items():
            folder = target = final.parent
            if folder not in stages:
                _make_directories(folder, created)
                stages[folder] = Path(tempfile.mkdtemp(dir=folder, prefix=STAGING_PREFIX))
            if final.is_dir():
                raise OutputError(f"cannot write {final}: it is a directory")
            temporary = stages[folder] / final.name
            write_bytes(temporary, content.encode("utf-8") if isinstance(content, str) else content)
            staged.append((temporary, final))
        with deferred_signals():
            _move_all(staged, stages)
            committed = True
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(f"could not write to {target}: {error.strerror or error}") from error
    finally:
        with deferred_signals():
            for stage in stages.values():
                shutil.rmtree(stage, ignore_errors=True)
            if not committed:
                for folder in reversed(created):
                    with suppress(OSError):
                        folder.rmdir()
    return [final for _, final in staged]


def _make_directories(folder: Path, created: list[Path]) -> None:
    """Create ``folder`` and its missing parents, recording each one made (to remove it again on failure)."""
    missing: list[Path] = []
    existing = folder
    while not existing.exists():
        if existing.is_symlink():  # a dangling link: mkdir would fail with a confusing message
            raise OutputError(f"cannot write into {folder}: {existing} is a broken symbolic link")
        missing.append(existing)
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"cannot write into {folder}: {existing} is a file, not a directory")
    for directory in reversed(missing):
        os.mkdir(directory)
        created.append(directory)


def write_bytes(path: Path, data: bytes) -> None:
    """One file, in full and on disk, with the mode a plain ``open(..., "w")`` gives: where all output reaches disk."""
    with open(path, "xb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _move_all(staged: list[tuple[Path, Path]], stages: Mapping[Path, Path]) -> None:
    """Move every staged file into place; if one move fails, undo the moves made and raise."""
    previous: dict[Path, Path | None] = {}
    for index, (_, final) in enumerate(staged):
        backup = stages[final.parent] / f"{_PREVIOUS}{index}"
        try:
            os.link(final, backup, follow_symlinks=False)
            previous[final] = backup
        except FileNotFoundError:
            previous[final] = None  # a new file: undoing its move removes it
        except OSError:
            pass  # no hard links here (or not a file): this one move cannot be undone
    moved: list[Path] = []
    try:
        for temporary, final in staged:
            os.replace(temporary, final)
            moved.append(final)
    except OSError:
        for final in reversed(moved):
            with suppress(OSError):
                if final not in previous:
                    continue
                kept = previous[final]
                if kept is None:
                    final.unlink()
                else:
                    os.replace(kept, final)
        raise


_DEFERRED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold back ``SIGINT``, ``SIGTERM`` and ``SIGHUP`` (their Python handlers) until the block ends; then deliver them.

    Outside the main thread (where no handler can be changed), and for a signal that is ignored,
    nothing changes. A signal that arrived is raised again once the previous handlers are back,
    so it has its usual effect (``KeyboardInterrupt``, the command line's orderly exit, or the
    default action), just after the block instead of in the middle of it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        arrived.append(signum)

    previous: dict[int, Any] = {}
    try:
        for number in _DEFERRED:
            handler = signal.getsignal(number)
            if handler is not signal.SIG_IGN and handler is not None:
                previous[number] = signal.signal(number, hold)
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(arrived):
            signal.raise_signal(number)

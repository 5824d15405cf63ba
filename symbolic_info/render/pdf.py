"""Compile LaTeX into a PDF with a real engine (latexmk, else pdflatex), in a temporary build directory.

The sources are written to a fresh directory, compiled there, and only the finished PDF
is kept: :func:`build_pdf` returns its bytes, so that ``symbolic-info derive`` can stage it
with the ``.tex`` files and move them all into place together, after the compilation
(:mod:`.output`); :func:`compile_pdf` writes it on its own. A failure leaves the previous
files untouched and no build files behind. The engine runs in a process group of its own,
killed as a whole (latexmk and the pdflatex it started) when the compilation is interrupted
or times out. When the compilation fails, the LaTeX log is
read back to name the file that broke it: in the book every derivation is an
``\\input`` file named after its id, so the error names the derivation.

>>> error = locate_error("./entropy-maximum.tex:12: Undefined control sequence.\\nl.12 \\\\foo\\n")
>>> error.file, error.line, error.message
('entropy-maximum.tex', 12, 'Undefined control sequence.')
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ..errors import LatexError
from .output import deferred_signals, write_atomically

__all__ = ["INSTALL_HINT", "LatexFailure", "build_pdf", "compile_pdf", "find_engine", "locate_error", "overfull_boxes"]

#: How to get an engine on Debian or Ubuntu (what CI runs).
INSTALL_HINT = "sudo apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended latexmk"
_TIMEOUT_SECONDS = 600
_PDFLATEX_FLAGS = ("-interaction=nonstopmode", "-halt-on-error", "-file-line-error")
_ENVIRONMENT: Mapping[str, str] = MappingProxyType(
    {
        "max_print_line": "10000",  # one log line per message: file names are never wrapped
        "error_line": "254",
        "half_error_line": "238",
    }
)
_FILE_LINE_ERROR = re.compile(r"^(?:\./)?(?P<file>[^\s:]+\.[a-z]{2,4}):(?P<line>\d+): (?P<message>.*)$", re.MULTILINE)
_MISSING_INPUT = re.compile(r"File `(?P<file>[^']+)' not found")
_BANG_ERROR = re.compile(r"^! (?P<message>.*)$", re.MULTILINE)
_CONTEXT_LINE = re.compile(r"^l\.(?P<line>\d+) ", re.MULTILINE)
_PARENTHESIS = re.compile(r"\((?P<file>[^\s()]*)|\)")
_EXCERPT_LINES = 12


@dataclass(frozen=True)
class LatexFailure:
    """Where the first LaTeX error is: the file (as ``name.tex``), the line, the message, a log excerpt."""

    file: str
    line: int | None
    message: str
    excerpt: str


_OVERFULL = re.compile(r"Overfull \\hbox \((?P<points>[\d.]+)pt too wide\)")


def find_engine() -> list[str] | None:
    """The command that compiles a document (latexmk if present, else plain pdflatex), or None."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        return None
    latexmk = shutil.which("latexmk")
    if latexmk is not None:
        return [latexmk, "-pdf", "-norc", *_PDFLATEX_FLAGS]
    return [pdflatex, *_PDFLATEX_FLAGS]


def _open_file_at(log: str, position: int) -> str:
    """The ``.tex`` file TeX was reading at ``position`` of its log (files show as ``(./name.tex ... )``)."""
    stack: list[str] = []
    for match in _PARENTHESIS.finditer(log, 0, position):
        if match.group() == ")":
            if stack:
                stack.pop()
        else:
            stack.append(match["file"] or "")
    files = [name for name in stack if name.endswith(".tex")]
    return Path(files[-1]).name if files else "?"


def overfull_boxes(log: str) -> list[tuple[str, float]]:
    r"""Each overfull line in a pdflatex log: the ``.tex`` file it is in and how far it sticks out, in points.

    >>> overfull_boxes(r"(./book.tex (./kl.tex Overfull \hbox (12.5pt too wide) detected at line 9))")
    [('kl.tex', 12.5)]
    """
    return [(_open_file_at(log, match.start()), float(match["points"])) for match in _OVERFULL.finditer(log)]


def locate_error(log: str) -> LatexFailure | None:
    """The first error in a pdflatex log (``file:line: message`` or ``! message``), or None."""
    file_line, bang = _FILE_LINE_ERROR.search(log), _BANG_ERROR.search(log)
    line: int | None
    if file_line is not None and (bang is None or file_line.start() < bang.start()):
        file, line, message, start = (
            Path(file_line["file"]).name,
            int(file_line["line"]),
            file_line["message"],
            file_line.start(),
        )
    elif bang is not None:
        file, message, start = _open_file_at(log, bang.start()), bang["message"], bang.start()
        context = _CONTEXT_LINE.search(log, start)
        line = int(context["line"]) if context is not None else None
    else:
        return None
    missing = _MISSING_INPUT.search(message)
    if missing is not None and Path(missing["file"]).suffix in ("", ".tex"):
        file, line = f"{Path(missing['file']).stem}.tex", None  # an \\input file that is not there is the culprit
    excerpt = "\n".join(log[start:].splitlines()[:_EXCERPT_LINES])
    return LatexFailure(file, line, message.strip(), excerpt)


#: How long a killed engine's process group may take to disappear.
_GROUP_GONE_SECONDS = 5.0


def _run(command: list[str], main: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the engine on ``main`` in ``folder``; on a timeout or an interrupt, kill it and whatever it started."""
    environment = {**os.environ, **_ENVIRONMENT}
    environment.setdefault("SOURCE_DATE_EPOCH", "0")  # no build date in the PDF
    arguments = [*command, main]
    process: subprocess.Popen[str] | None = None
    try:
        with deferred_signals():  # an interrupt while it starts comes once there is a process to kill
            process = subprocess.Popen(
                arguments,
                cwd=folder,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                process_group=0 if hasattr(os, "killpg") else None,  # latexmk and its pdflatex in a group of their own
            )
        stdout, stderr = process.communicate(timeout=_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        assert process is not None
        _kill(process)
        raise LatexError(f"{Path(command[0]).name} did not finish within {_TIMEOUT_SECONDS} s") from error
    except BaseException:
        if process is not None:
            _kill(process)
        raise
    return subprocess.CompletedProcess(arguments, process.returncode, stdout, stderr)


def _kill(process: subprocess.Popen[str]) -> None:
    """Kill the engine's process group (latexmk runs pdflatex in it), reap the engine, and wait for the group.

    A process killed in the middle of a system call finishes that call first: a pdflatex creating a file
    as the build directory is removed would leave it behind (and fail the removal). So the group must be
    gone (its last member reaped by init, as latexmk was its parent) before this returns, or
    :data:`_GROUP_GONE_SECONDS` have passed.
    """
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass
    process.communicate()
    if not hasattr(os, "killpg"):
        return
    deadline = time.monotonic() + _GROUP_GONE_SECONDS
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except OSError:  # no process of the group left
            return
        time.sleep(0.01)


def _compile(command: list[str], main: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """latexmk reruns as needed; plain pdflatex is rerun until the table of contents settles."""
    if Path(command[0]).name.startswith("latexmk"):
        return _run(command, main, folder)
    toc = folder / f"{Path(main).stem}.toc"
    previous = None
    for _ in range(4):
        result = _run(command, main, folder)
        current = toc.read_bytes() if toc.exists() else b""
        if result.returncode != 0 or current == previous:
            return result
        previous = current
    return result


def _describe(failure: LatexFailure | None, stdout: str, ids: Mapping[str, str]) -> str:
    if failure is None:
        tail = "\n".join(stdout.splitlines()[-_EXCERPT_LINES:])
        return f"LaTeX failed without an error in its log; the engine said:\n{tail}"
    where = f"{failure.file}, line {failure.line}" if failure.line is not None else failure.file
    missing = "not found" in failure.message and failure.line is None
    culprit = ids.get(failure.file) or (failure.file.removesuffix(".tex") if missing else None)
    subject = f"derivation {culprit} ({where})" if culprit else where
    return f"LaTeX failed in {subject}: {failure.message}\n{failure.excerpt}"


def build_pdf(sources: Mapping[str, str | bytes], main: str, command: list[str] | None = None) -> bytes:
    """Compile ``sources`` (``{relative path: text or bytes}``) with ``main`` as the document; the PDF's bytes.

    Nothing is written outside a temporary build directory, which is removed. Raises
    :class:`LatexError` naming the derivation whose ``.tex`` file holds the first error; every
    other ``.tex`` source except ``main`` is taken to be a derivation named after its file.
    """
    command = command or find_engine()
    if command is None:
        raise LatexError(f"no LaTeX engine found (pdflatex); install one with: {INSTALL_HINT}")
    ids = {Path(name).name: Path(name).stem for name in sources if name.endswith(".tex") and name != main}
    folder = Path(tempfile.mkdtemp(prefix="symbolic-info-latex-"))
    try:
        for name, content in sources.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        result = _compile(command, main, folder)
        log_path = folder / f"{Path(main).stem}.log"
        log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
        pdf = folder / f"{Path(main).stem}.pdf"
        if result.returncode != 0 or not pdf.exists():
            raise LatexError(_describe(locate_error(log), result.stdout + result.stderr, ids))
        return pdf.read_bytes()
    finally:
        with deferred_signals():  # an interrupt now comes once the directory is gone
            _remove(folder)


def _remove(folder: Path) -> None:
    """Remove the build directory; a removal that races a dying process is tried again before it fails."""
    for attempt in range(3):
        try:
            shutil.rmtree(folder)
            return
        except FileNotFoundError:
            return
        except OSError:
            if attempt == 2:
                raise
            time.sleep(0.1)


def compile_pdf(
    sources: Mapping[str, str | bytes], main: str, destination: Path | str, command: list[str] | None = None
) -> Path:
    """Compile ``sources`` with ``main`` as the document (:func:`build_pdf`) and write the PDF to ``destination``.

    ``destination`` is a file path; it is written atomically, and only once the compilation succeeded.
    """
    target = Path(destination)
    data = build_pdf(sources, main, command)
    (written,) = write_atomically(target.parent, {target.name: data})
    return written

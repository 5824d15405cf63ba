"""The PDF: the book compiled by a real LaTeX engine, page 1 not blank, one section per derivation; errors named.

CI installs TeX Live and poppler-utils and sets SYMBOLIC_INFO_REQUIRE_ALL=1, so a missing
engine fails there instead of skipping. Two real compilations of the book-sized kind at
most: the book once (shared by the tests that read it) and one derivation on its own.
"""

from __future__ import annotations

import math
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path

import pytest

from symbolic_info import catalogue
from symbolic_info.cli import derive as derive_command
from symbolic_info.cli import main
from symbolic_info.errors import LatexError
from symbolic_info.render import pdf
from symbolic_info.render.figures import FIGURE_FOLDER, FIGURES, matplotlib_available
from symbolic_info.render.latex import BOOK_NAME

from .conftest import FigureLookup, require

DERIVATIONS = Path(__file__).resolve().parent.parent / "derivations"
_ENGINE = "no LaTeX engine: apt-get install texlive-latex-base texlive-latex-recommended latexmk"
_POPPLER = "pdftoppm/pdftotext missing: apt-get install poppler-utils"


def _png_gray_levels(data: bytes) -> tuple[int, int, list[int]]:
    """Width, height and per-pixel gray levels (0 black .. 255 white) of an 8-bit gray or RGB PNG, not interlaced."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (0, 2) and interlace == 0, (depth, colour, interlace)
    step = 1 if colour == 0 else 3  # bytes per pixel
    stride = width * step
    raw, previous, levels = zlib.decompress(b"".join(chunks)), bytearray(stride), list[int]()
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):  # undo the PNG row filter (none, sub, up, average, Paeth)
            left, up = (line[x - step] if x >= step else 0), previous[x]
            up_left = previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - up_left
                distances = (abs(estimate - left), abs(estimate - up), abs(estimate - up_left))
                predictor = (left, up, up_left)[distances.index(min(distances))]
                line[x] = (line[x] + predictor) & 0xFF
        levels.extend(sum(line[x : x + step]) // step for x in range(0, stride, step))
        previous = line
    return width, height, levels


def _text(pdf_path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, drawn_figures: FigureLookup) -> Path:
    """The book compiled once: the committed derivation files (kept current by the golden tests) and the figures."""
    require(pdf.find_engine() is not None, _ENGINE)
    sources: dict[str, str | bytes] = {BOOK_NAME: (DERIVATIONS / BOOK_NAME).read_text(encoding="ascii")}
    for derivation_id in catalogue.ids():
        path = DERIVATIONS / f"{derivation_id}.tex"
        if path.exists():  # a missing one makes the compilation fail, naming it
            sources[path.name] = path.read_text(encoding="ascii")
    if matplotlib_available():
        sources.update({f"{FIGURE_FOLDER}/{name}": data for name, data in drawn_figures("pdf").items()})
    return pdf.compile_pdf(sources, BOOK_NAME, tmp_path_factory.mktemp("book") / "book.pdf")


@pytest.mark.slow  # compiles the book, with every figure drawn
def test_page_one_of_the_book_is_not_blank(book: Path, tmp_path: Path) -> None:
    require(shutil.which("pdftoppm") is not None, _POPPLER)
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-png", str(book), str(tmp_path / "page")], check=True
    )
    (png,) = tmp_path.glob("page*.png")
    width, height, pixels = _png_gray_levels(png.read_bytes())
    assert (width, height) == (math.ceil(210 / 25.4 * 40), math.ceil(297 / 25.4 * 40))  # A4 (the default) at 40 dpi
    dark = sum(value < 128 for value in pixels) / len(pixels)
    assert 0.003 < dark < 0.3, f"{dark:.2%} of page 1 is dark"


@pytest.mark.slow  # compiles the book, with every figure drawn
def test_the_book_has_one_section_per_derivation_and_every_figure(book: Path) -> None:
    require(shutil.which("pdftotext") is not None, _POPPLER)
    text = _text(book)
    assert text.count("Id: ") == len(catalogue.ids())
    for derivation_id in catalogue.ids():
        assert f"Id: {derivation_id}." in text, derivation_id
    require(matplotlib_available(), "matplotlib (the plots extra) is not installed: the book has no figures")
    assert "Figure not drawn" not in text
    for number in range(1, len(FIGURES) + 1):
        assert f"Figure {number}:" in text


@pytest.mark.slow
def test_a_latex_error_names_the_derivation_and_quotes_the_log(tmp_path: Path) -> None:
    require(pdf.find_engine() is not None, _ENGINE)
    sources = {
        "book.tex": "\\documentclass{article}\n\\begin{document}\n\\input{good-one}\n\\input{broken-one}\n"
        + "\\end{document}\n",
        "good-one.tex": "\\section{Good}\nFine $x^2$.\n",
        "broken-one.tex": "\\section{Broken}\nLine two.\nHere $\\notamacro{x}$.\n",
    }
    with pytest.raises(LatexError) as raised:
        pdf.compile_pdf(sources, "book.tex", tmp_path / "book.pdf")
    message = str(raised.value)
    assert "derivation broken-one (broken-one.tex, line 3)" in message
    assert "Undefined control sequence" in message and "\\notamacro" in message
    assert not (tmp_path / "book.pdf").exists()


@pytest.mark.slow
def test_a_missing_derivation_file_is_named(tmp_path: Path) -> None:
    require(pdf.find_engine() is not None, _ENGINE)
    sources = {"book.tex": "\\documentclass{article}\n\\begin{document}\n\\input{not-rendered}\n\\end{document}\n"}
    with pytest.raises(LatexError, match="derivation not-rendered"):
        pdf.compile_pdf(sources, "book.tex", tmp_path / "book.pdf")


def test_locate_error_without_file_line_errors() -> None:
    log = "(./book.tex (./entropy-maximum.tex) (./binary-entropy.tex\n! Missing $ inserted.\n<inserted text>\n"
    failure = pdf.locate_error(log)
    assert failure is not None
    assert (failure.file, failure.line, failure.message) == ("binary-entropy.tex", None, "Missing $ inserted.")
    assert pdf.locate_error("This is pdfTeX\nOutput written on book.pdf\n") is None


@pytest.mark.slow  # a real compilation
def test_derive_one_id_with_pdf_compiles_a_standalone_document(tmp_path: Path) -> None:
    require(pdf.find_engine() is not None, _ENGINE)
    require(shutil.which("pdftotext") is not None, _POPPLER)
    assert main(["derive", "binary-entropy", "--pdf", "--out", str(tmp_path)]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["binary-entropy.pdf", "binary-entropy.tex"]
    text = _text(tmp_path / "binary-entropy.pdf")
    assert "Id: binary-entropy." in text
    require(matplotlib_available(), "matplotlib (the plots extra) is not installed: no figures")
    assert "Figure 1:" in text and "Figure not drawn" not in text  # its figure, drawn for its PDF


@pytest.mark.slow
def test_derive_reports_a_compile_error_with_the_id_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    require(pdf.find_engine() is not None, _ENGINE)
    monkeypatch.setattr(derive_command, "render_derivation", lambda *_: "\\section{x}\n\\undefinedmacro\n")
    assert main(["derive", "entropy-maximum", "--pdf", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "LaTeX failed in derivation entropy-maximum (entropy-maximum.tex, line 2)" in err
    assert list(tmp_path.iterdir()) == []  # compiled before anything is written: not even the .tex


@pytest.mark.slow
def test_a_compile_error_leaves_the_previous_tex_and_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    require(pdf.find_engine() is not None, _ENGINE)
    (tmp_path / "entropy-maximum.tex").write_text("previous tex\n")
    (tmp_path / "entropy-maximum.pdf").write_bytes(b"%PDF previous\n")
    monkeypatch.setattr(derive_command, "render_derivation", lambda *_: "\\section{x}\n\\undefinedmacro\n")
    assert main(["derive", "entropy-maximum", "--pdf", "--out", str(tmp_path)]) == 1
    assert "LaTeX failed" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["entropy-maximum.pdf", "entropy-maximum.tex"]
    assert (tmp_path / "entropy-maximum.tex").read_text() == "previous tex\n"
    assert (tmp_path / "entropy-maximum.pdf").read_bytes() == b"%PDF previous\n"


@pytest.mark.slow
def test_an_interrupted_compilation_kills_latex_and_leaves_no_build_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """^C while the engine runs: its whole process group is killed, the build directory removed."""
    require(Path("/proc/self/stat").exists(), "reads processes from /proc (Linux)")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    script = tmp_path / "engine.sh"
    script.write_text('#!/bin/sh\nsleep 60 &\necho $! > "$0.child"\nkill -INT $PPID\nwait\n')
    script.chmod(0o755)
    with pytest.raises(KeyboardInterrupt):
        pdf.build_pdf({"book.tex": "\\documentclass{article}\n"}, "book.tex", [str(script)])
    child = Path(f"/proc/{int((tmp_path / 'engine.sh.child').read_text())}/stat")  # what the engine started

    def running() -> bool:
        try:
            return child.read_text().rpartition(")")[2].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 5
    while running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["engine.sh", "engine.sh.child"]


@pytest.mark.slow
def test_without_an_engine_the_tex_is_written_and_the_pdf_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-directory"))
    assert pdf.find_engine() is None
    assert main(["derive", "entropy-maximum", "--pdf", "--out", str(tmp_path)]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["entropy-maximum.tex"]
    err = capsys.readouterr().err
    assert "PDF skipped" in err and "apt-get install -y --no-install-recommends texlive-latex-base" in err


def test_pdf_needs_latex_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["derive", "binary-entropy", "--pdf", "--format", "markdown"]) == 2
    assert "--pdf compiles LaTeX" in capsys.readouterr().err


MAX_OVERFULL_POINTS = 1.0  # TeX's own tolerance is 0.1 pt; a point is a third of a millimetre


@pytest.mark.slow
def test_no_derivation_line_runs_off_the_page(tmp_path: Path) -> None:
    """Every line of the book fits the page: pdflatex reports no line more than 1 pt too wide. And every
    cross-reference names the section LaTeX itself numbered (read from the ``.aux`` file it writes)."""
    pdflatex = shutil.which("pdflatex")
    require(pdflatex is not None, _ENGINE)
    assert pdflatex is not None
    shutil.copy(DERIVATIONS / BOOK_NAME, tmp_path)
    for derivation_id in catalogue.ids():
        shutil.copy(DERIVATIONS / f"{derivation_id}.tex", tmp_path)
    subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", BOOK_NAME],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=300,
    )
    log = (tmp_path / "book.log").read_text(encoding="latin-1")
    assert "Output written" in log
    too_wide = [(name, points) for name, points in pdf.overfull_boxes(log) if points > MAX_OVERFULL_POINTS]
    assert too_wide == []
    aux = (tmp_path / "book.aux").read_text(encoding="latin-1")
    sections = dict(re.findall(r"\\newlabel\{([a-z0-9-]+)\}\{\{(\d+)\}", aux))
    assert len(sections) == len(catalogue.ids())
    for derivation_id in catalogue.ids():
        text = (DERIVATIONS / f"{derivation_id}.tex").read_text(encoding="ascii")
        for target, number in re.findall(r"\\derivationref\{([a-z0-9-]+)\}\{(\d+)\}", text):
            assert sections[target] == number, (derivation_id, target)

"""Subcommands ``list``, ``derive`` and ``verify``.

``derive`` verifies, renders, draws the figures, compiles the PDF (``--pdf``) and updates the
README's generated block (``--all``) entirely in memory and in temporary directories; only
then are all its files moved into place together (:func:`~symbolic_info.render.output.write_files`).
A failure or an interrupt before that leaves the previous files as they were, and nothing else.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import catalogue
from ..engine.bounded import check_budget
from ..engine.collect import load_derivations
from ..engine.derivation import Derivation, VerifiedDerivation, verify
from ..engine.verification import DEFAULT_BUDGET
from ..errors import DerivationError, InvalidArgumentError, UserFileError
from ..render import figures as figure_drawing
from ..render import pdf, references
from ..render.common import PAPERS, RenderOptions
from ..render.figures import FIGURE_FOLDER, FIGURES, Figure, figures_for
from ..render.latex import BOOK_NAME, prose_of, render_book, render_derivation, render_standalone
from ..render.markdown import INDEX_NAME, render_index, render_markdown
from ..render.output import write_files
from ..render.readme import catalogue_block, with_block

__all__ = ["MAX_BUDGET", "budget_argument", "draw_figures", "register", "render_options"]

#: The longest budget a command accepts: a day, in seconds.
MAX_BUDGET = 86_400.0


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser("list", help="list the derivations")
    listing.set_defaults(run=run_list)

    derive = subparsers.add_parser("derive", help="verify and render derivations")
    derive.add_argument("id", nargs="?", help="a derivation id (see 'symbolic-info list')")
    derive.add_argument(
        "--all",
        action="store_true",
        help="every derivation, the book and its figures; also writes the catalogue's counts into the README.md "
        "beside --out when it has the generated-block markers",
    )
    derive.add_argument(
        "--n",
        type=int,
        help="an explicit size, for derivations that take one: the number of categories n "
        "(entropy-maximum) or the dimension d of the weights (mse-sigmoid-gradient)",
    )
    _add_file(derive)
    derive.add_argument("--out", default="derivations", help="output directory (default: derivations)")
    derive.add_argument("--format", choices=("latex", "markdown"), default="latex")
    derive.add_argument(
        "--paper", choices=tuple(PAPERS), default="a4", help="the paper of the LaTeX documents (default: a4)"
    )
    derive.add_argument(
        "--no-verdicts",
        dest="verdicts",
        action="store_false",
        help="leave out the verdict tags (symbolic, numeric) for a clean handout",
    )
    derive.add_argument(
        "--pdf",
        action="store_true",
        help="also compile a PDF with pdflatex (the book with --all, else ID.pdf); needs a TeX installation",
    )
    _add_budget(derive)
    derive.set_defaults(run=run_derive)

    check = subparsers.add_parser("verify", help="verify derivations without writing anything")
    check.add_argument("ids", nargs="*", metavar="ID", help="derivation ids (default: all)")
    _add_file(check)
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    _add_budget(check)
    check.set_defaults(run=run_verify)


def _add_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--file",
        metavar="FILE.py",
        help="your own Python file: every Derivation it defines at module level (runs the file, as import does)",
    )
    parser.add_argument(
        "--function",
        action="append",
        default=[],
        metavar="NAME",
        help="with --file: also the derivation(s) this function of the file returns (repeatable)",
    )


def _user_derivations(arguments: argparse.Namespace) -> list[Derivation] | None:
    """The derivations of ``--file`` (None without it); ``--function`` needs ``--file``."""
    if arguments.file is None:
        if arguments.function:
            raise InvalidArgumentError("--function names a function of the file given with --file")
        return None
    return load_derivations(arguments.file, arguments.function)


def budget_argument(text: str) -> float:
    """A ``--budget`` (for argparse): a positive, finite number of seconds, at most :data:`MAX_BUDGET` (a day).

    >>> budget_argument("2.5")
    2.5
    >>> budget_argument("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --budget must be a finite number of seconds, got 'nan'
    """
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--budget must be a number of seconds, got {text!r}") from None
    if not math.isfinite(seconds):
        raise argparse.ArgumentTypeError(f"--budget must be a finite number of seconds, got {text!r}")
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"--budget must be positive, got {text!r}")
    if seconds > MAX_BUDGET:
        raise argparse.ArgumentTypeError(f"--budget must be at most {MAX_BUDGET:g} seconds (a day), got {text!r}")
    return check_budget(seconds)


def _add_budget(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--budget",
        type=budget_argument,
        default=DEFAULT_BUDGET,
        help=(
            "CPU seconds of symbolic search per step before the certificate and the numeric check, up to a day "
            f"(default {DEFAULT_BUDGET:g})"
        ),
    )


def run_list(arguments: argparse.Namespace) -> int:
    for derivation_id in catalogue.ids():
        derivation = catalogue.build(derivation_id)
        extra = "  [--n N]" if catalogue.entry(derivation_id).takes_n else ""
        print(f"{derivation_id:<28} {derivation.title}{extra}")
    return 0


def _progress(verified: VerifiedDerivation) -> None:
    counts = verified.counts()
    shown = ", ".join(f"{name} {count}" for name, count in counts.items() if count)
    status = "ok" if verified.ok else "FAILED"
    name = verified.derivation.id + (
        f" (n={verified.derivation.parameters['n']})" if verified.derivation.parameters else ""
    )
    print(
        f"{name:<30} {verified.derivation.step_count:>3} steps  {shown:<28} {verified.seconds:6.2f} s  {status}",
        file=sys.stderr,
        flush=True,
    )
    for chain_results, chain in zip(verified.results, verified.derivation.chains, strict=True):
        for result, step in zip(chain_results, chain.steps, strict=True):
            if result.verdict.value == "failed":
                print(f"    failed: {step.because}\n      {result.method}; {result.detail}", file=sys.stderr)
    for theorem in verified.theorems:
        if not theorem.ok:
            print(f"    theorem not implied: {theorem.theorem}\n      {theorem.detail}", file=sys.stderr)


def _verify_all(
    ids: Sequence[str], n: int | None, budget: float, given: Sequence[Derivation] | None = None, source: str = ""
) -> list[VerifiedDerivation]:
    """Verify the catalogue's ``ids`` (or the derivations ``given``, from the file ``source``), with progress."""
    # bad ids fail before any work
    derivations = list(given) if given is not None else [catalogue.build(derivation_id, n=n) for derivation_id in ids]
    results = []
    for derivation in derivations:
        try:
            verified = verify(derivation, budget=budget)
        except DerivationError as error:
            if not source:
                raise
            raise UserFileError(f"{source}: derivation {derivation.id!r}: {error}") from None
        _progress(verified)
        results.append(verified)
    return results


def draw_figures(figures: Sequence[Figure], file_format: str) -> dict[str, bytes]:
    """The figure files, or none (with a note) when matplotlib is missing."""
    if not figures:
        return {}
    if not figure_drawing.matplotlib_available():
        print(
            "symbolic-info: figures skipped: matplotlib is not installed "
            '(pip install "symbolic-info[plots]"); the documents show a note in their place',
            file=sys.stderr,
        )
        return {}
    return figure_drawing.draw_all(file_format, figures)


def _pdf(
    arguments: argparse.Namespace,
    options: RenderOptions,
    files: dict[str, str],
    figure_files: dict[str, bytes],
    results: Sequence[VerifiedDerivation],
    *,
    stem: str | None = None,
) -> bytes | None:
    """The book (``--all``) or one derivation compiled into a PDF, in a build directory; None without an engine."""
    command = pdf.find_engine()
    if command is None:
        print(
            "symbolic-info: PDF skipped: no LaTeX engine (pdflatex) is installed; the .tex files are written.\n"
            "  To get the PDF, install TeX Live and run the same command again. On Debian or Ubuntu:\n"
            f"    {pdf.INSTALL_HINT}",
            file=sys.stderr,
        )
        return None
    sources: dict[str, str | bytes] = dict(files)
    sources.update({f"{FIGURE_FOLDER}/{name}": data for name, data in figure_files.items()})
    main = BOOK_NAME
    own_figures = () if stem is not None else figures_for(arguments.id) if not arguments.all else ()
    if stem is None:
        stem = f"{arguments.id}-n{arguments.n}" if arguments.n is not None else str(arguments.id)
    if not arguments.all:
        main = "standalone.tex"
        cited = references.cited(prose_of(results[0]))
        sources[main] = render_standalone(stem, options, own_figures, cited)
    started = time.perf_counter()
    data = pdf.build_pdf(sources, main, command)
    name = f"{Path(BOOK_NAME).stem if arguments.all else stem}.pdf"
    print(f"compiled {name} in {time.perf_counter() - started:.1f} s (written with the other files)", file=sys.stderr)
    return data


def _output_folder(out: str) -> Path:
    """``--out``, which must be a directory or not exist yet (it is created, with its parents, when written)."""
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        kind = "a file" if folder.is_file() else "a device or other special file"
        raise InvalidArgumentError(f"--out {out}: it is {kind}, not a directory")
    return folder


def _command(arguments: argparse.Namespace) -> str:
    """The command that writes these files again: the options that change what is written, as they were given."""
    if arguments.file is not None:
        words = ["symbolic-info derive --file", arguments.file, *(f"--function {name}" for name in arguments.function)]
    else:
        words = ["symbolic-info derive", "--all" if arguments.all else arguments.id]
    if arguments.n is not None:
        words.append(f"--n {arguments.n}")
    if arguments.format != "latex":
        words.append(f"--format {arguments.format}")
    if arguments.paper != "a4":
        words.append(f"--paper {arguments.paper}")
    if not arguments.verdicts:
        words.append("--no-verdicts")
    if arguments.out != "derivations":
        words.append(f"--out {arguments.out}")
    return " ".join(words)


def render_options(arguments: argparse.Namespace) -> RenderOptions:
    """How ``derive`` renders: the book's section numbers, the paper, the verdicts, the command in the header."""
    return RenderOptions(
        numbering=catalogue.section_numbers(),
        verdicts=arguments.verdicts,
        paper=arguments.paper,
        command=_command(arguments),
        index=arguments.all,
    )


def _run_file(arguments: argparse.Namespace, given: Sequence[Derivation], folder: Path) -> int:
    """``derive --file``: each derivation of the user's file rendered, and compiled with ``--pdf``."""
    if arguments.all or arguments.id or arguments.n is not None:
        raise InvalidArgumentError("--file goes with no derivation id, --all or --n")
    results = _verify_all((), None, arguments.budget, given, arguments.file)
    failed = [v.derivation.id for v in results if not v.ok]
    if failed:
        print(f"symbolic-info: not written: {', '.join(failed)} did not verify", file=sys.stderr)
        return 1
    options = render_options(arguments)
    output: dict[Path, str | bytes] = {}
    for verified in results:
        stem = verified.derivation.id
        if arguments.format == "markdown":
            output[folder / f"{stem}.md"] = render_markdown(verified, (), options)
            continue
        text = render_derivation(verified, options)
        output[folder / f"{stem}.tex"] = text
        if arguments.pdf:
            compiled = _pdf(arguments, options, {f"{stem}.tex": text}, {}, [verified], stem=stem)
            if compiled is not None:
                output[folder / f"{stem}.pdf"] = compiled
    write_files(output)
    print(f"wrote {len(output)} file(s) to {arguments.out}", file=sys.stderr)
    return 0


def run_derive(arguments: argparse.Namespace) -> int:
    if arguments.pdf and arguments.format != "latex":
        raise InvalidArgumentError("--pdf compiles LaTeX; it does not go with --format markdown")
    given = _user_derivations(arguments)
    if given is not None:
        return _run_file(arguments, given, _output_folder(arguments.out))
    if arguments.all == bool(arguments.id):
        raise InvalidArgumentError("give one derivation id, --all, or --file FILE.py")
    if arguments.all and arguments.n is not None:
        raise InvalidArgumentError("--n applies to one derivation, not to --all")
    if arguments.pdf and arguments.format != "latex":
        raise InvalidArgumentError("--pdf compiles LaTeX; it does not go with --format markdown")
    folder = _output_folder(arguments.out)
    ids = catalogue.ids() if arguments.all else [arguments.id]
    results = _verify_all(ids, arguments.n, arguments.budget)
    failed = [v.derivation.id for v in results if not v.ok]
    if failed:
        print(f"symbolic-info: not written: {', '.join(failed)} did not verify", file=sys.stderr)
        return 1
    suffix = f"-n{arguments.n}" if arguments.n is not None else ""
    options = render_options(arguments)
    files: dict[str, str] = {}
    titles = {v.derivation.id: v.derivation.title for v in results}
    for verified in results:
        if arguments.format == "latex":
            files[f"{verified.derivation.id}{suffix}.tex"] = render_derivation(verified, options)
        else:
            shown = figures_for(verified.derivation.id)
            files[f"{verified.derivation.id}{suffix}.md"] = render_markdown(verified, shown, options)
    if arguments.all:
        if arguments.format == "latex":
            files[BOOK_NAME] = render_book(catalogue.book_sections(), FIGURES, options)
        else:
            files[INDEX_NAME] = render_index(
                [(part.title, [(e.id, titles[e.id]) for e in part.entries]) for part in catalogue.parts()],
                FIGURES,
                options,
            )
    pdf_figures: dict[str, bytes] = {}
    if arguments.format == "latex":
        figure_files = draw_figures(FIGURES if arguments.all else (), "pdf")
        if arguments.pdf and not arguments.all:  # one derivation's PDF shows its figures too (not written beside it)
            pdf_figures = draw_figures(figures_for(arguments.id), "pdf")
    else:
        figure_files = draw_figures(FIGURES if arguments.all else figures_for(arguments.id), "svg")
    output: dict[Path, str | bytes] = {folder / name: text for name, text in files.items()}
    output.update({folder / FIGURE_FOLDER / name: data for name, data in figure_files.items()})
    if arguments.pdf:  # compiled before anything is written: a LaTeX error leaves the previous files
        stem = Path(BOOK_NAME).stem if arguments.all else f"{arguments.id}{suffix}"
        compiled = _pdf(arguments, options, files, figure_files | pdf_figures, results)
        if compiled is not None:
            output[folder / f"{stem}.pdf"] = compiled
    readme = None
    if arguments.all and arguments.format == "latex":
        readme = _readme_update(folder.resolve().parent / "README.md", results)
    if readme is not None:
        output[readme[0]] = readme[1]
    written = write_files(output)
    in_folder = sum(path.parent in (folder, folder / FIGURE_FOLDER) for path in written)
    print(f"wrote {in_folder} file(s) to {arguments.out}", file=sys.stderr)
    if readme is not None:
        print(f"updated the catalogue's counts in {readme[0]}", file=sys.stderr)
    return 0


def _readme_update(path: Path, results: Sequence[VerifiedDerivation]) -> tuple[Path, str] | None:
    """The README beside the output folder with the catalogue's counts, if it has the markers and they changed."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # not ours to fix: the counts are only a courtesy
    updated = with_block(text, catalogue_block(results))
    if updated is None or updated == text:
        return None
    return path, updated


def run_verify(arguments: argparse.Namespace) -> int:
    given = _user_derivations(arguments)
    if given is not None and arguments.ids:
        raise InvalidArgumentError("--file goes with no derivation ids")
    ids = arguments.ids or catalogue.ids()
    results = _verify_all(ids, None, arguments.budget, given, arguments.file or "")
    if arguments.json:
        print(json.dumps({"derivations": [v.to_dict() for v in results]}, indent=2))
    return 0 if all(v.ok for v in results) else 1

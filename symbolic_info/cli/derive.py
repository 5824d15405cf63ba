"""Subcommands ``list``, ``derive`` and ``verify``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import catalogue
from ..engine.derivation import VerifiedDerivation, verify
from ..engine.verification import DEFAULT_BUDGET
from ..errors import InvalidArgumentError
from ..render import figures as figure_drawing
from ..render import pdf
from ..render.figures import FIGURE_FOLDER, FIGURES, Figure, figures_for
from ..render.latex import BOOK_NAME, render_book, render_derivation, render_standalone
from ..render.markdown import INDEX_NAME, render_index, render_markdown
from ..render.output import write_atomically
from ..render.readme import catalogue_block, with_block

__all__ = ["register"]


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
    derive.add_argument("--out", default="derivations", help="output directory (default: derivations)")
    derive.add_argument("--format", choices=("latex", "markdown"), default="latex")
    derive.add_argument(
        "--pdf",
        action="store_true",
        help="also compile a PDF with pdflatex (the book with --all, else ID.pdf); needs a TeX installation",
    )
    _add_budget(derive)
    derive.set_defaults(run=run_derive)

    check = subparsers.add_parser("verify", help="verify derivations without writing anything")
    check.add_argument("ids", nargs="*", metavar="ID", help="derivation ids (default: all)")
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    _add_budget(check)
    check.set_defaults(run=run_verify)


def _add_budget(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--budget",
        type=float,
        default=DEFAULT_BUDGET,
        help=f"seconds of symbolic search per step before the numeric check (default {DEFAULT_BUDGET:g})",
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


def _check_budget(budget: float) -> None:
    if not budget > 0:
        raise InvalidArgumentError(f"--budget must be positive, got {budget}")


def _verify_all(ids: Sequence[str], n: int | None, budget: float) -> list[VerifiedDerivation]:
    derivations = [catalogue.build(derivation_id, n=n) for derivation_id in ids]  # bad ids fail before any work
    results = []
    for derivation in derivations:
        verified = verify(derivation, budget=budget)
        _progress(verified)
        results.append(verified)
    return results


def _draw(figures: Sequence[Figure], file_format: str) -> dict[str, bytes]:
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


def _compile(arguments: argparse.Namespace, files: dict[str, str], figure_files: dict[str, bytes], stem: str) -> int:
    """Compile the book (``--all``) or one derivation into a PDF next to the ``.tex`` files."""
    command = pdf.find_engine()
    if command is None:
        print(
            "symbolic-info: PDF skipped: no LaTeX engine (pdflatex) is installed; the .tex files are written.\n"
            "  To get the PDF, install TeX Live and run the same command again. On Debian or Ubuntu:\n"
            f"    {pdf.INSTALL_HINT}",
            file=sys.stderr,
        )
        return 0
    sources: dict[str, str | bytes] = dict(files)
    sources.update({f"{FIGURE_FOLDER}/{name}": data for name, data in figure_files.items()})
    main, target = BOOK_NAME, Path(arguments.out) / f"{Path(BOOK_NAME).stem}.pdf"
    if not arguments.all:
        main, target = "standalone.tex", Path(arguments.out) / f"{stem}.pdf"
        sources[main] = render_standalone(stem)
    started = time.perf_counter()
    written = pdf.compile_pdf(sources, main, target, command)
    print(f"compiled {written} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def run_derive(arguments: argparse.Namespace) -> int:
    _check_budget(arguments.budget)
    if arguments.all == bool(arguments.id):
        raise InvalidArgumentError("give one derivation id or --all")
    if arguments.all and arguments.n is not None:
        raise InvalidArgumentError("--n applies to one derivation, not to --all")
    if arguments.pdf and arguments.format != "latex":
        raise InvalidArgumentError("--pdf compiles LaTeX; it does not go with --format markdown")
    ids = catalogue.ids() if arguments.all else [arguments.id]
    results = _verify_all(ids, arguments.n, arguments.budget)
    failed = [v.derivation.id for v in results if not v.ok]
    if failed:
        print(f"symbolic-info: not written: {', '.join(failed)} did not verify", file=sys.stderr)
        return 1
    suffix = f"-n{arguments.n}" if arguments.n is not None else ""
    files: dict[str, str] = {}
    titles = {v.derivation.id: v.derivation.title for v in results}
    for verified in results:
        if arguments.format == "latex":
            files[f"{verified.derivation.id}{suffix}.tex"] = render_derivation(verified)
        else:
            shown = figures_for(verified.derivation.id)
            files[f"{verified.derivation.id}{suffix}.md"] = render_markdown(verified, shown)
    if arguments.all:
        if arguments.format == "latex":
            files[BOOK_NAME] = render_book(catalogue.book_sections())
        else:
            files[INDEX_NAME] = render_index(
                [(part.title, [(e.id, titles[e.id]) for e in part.entries]) for part in catalogue.parts()], FIGURES
            )
    if arguments.format == "latex":
        figure_files = _draw(FIGURES if arguments.all else (), "pdf")
    else:
        figure_files = _draw(FIGURES if arguments.all else figures_for(arguments.id), "svg")
    written = write_atomically(arguments.out, files)
    if figure_files:
        written += write_atomically(Path(arguments.out) / FIGURE_FOLDER, figure_files)
    print(f"wrote {len(written)} file(s) to {arguments.out}", file=sys.stderr)
    if arguments.all and arguments.format == "latex":
        _update_readme(Path(arguments.out).resolve().parent / "README.md", results)
    if arguments.pdf:
        return _compile(arguments, files, figure_files, f"{arguments.id}{suffix}")
    return 0


def _update_readme(path: Path, results: Sequence[VerifiedDerivation]) -> None:
    """Write the catalogue's counts into the README beside the output folder, where it has the markers."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    updated = with_block(text, catalogue_block(results))
    if updated is not None and updated != text:
        write_atomically(path.parent, {path.name: updated})
        print(f"updated the catalogue's counts in {path}", file=sys.stderr)


def run_verify(arguments: argparse.Namespace) -> int:
    _check_budget(arguments.budget)
    ids = arguments.ids or catalogue.ids()
    results = _verify_all(ids, None, arguments.budget)
    if arguments.json:
        print(json.dumps({"derivations": [v.to_dict() for v in results]}, indent=2))
    return 0 if all(v.ok for v in results) else 1

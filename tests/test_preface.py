"""The book's preface: before Part 1 of the PDF and at the top of the Markdown index, with the verdicts explained
by the engine's constants, the five articles by title and site, the textbooks, and each article's mistake at
the section that corrects it (which cites the article there)."""

from __future__ import annotations

from symbolic_info import catalogue
from symbolic_info.render import preface, references
from symbolic_info.render.common import RenderOptions, certificate_description, escape_text, numeric_check_description
from symbolic_info.render.latex import render_book
from symbolic_info.render.markdown import render_index

NUMBERING = catalogue.section_numbers()


def _text(verdicts: bool = True) -> str:
    """Every paragraph and list item of the preface, as one string."""
    pieces: list[str] = []
    for block in preface.paragraphs(verdicts):
        pieces.extend([block] if isinstance(block, str) else [block[0], *block[1]])
    return " ".join(pieces)


def _book(verdicts: bool = True) -> str:
    return render_book(catalogue.book_sections(), (), RenderOptions(numbering=NUMBERING, verdicts=verdicts))


def _index() -> str:
    sections = [(part.title, [(e.id, e.id) for e in part.entries]) for part in catalogue.parts()]
    return render_index(sections, (), RenderOptions(numbering=NUMBERING))


def test_the_preface_comes_before_part_one_and_is_in_the_contents() -> None:
    book = _book()
    start = book.index("\\section*{Preface}")
    assert book.index("\\tableofcontents") < start < book.index("\\part{")
    assert "\\addcontentsline{toc}{section}{Preface}" in book


def test_the_verdicts_are_explained_with_the_engines_constants() -> None:
    for verdicts in (True, False):
        text = _text(verdicts)
        assert certificate_description() in text and numeric_check_description() in text
    assert "symbolic: SymPy proved the step" in _text(True)
    assert "symbolic:" not in _text(False)


def test_the_five_articles_are_named_by_title_and_site_and_the_textbooks_listed() -> None:
    book, index = _book(), _index()
    front = book[book.index("\\section*{Preface}") : book.index("\\part{")]
    for source in references.SOURCES:
        assert escape_text(source.title) in front and escape_text(source.site) in front
        assert f"\\cite{{{source.key}}}" in front
    for textbook in references.TEXTBOOKS:
        assert f"\\cite{{{textbook.key}}}" in front
        assert f"\\bibitem{{{textbook.key}}} {escape_text(textbook.title)}. " in book  # not "(in Chinese)"
    assert index.index("## Preface") < index.index("\n## Entropy")
    sources = index.split("## Sources", 1)[1]
    assert "Cover and Joy A. Thomas" in sources and '<a id="sources"></a>' in sources  # the citations' target


def test_each_mistake_is_cited_at_the_section_that_corrects_it() -> None:
    assert {item.source for item in preface.CORRECTIONS} == {
        "entropy-ce-kl-post",
        "qianfeng-ce-relative-entropy",
        "lei-entropy",
    }
    for item in preface.CORRECTIONS:
        derivation = catalogue.build(item.section)
        prose = " ".join(
            [derivation.summary, derivation.conclusion]
            + [chain.intro for chain in derivation.chains]
            + [step.because for chain in derivation.chains for step in chain.steps]
        )
        assert f"[cite:{item.source}]" in prose, item
        assert f"\\derivationref{{{item.section}}}{{{NUMBERING[item.section]}}}" in _book()


def test_no_unknown_reference_and_no_seed_in_the_preface() -> None:
    text = _text()
    assert "seed" not in text.lower()
    for kind, value in references.pieces(text):
        if kind == "ref":
            assert value in NUMBERING
        elif kind == "cite":
            references.source(value)

"""The book's preface, once, for the PDF (before Part 1) and the Markdown index (at the top).

It says what the book is, how to read a verdict tag (in the words of the engine's own constants:
:func:`~.common.certificate_description`, :func:`~.common.numeric_check_description`), which sources it
checks and follows (:data:`~.references.SOURCES`, :data:`~.references.TEXTBOOKS`), and, for each mistake
of an article that a section corrects, where (:data:`CORRECTIONS`). The paragraphs are prose with
``$...$`` math, ``[ref:ID]`` and ``[cite:KEY]`` markers, rendered by each format's own prose renderer.

>>> corrections = paragraphs()[-1]
>>> corrections[0], corrections[1][0].endswith("[ref:kl-decomposition].")
('Where an article is wrong, the section that derives the correct statement cites it:', True)
"""

from __future__ import annotations

from dataclasses import dataclass

from . import references
from .common import certificate_description, numeric_check_description

__all__ = ["CORRECTIONS", "PREFACE_TITLE", "Block", "Correction", "paragraphs"]

PREFACE_TITLE = "Preface"


@dataclass(frozen=True)
class Correction:
    """A mistake of a source article (``source``: its key), what it says, and the section that corrects it."""

    source: str
    mistake: str
    section: str


#: The articles' mistakes, each with the section that derives the correct statement (and cites the article there).
CORRECTIONS: tuple[Correction, ...] = (
    Correction(
        "entropy-ce-kl-post",
        "writes the divergence with a stray minus sign, $D(p \\| q) = -\\sum_i p_i \\log(p_i/q_i)$",
        "kl-decomposition",
    ),
    Correction(
        "entropy-ce-kl-post",
        "writes the cross-entropy without its logarithm and swaps the names of target and prediction in its "
        "three-class example",
        "one-hot-cross-entropy",
    ),
    Correction(
        "qianfeng-ce-relative-entropy",
        "says that for discrete distributions the cross-entropy equals the relative entropy; they differ by "
        "$H(p)$ and agree only for a one-hot target",
        "one-hot-cross-entropy",
    ),
    Correction(
        "lei-entropy",
        "adds the four terms of its second table to 0.086; they add to 0.186",
        "worked-examples",
    ),
    Correction(
        "lei-entropy",
        "defines the differential entropy, then proves that entropy is never negative for the discrete sum "
        "only; a density's entropy can be negative",
        "differential-entropy-sign",
    ),
)

#: What each textbook or paper is followed for: the sections of the book in its words.
_FOLLOWED = (
    ("cover-thomas", "entropy, the divergence, Gibbs' inequality and the differential entropy (Part 1)"),
    ("bishop-prml", "logistic and softmax regression, their gradients and Hessians (Part 2)"),
    ("goodfellow-deep-learning", "maximum likelihood as cross-entropy, and the saturating sigmoid (Part 2)"),
    ("szegedy-label-smoothing", "label smoothing ([ref:label-smoothing])"),
    ("hinton-distillation", "distillation at a temperature ([ref:distillation-temperature])"),
    ("kingma-vae", "the VAE's KL term ([ref:gaussian-kl-diagonal])"),
)


#: A block of the preface: a paragraph, or a lead-in and the items of a list.
Block = str | tuple[str, tuple[str, ...]]


def paragraphs(verdicts: bool = True) -> tuple[Block, ...]:
    """The preface as blocks of prose (math, ``[ref:...]`` and ``[cite:...]`` markers), in order.

    ``verdicts``: whether the pages show each step's verdict tag (the handouts without them say how
    every step was checked instead).
    """
    tags = (
        (
            "Every line is verified by symbolic-info, and its tag (at the right margin of the PDF) says how:",
            (
                "symbolic: SymPy proved the step;",
                f"certified: {certificate_description()};",
                f"numeric: no proof was found, and {numeric_check_description()}.",
            ),
        )
        if verdicts
        else "Every line was verified by symbolic-info: proved by SymPy, or certified by interval arithmetic "
        f"({certificate_description()}), or, where no proof was found, checked numerically: "
        f"{numeric_check_description()}."
    )
    return (
        "This book derives the information theory behind the losses of machine learning, one checked step at a "
        "time: entropy, cross-entropy and the Kullback-Leibler divergence; the gradients of the sigmoid and softmax "
        "losses and maximum likelihood; the measures of today's models (label smoothing, distillation, the VAE's "
        "KL term); and the numerically stable forms that the package's NumPy losses evaluate, each proved equal "
        "to its textbook formula.",
        tags,
        "Each section also states its theorem, and the verifier checks that the steps imply it.",
        (
            "The formulas and examples checked come from five articles in Chinese:",
            tuple(f"[cite:{item.key}] {item.title}; {item.site}." for item in references.SOURCES),
        ),
        (
            "The derivations follow these textbooks and papers:",
            tuple(
                f"[cite:{key}] for {what}{'.' if number == len(_FOLLOWED) else ';'}"
                for number, (key, what) in enumerate(_FOLLOWED, 1)
            ),
        ),
        (
            "Where an article is wrong, the section that derives the correct statement cites it:",
            tuple(f"[cite:{item.source}] {item.mistake}: [ref:{item.section}]." for item in CORRECTIONS),
        ),
    )

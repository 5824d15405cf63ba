"""Cross-references and citations in a derivation's prose, and the articles the book cites.

Prose (titles, intros, justifications, conclusions) may hold two kinds of marker outside ``$...$``:

- ``[ref:ID]``: another derivation, shown as "Section N" (N from a numbering of the book, linked
  in the PDF and in Markdown); a derivation the numbering does not know is shown by its title-less id;
- ``[cite:KEY]``: one of the source articles of :data:`SOURCES` or the textbooks and papers of
  :data:`TEXTBOOKS`, shown as ``[n]`` and listed in a bibliography (by title and site, or authors).

>>> pieces("see [ref:sigmoid-derivative] and [cite:lei-entropy].")
[('text', 'see '), ('ref', 'sigmoid-derivative'), ('text', ' and '), ('cite', 'lei-entropy'), ('text', '.')]
>>> source("lei-entropy").number, source("lei-entropy").site
(5, 'Tencent Cloud developer community')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import DerivationError

__all__ = ["BIBLIOGRAPHY", "SOURCES", "TEXTBOOKS", "Source", "cited", "pieces", "source"]

_MARKER = re.compile(r"\[(ref|cite):([a-z0-9]+(?:-[a-z0-9]+)*)\]")


@dataclass(frozen=True)
class Source:
    """A work the book cites: key, number, title in English and in the original Chinese, site (or authors), address.

    The five articles are in Chinese (``in_chinese``); the textbooks and papers are not.
    """

    key: str
    number: int
    title: str
    original: str
    site: str
    url: str = ""
    in_chinese: bool = True


#: The five blog posts (in Chinese) whose formulas and examples the book checks, in the order it numbers them.
#: Titles and sites as the saved copies of the articles give them; an English translation of each title.
SOURCES: tuple[Source, ...] = (
    Source(
        "entropy-ce-kl-post",
        1,
        "Information entropy, cross-entropy and KL divergence",
        "\u4fe1\u606f\u71b5,\u4ea4\u53c9\u71b5\u4e0eKL\u6563\u5ea6",
        "A blog post; the saved copy does not name its site",
    ),
    Source(
        "qianfeng-ce-relative-entropy",
        2,
        "What are cross-entropy and relative entropy?",
        "\u4ec0\u4e48\u662f\u4ea4\u53c9\u71b5\u4e0e\u76f8\u5bf9\u71b5?",
        "Qianfeng Education, technical articles, 2023-10-15",
    ),
    Source(
        "ce-loss-slides",
        3,
        "Cross-entropy loss: an overview; KL divergence and the cross-entropy loss; "
        "maximum likelihood and minimizing the cross-entropy loss "
        "(the article's three section headings; it has no title)",
        "",
        "Course notes; the saved copy does not name their site",
    ),
    Source(
        "dtcms-information-mle",
        4,
        "Information content, surprisal, entropy, KL divergence (relative entropy), cross-entropy, "
        "and the equivalence of maximum likelihood estimation and minimizing the cross-entropy",
        "\u4fe1\u606f\u91cf,\u60ca\u5947\u5ea6,\u71b5\u3001KL\u6563\u5ea6(\u76f8\u5bf9\u71b5),\u4ea4\u53c9\u71b5\u3001"
        "\u6700\u5927\u4f3c\u7136\u4f30\u8ba1MLE\u4e0e\u6700\u5c0f\u5316\u4ea4\u53c9\u71b5\u7684\u7b49\u4ef7\u8bc1\u660e",
        "dtcms.com",
        "http://www.dtcms.com/a/312437.html",
    ),
    Source(
        "lei-entropy",
        5,
        "Understanding entropy and cross-entropy (Lei Ming)",
        "\u7406\u89e3\u71b5\u4e0e\u4ea4\u53c9\u71b5",
        "Tencent Cloud developer community",
        "https://cloud.tencent.com/developer/article/1397504",
    ),
)


#: The textbooks and papers the derivations follow, numbered after the articles (their authors in ``site``).
TEXTBOOKS: tuple[Source, ...] = (
    Source(
        "cover-thomas",
        6,
        "Elements of Information Theory, second edition",
        "",
        "Thomas M. Cover and Joy A. Thomas; Wiley, 2006",
        in_chinese=False,
    ),
    Source(
        "bishop-prml",
        7,
        "Pattern Recognition and Machine Learning",
        "",
        "Christopher M. Bishop; Springer, 2006",
        in_chinese=False,
    ),
    Source(
        "goodfellow-deep-learning",
        8,
        "Deep Learning",
        "",
        "Ian Goodfellow, Yoshua Bengio and Aaron Courville; MIT Press, 2016",
        "https://www.deeplearningbook.org",
        in_chinese=False,
    ),
    Source(
        "szegedy-label-smoothing",
        9,
        "Rethinking the Inception Architecture for Computer Vision",
        "",
        "Christian Szegedy, Vincent Vanhoucke, Sergey Ioffe, Jonathon Shlens and Zbigniew Wojna; CVPR 2016",
        "https://arxiv.org/abs/1512.00567",
        in_chinese=False,
    ),
    Source(
        "hinton-distillation",
        10,
        "Distilling the Knowledge in a Neural Network",
        "",
        "Geoffrey Hinton, Oriol Vinyals and Jeff Dean; NIPS 2014 Deep Learning Workshop",
        "https://arxiv.org/abs/1503.02531",
        in_chinese=False,
    ),
    Source(
        "kingma-vae",
        11,
        "Auto-Encoding Variational Bayes",
        "",
        "Diederik P. Kingma and Max Welling; ICLR 2014",
        "https://arxiv.org/abs/1312.6114",
        in_chinese=False,
    ),
)

#: Everything the book's bibliography lists, in its numbering: the five articles, then the textbooks and papers.
BIBLIOGRAPHY: tuple[Source, ...] = SOURCES + TEXTBOOKS


def source(key: str) -> Source:
    """The work cited as ``[cite:KEY]``; a :class:`DerivationError` for an unknown key."""
    for item in BIBLIOGRAPHY:
        if item.key == key:
            return item
    known = ", ".join(item.key for item in BIBLIOGRAPHY)
    raise DerivationError(f"no source {key!r} to cite; known: {known}")


def pieces(text: str) -> list[tuple[str, str]]:
    """``text`` (prose outside math) as ``("text" | "ref" | "cite", value)`` pieces, empty text left out."""
    out: list[tuple[str, str]] = []
    position = 0
    for match in _MARKER.finditer(text):
        if match.start() > position:
            out.append(("text", text[position : match.start()]))
        out.append((match[1], match[2]))
        position = match.end()
    if position < len(text):
        out.append(("text", text[position:]))
    return out


def cited(texts: Iterable[str]) -> tuple[Source, ...]:
    """The articles cited in ``texts``, in the bibliography's order (each once).

    >>> [item.number for item in cited(["[cite:lei-entropy] and [cite:entropy-ce-kl-post]"])]
    [1, 5]
    """
    keys = {match[2] for text in texts for match in _MARKER.finditer(text) if match[1] == "cite"}
    return tuple(source(key) for key in sorted(keys, key=lambda key: source(key).number))

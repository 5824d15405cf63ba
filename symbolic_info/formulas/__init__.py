"""The formulas: pure SymPy, the single source of truth for every quantity.

:mod:`.special` (``xlogy`` with 0 log 0 = 0), :mod:`.vectors` (vectors over categories),
:mod:`.definitions` (information content, entropy, cross-entropy, KL, sigmoid, softmax),
:mod:`.named` (``H(p)``, ``D(p||q)`` shown by name, unfolding to the definitions), :mod:`.learning`
(the losses and gradients of the learning derivations), :mod:`.stable` (the numerically stable
forms the numeric kernels evaluate) and :mod:`.printer` (LaTeX as a textbook writes it). Everything
else in the package is built from these; this folder depends on nothing but ``errors``.
"""

from __future__ import annotations

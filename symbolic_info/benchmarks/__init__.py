"""Benchmarks behind ``symbolic-info bench``: speed goals as ratios measured in one run.

Each suite is a module in this package with a ``run(quick: bool) -> list[Measurement]``
function; :data:`SUITES` lists them in the order they run. Goals are checked here, never in
timed tests: the machines are shared, so a suite compares times measured side by side.
"""

from __future__ import annotations

import importlib
import os
import platform
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["SUITES", "Measurement", "machine", "run_suite"]

#: Suite names, each a module ``symbolic_info.benchmarks.<name>`` with ``run(quick) -> list[Measurement]``.
SUITES: tuple[str, ...] = ("derivations", "claims", "numeric", "gradients", "array_api")


@dataclass(frozen=True)
class Measurement:
    """One measured figure, with its goal when it has one (``ok`` is None without a goal)."""

    suite: str
    name: str
    value: float
    unit: str
    goal: str = ""
    ok: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import mpmath
    import numpy
    import sympy

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "numpy": numpy.__version__,
        "sympy": sympy.__version__,
        "mpmath": mpmath.__version__,
    }


def run_suite(name: str, quick: bool = False) -> list[Measurement]:
    """Run the suite ``name``."""
    module = importlib.import_module(f"{__name__}.{name}")
    runner: Callable[[bool], list[Measurement]] = module.run
    return runner(quick)

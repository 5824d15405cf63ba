"""The package layout is the architecture: folders are the pipeline, imports only go down, no cycles.

Every ``import`` statement counts, at any depth (inside functions and ``if`` blocks too). The rule of who
may import whom is :data:`ALLOWED`; ``ARCHITECTURE.md`` states the same rule in words.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "symbolic_info"

#: Each folder (layer) of the package and the layers it may import. ``errors`` is the root exception module.
ALLOWED: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "formulas": frozenset({"errors"}),
    "engine": frozenset({"errors", "formulas"}),
    "numeric": frozenset({"errors", "formulas"}),
    "catalogue": frozenset({"errors", "formulas", "engine"}),
    "claims": frozenset({"errors", "formulas", "engine", "catalogue"}),
    "render": frozenset({"errors", "formulas", "engine", "numeric"}),
    "testing": frozenset({"errors", "formulas", "engine", "catalogue", "claims"}),
    "benchmarks": frozenset({"errors", "formulas", "engine", "numeric", "catalogue", "claims", "render"}),
    "cli": frozenset({"errors", "formulas", "engine", "numeric", "catalogue", "claims", "render", "benchmarks"}),
}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every module of the package that ``module`` imports, at any depth of its syntax tree."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for name in names:
            while name not in MODULES and "." in name:
                name = name.rpartition(".")[0]
            if name in MODULES and name != module:
                yield name


GRAPH = {module: set(_imported(module, path)) for module, path in MODULES.items()}


def _layer(module: str) -> str | None:
    """The layer of a module: its folder (or ``errors``); None for the package's own ``__init__``/``__main__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] != "__main__" else None


def _cycle() -> list[str] | None:
    """One import cycle, as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_no_import_cycle_counting_imports_at_any_depth() -> None:
    assert _cycle() is None


def test_the_only_modules_at_the_top_are_init_main_and_errors() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "errors.py"]


def test_every_folder_is_a_known_layer() -> None:
    folders = sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists())
    assert set(folders) <= set(ALLOWED), f"add the new folder to ALLOWED and to ARCHITECTURE.md: {folders}"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_only_go_down_the_layers(module: str) -> None:
    layer = _layer(module)
    if layer is None:
        return  # the package's __init__ and __main__ put the layers together
    wrong = sorted(
        target
        for target in GRAPH[module]
        if (_layer(target) is None or (_layer(target) != layer and _layer(target) not in ALLOWED[layer]))
    )
    assert wrong == [], f"{module} ({layer}) may import only {sorted(ALLOWED[layer])}"


def test_the_engine_never_imports_render() -> None:
    engine = [module for module in GRAPH if _layer(module) == "engine"]
    assert engine and all(_layer(target) != "render" for module in engine for target in GRAPH[module])


def test_the_architecture_document_states_the_same_rule() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for layer, allowed in ALLOWED.items():
        if layer == "errors":
            continue
        line = next((line for line in text.splitlines() if line.startswith(f"| `{layer}/`")), None)
        assert line is not None, f"ARCHITECTURE.md has no row for {layer}/"
        named = {name for name in ALLOWED if f"`{name}`" in line.split("|")[3]}
        assert named == set(allowed), f"ARCHITECTURE.md's row for {layer}/ lists {sorted(named)}"

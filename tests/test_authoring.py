"""Users' own derivations: authoring API, stated theorems, failure reports, derive --file, pytest plugin, guide."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import sympy as sp

import symbolic_info as si
from symbolic_info.cli import main
from symbolic_info.render import pdf

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Path(__file__).resolve().parent / "fixtures" / "user_project"

x = sp.Symbol("x", positive=True)
t = sp.Symbol("t", real=True)
POSITIVE = si.Domain.of(si.Real(x, low=0))


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


# --- stated theorems -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_true_stated_theorem_is_implied_and_a_wrong_one_fails_the_derivation() -> None:
    chain = si.Chain.start(sp.log(x)).le(x - 1, "the tangent at 1")
    right = si.Derivation("right", "Right", POSITIVE, [chain], theorem=[sp.Le(sp.log(x), x - 1)])
    turned = si.Derivation("turned", "Turned", POSITIVE, [chain], theorem=[sp.Ge(x - 1, sp.log(x))])
    too_strong = si.Derivation("strong", "Strong", POSITIVE, [chain], theorem=[sp.Lt(sp.log(x), x - 1)])
    other_side = si.Derivation("other", "Other", POSITIVE, [chain], theorem=[sp.Le(sp.log(x), x)])
    assert si.verify(right).ok and si.verify(turned).ok
    assert not si.verify(too_strong).ok  # <= does not give <
    assert not si.verify(other_side).ok  # log x <= x is true, but not what the chain proves
    assert "none implies it" in str(si.verify(other_side))


def test_a_chain_states_its_own_theorem() -> None:
    equal = si.Chain.start(sp.log(x**2)).equals(2 * sp.log(x), "a power").proves(sp.Ge(2 * sp.log(x), sp.log(x**2)))
    wrong = si.Chain.start(sp.log(x**2)).equals(2 * sp.log(x), "a power").proves(sp.Gt(2 * sp.log(x), sp.log(x**2)))
    assert si.verify(si.Derivation("eq", "Eq", POSITIVE, [equal])).ok
    assert not si.verify(si.Derivation("gt", "Gt", POSITIVE, [wrong])).ok


def test_le_then_ge_is_refused_when_the_chain_is_written() -> None:
    with pytest.raises(si.DerivationError, match="proves nothing"):
        si.Chain.start(x).le(x + 1, "up").ge(x, "down")


def test_a_theorem_must_be_a_relation_not_a_decided_one_nor_text() -> None:
    chain = si.Chain.start(x).equals(x, "itself")
    with pytest.raises(si.DerivationError, match="evaluate=False"):
        si.Derivation("d", "D", POSITIVE, [chain], theorem=[sp.Eq(x, x)])
    with pytest.raises(si.DerivationError, match="not the string"):
        si.Derivation("d", "D", POSITIVE, [chain], theorem=["x = x"])


@pytest.mark.slow  # verifies the whole catalogue's theorems
def test_every_catalogue_derivation_states_a_theorem_its_chains_imply() -> None:
    for derivation_id in si.derivation_ids():
        derivation = si.derivation(derivation_id)
        assert derivation.theorem, derivation_id
        results = derivation._theorems(30.0)
        assert all(result.ok for result in results), [str(r) for r in results if not r.ok]


# --- failure reports -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_wrong_ge_step_shows_its_sides_in_the_order_written_with_their_values() -> None:
    chain = si.Chain.start(sp.log(t**2 + 1)).ge(t**2, "a wrong bound")
    domain = si.Domain.of(si.Real(t), si.Real(x, low=0))  # x does not occur: it is not shown
    report = si.verify(si.Derivation("wrong-bound", "Wrong", domain, [chain]))
    (result,) = report.step_results
    example = result.counterexample
    assert example is not None
    assert (example.left, example.relation, example.right) == ("log(t**2 + 1)", ">=", "t**2")
    assert [name for name, _ in example.point] == ["t"]
    value = sp.Float(example.point[0][1], 30)
    assert abs(float(sp.log(value**2 + 1)) - float(example.left_value)) < 1e-9  # the left value is log(t^2 + 1)
    assert float(example.left_value) < float(example.right_value)
    assert str(report).splitlines()[0] == "wrong-bound: FAILED (1 step: 0 symbolic, 0 certified, 0 numeric, 1 failed)"


@pytest.mark.slow
def test_a_failed_step_does_not_fail_the_next_correct_one() -> None:
    chain = si.Chain.start(x**2).equals(x**3, "wrong").equals(x * x**2, "right, from the line written before")
    report = si.verify(si.Derivation("next", "Next", POSITIVE, [chain]))
    assert [r.verdict.value for r in report.step_results] == ["failed", "symbolic"]


@pytest.mark.slow
def test_a_sympy_error_in_a_step_is_explained_and_the_next_step_checked() -> None:
    chain = (
        si.Chain.start(sp.Eq(x**2, 2 * x))
        .implies(sp.Eq(2 * x, 2), "differentiating in 2x", by=si.Rearrange())
        .implies(sp.Eq(x, 1), "solving", by=si.Solve(x))
    )
    report = si.verify(si.Derivation("solve", "Solve", POSITIVE, [chain]))
    assert report.step_results[1].verdict.value == "symbolic"
    with pytest.raises(si.DerivationError, match="cannot work with respect to 2\\*x"):
        si.Differentiate(2 * x)
    from symbolic_info.engine.failures import explain

    assert explain(ValueError("\nCan't calculate derivative wrt 36.41.")).startswith(
        "SymPy cannot differentiate with respect to 36.41: differentiate with respect to a symbol"
    )


def test_strings_are_refused_where_an_expression_is_meant() -> None:
    with pytest.raises(si.DerivationError, match="text is never parsed"):
        si.Chain.start(x).equals("x", "a string")
    with pytest.raises(si.DerivationError, match="not a variable"):
        si.Differentiate("x")
    with pytest.raises(si.DerivationError, match="declarations"):
        si.Domain.of("x > 0")  # type: ignore[arg-type]


def test_every_name_an_author_needs_is_public() -> None:
    needed = {"Chain", "Derivation", "Domain", "Real", "OnSimplex", "RealVector", "CategoryCount", "CategoryIndex"}
    needed |= {"Differentiate", "Substitute", "Solve", "Integrate", "Limit", "Gradient", "Hessian", "verify"}
    assert needed <= set(si.__all__)
    for name in sorted(needed):
        obj = getattr(si, name)
        assert obj.__doc__ and ">>>" in obj.__doc__, name


# --- derive --file -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_derive_file_renders_latex_markdown_and_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = PROJECT / "derivations.py"
    mine = tmp_path / "mine.py"
    mine.write_text(source.read_text(encoding="utf-8").split("t = sp.Symbol")[0], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["derive", "--file", str(mine), "--out", str(out)]) == 0
    assert main(["derive", "--file", str(mine), "--out", str(out), "--format", "markdown"]) == 0
    tex = (out / "log-bound.tex").read_text(encoding="utf-8")
    assert tex.splitlines()[0].endswith(f"Regenerate with: symbolic-info derive --file {mine} --out {out}")
    assert "(All derivations)" not in (out / "log-bound.md").read_text(encoding="utf-8")
    if pdf.find_engine() is None:
        pytest.skip("no pdflatex: the PDF is not compiled")
    assert main(["derive", "--file", str(mine), "--out", str(out), "--pdf"]) == 0
    assert (out / "log-bound.pdf").read_bytes().startswith(b"%PDF")


def test_a_file_with_an_error_names_the_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import symbolic_info as si\n\nchain = si.Chain.start('x**2')\n", encoding="utf-8")
    assert main(["verify", "--file", str(bad)]) == 2
    error = capsys.readouterr().err
    assert f"{bad}, line 3: DerivationError: the first line of a chain: the string 'x**2'" in error
    broken = tmp_path / "broken.py"
    broken.write_text("x = (\n", encoding="utf-8")
    assert main(["verify", "--file", str(broken)]) == 2
    assert f"{broken}, line 1: SyntaxError" in capsys.readouterr().err
    malformed = tmp_path / "malformed.py"
    malformed.write_text(
        "import sympy as sp\nimport symbolic_info as si\n\nx = sp.Symbol('x')\n"
        "mixed = si.Derivation('mixed', 'Mixed', si.Domain.of(si.Real(x)), "
        "[si.Chain.start(sp.Eq(x, 1)).equals(x, 'an equation is not an expression')])\n",
        encoding="utf-8",
    )
    assert main(["verify", "--file", str(malformed)]) == 2
    assert f"{malformed}: derivation 'mixed': 'an equation is not an expression'" in capsys.readouterr().err


@pytest.mark.slow
def test_derive_file_takes_the_derivations_a_named_function_returns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.py"
    mine.write_text(
        "import sympy as sp\nimport symbolic_info as si\n\n\ndef build():\n"
        "    x = sp.Symbol('x', positive=True)\n"
        "    chain = si.Chain.start(sp.log(x**2)).equals(2 * sp.log(x), 'a power')\n"
        "    return [si.Derivation(f'power-{k}', 'Power', si.Domain.of(si.Real(x, low=0)), [chain]) for k in (1, 2)]\n",
        encoding="utf-8",
    )
    assert main(["verify", "--file", str(mine)]) == 2  # nothing at module level
    assert "defines no Derivation" in capsys.readouterr().err
    out = tmp_path / "out"
    assert main(["derive", "--file", str(mine), "--function", "build", "--out", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == ["power-1.tex", "power-2.tex"]
    assert main(["verify", "--file", str(mine), "--function", "missing"]) == 2
    assert "no function 'missing'" in capsys.readouterr().err


@pytest.mark.slow
def test_verify_file_fails_with_exit_1_on_a_wrong_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--file", str(PROJECT / "derivations.py"), "--budget", "5"]) == 1
    assert "wrong-square" in capsys.readouterr().err


# --- the pytest plugin ---------------------------------------------------------------------------------

EXPECTED_FAILURE = """\
E       AssertionError: derivation 'wrong-square' did not verify (1 of 2 steps failed)
E       chain 1, step 2: dropping 2t, as if it were never negative
E         t**2 + 2*t + 1 >= t**2 + 1 is false at t = -3.76490970784
E           left = t**2 + 2*t + 1 = 7.6447256925074481352
E           right = t**2 + 1 = 15.174545108187294053
E         verdict: failed (no proof found)
"""


@pytest.mark.slow
def test_a_users_project_runs_its_derivations_as_tests_with_the_plugin() -> None:
    command = [sys.executable, "-m", "pytest", "-p", "symbolic_info.testing", "-p", "no:cacheprovider"]
    run = subprocess.run(command, cwd=PROJECT, env=_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout
    assert "test_derivation[log-bound]" not in run.stdout.split("short test summary")[-1]
    assert EXPECTED_FAILURE in run.stdout


def test_the_plugin_is_an_entry_point_in_the_pytest11_group() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["pytest11"] == {"symbolic_info.testing": "symbolic_info.testing"}


@pytest.mark.slow
def test_the_installed_entry_point_loads_the_plugin_without_p() -> None:
    installed = [e for e in importlib.metadata.entry_points(group="pytest11") if e.value == "symbolic_info.testing"]
    if not installed:
        pytest.skip("the installed package predates the entry point: reinstall it (pip install -e .)")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert "1 failed, 1 passed" in run.stdout and EXPECTED_FAILURE in run.stdout, run.stdout + run.stderr


# --- the guide -----------------------------------------------------------------------------------------


@pytest.mark.slow  # verifies the guide's derivations and runs its commands
def test_every_code_block_of_the_guide_runs(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(python|bash)\n(.*?)```", text, re.DOTALL)
    python = [code for kind, code in blocks if kind == "python"]
    (tmp_path / "label_smoothing.py").write_text(python[0], encoding="utf-8")
    script = "\n".join(python) + "\nfor name, value in list(globals().items()):\n"
    script += (
        "    if name.startswith('test_') and callable(value) and value.__code__.co_argcount == 0:\n        value()\n"
    )
    (tmp_path / "guide.py").write_text(script, encoding="utf-8")
    run = subprocess.run([sys.executable, "guide.py"], cwd=tmp_path, env=_env(), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "label-smoothing-gradient: verified" in run.stdout
    for kind, code in blocks:
        if kind != "bash":
            continue
        for line in code.strip().splitlines():
            words = line.split()
            assert words[0] == "symbolic-info"
            command = [sys.executable, "-m", "symbolic_info", *words[1:]]
            done = subprocess.run(command, cwd=tmp_path, env=_env(), capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
    assert (tmp_path / "handout" / "label-smoothing-gradient.tex").is_file()
    marked = "import pytest\nfrom symbolic_info.testing import assert_verified\n" + python[-1]
    (tmp_path / "test_marked.py").write_text(marked, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-p", "symbolic_info.testing", "-p", "no:cacheprovider", "-q"]
    done = subprocess.run([*command, "test_marked.py"], cwd=tmp_path, env=_env(), capture_output=True, text=True)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr

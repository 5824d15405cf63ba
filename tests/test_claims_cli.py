"""``symbolic-info check``: text and JSON output, files of claims, LaTeX input, exit codes; the examples file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from symbolic_info.claims.checker import FIRST_POINTS
from symbolic_info.claims.examples import examples
from symbolic_info.cli import main

WRONG = "H(p, q) = -sum(p[i]*q[i], i)"
RIGHT = "KL(p, q) = H(p, q) - H(p)"


@pytest.mark.slow
def test_one_claim_prints_its_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", RIGHT]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"proved   {RIGHT}\n") and "for every n >= 2" in out


@pytest.mark.slow
def test_a_refuted_claim_exits_1_and_shows_its_counterexample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", WRONG, RIGHT]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"refuted  {WRONG}"
    assert lines[1].startswith("         counterexample: n = ") and ", p = [" in lines[1] and ", q = [" in lines[1]
    assert lines[2].startswith("           left  = ") and lines[3].startswith("           right = ")


@pytest.mark.slow
def test_json_lists_every_claim(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", WRONG, RIGHT, "x = "]) == 2
    verdicts = json.loads(capsys.readouterr().out)
    assert [v["verdict"] for v in verdicts] == ["refuted", "proved", "error"]
    for verdict in verdicts:
        assert set(verdict) == {"claim", "verdict", "method", "counterexample", "message", "searched"}
    wrong, right, error = verdicts
    assert wrong["claim"] == WRONG and {"n", "variables", "left", "right"} <= set(wrong["counterexample"])
    assert right["counterexample"] is None and error["counterexample"] is None
    assert error["message"] == "column 5: an expression is missing after '='" and error["searched"] is None
    assert wrong["searched"]["random_points"] >= 0
    # a claim proved after the first points is checked at those only: no structured vectors
    assert right["searched"]["random_points"] == FIRST_POINTS and right["searched"]["large_sizes"] == []


@pytest.mark.slow
def test_a_file_of_claims_with_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_text(f"# from seed 000\n{RIGHT}   # right\n\n  KL(p, q) >= 0\n")
    assert main(["check", "--json", "--file", str(claims)]) == 0
    verdicts = json.loads(capsys.readouterr().out)
    assert [v["claim"] for v in verdicts] == [RIGHT, "KL(p, q) >= 0"]
    assert all(v["verdict"] in ("proved", "holds") for v in verdicts)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check"], "give a claim to check"),
        (["check", "--file", "/nonexistent/claims.txt"], "cannot read /nonexistent/claims.txt"),
        (["check", "x = x", "--budget", "0"], "--budget must be positive"),
    ],
)
def test_bad_arguments_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_latex_claims(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", "--latex", r"H(p, q) = -\sum_{i=1}^{n} p_i \log q_i", r"\frac{1}{0} = 1"]) == 2
    proved, error = json.loads(capsys.readouterr().out)
    assert proved["verdict"] == "proved" and proved["message"].startswith("read as: H(p, q) = -sum(p[i]*log(q[i]), i);")
    assert error["verdict"] == "error" and "division by zero" in error["message"]


@pytest.mark.slow
def test_the_installed_command_runs_the_check() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "symbolic_info", "check", "--json", "--", "-log(sigmoid(z)) >= 0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (verdict,) = json.loads(result.stdout)
    assert verdict["verdict"] in ("proved", "holds")


def test_the_examples_ship_with_the_package() -> None:
    claims = examples()
    assert len(claims) == 203 and len({e.claim for e in claims}) == 203
    wrong = {e.claim for e in claims if not e.true}
    assert {WRONG, "KL(p, q) = -sum(p[i]*log(p[i]/q[i]), i)", "H(p) <= log(2)"} <= wrong
    assert RIGHT in {e.claim for e in claims if e.true}

"""``docs/device_accuracy.py``, the README's check of another array library or a GPU, run here on the CPU."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "device_accuracy.py"


@pytest.mark.slow  # a fresh interpreter imports the package and the library: a few seconds
@pytest.mark.parametrize("library", ["array_api_strict", "jax"])
def test_the_script_reports_every_function_within_its_bound(library: str) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--library", library], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line.split() for line in done.stdout.splitlines()]
    names = {row[0] for row in rows}
    assert {"entropy", "distillation_kl_grad", "sigmoid_focal_loss", "gaussian_kl_diagonal"} <= names
    assert all(row[-1] == "ulps" and float(row[-2]) <= 64 for row in rows), done.stdout


@pytest.mark.slow
def test_the_script_fails_when_an_error_exceeds_the_bound() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--library", "array_api_strict", "--ulps", "-1"],  # no error is below -1
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1 and "FAIL" in done.stdout, done.stdout + done.stderr

"""The command line: list, derive, verify; exit codes, JSON, atomic output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symbolic_info.cli import main
from symbolic_info.render import output


@pytest.mark.slow
def test_list_shows_every_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "entropy-maximum" in out and "[--n N]" in out


@pytest.mark.slow
def test_derive_explicit_n_writes_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["derive", "entropy-maximum", "--n", "6", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "entropy-maximum-n6.tex").read_text()
    assert r"\lambda = 1 - \log 6" in text and r"p_{k} = \frac{1}{6}" in text
    err = capsys.readouterr().err
    assert "entropy-maximum (n=6)" in err and "symbolic" in err and " s " in err


@pytest.mark.slow
def test_derive_markdown(tmp_path: Path) -> None:
    assert main(["derive", "binary-entropy", "--format", "markdown", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "binary-entropy.md").read_text()
    assert text.count("$$") % 2 == 0 and "\\begin{aligned}" in text and "[symbolic]" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["derive", "no-such-id"], "no derivation 'no-such-id'"),
        (["derive", "entropy-maximum", "--n", "1"], "n must be an integer >= 2"),
        (["derive", "binary-entropy", "--n", "3"], "does not take --n"),
        (["derive"], "give one derivation id, --all, or --file FILE.py"),
        (["derive", "--all", "--n", "3"], "--n applies to one derivation"),
        (["derive", "binary-entropy", "--budget", "0"], "symbolic-info: error: --budget must be positive"),
        (["verify", "nope"], "no derivation 'nope'"),
        (["derive", "binary-entropy", "--format", "pdfx"], "invalid choice"),
        (["derive", "entropy-maximum", "--n", "three"], "invalid int value"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main(argv))
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_verify_json_reports_every_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "binary-entropy", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (derivation,) = report["derivations"]
    assert {"id", "title", "ok", "steps"} <= derivation.keys()
    assert derivation["id"] == "binary-entropy" and derivation["ok"] is True
    verdicts = {step["verdict"] for step in derivation["steps"]}
    assert derivation["steps"] and verdicts <= {"symbolic", "certified", "numeric"}


@pytest.mark.slow
def test_a_failed_write_leaves_previous_files_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "entropy-maximum-n3.tex").write_text("previous\n")
    calls = {"count": 0}
    real_replace = os.replace  # the module output writes with

    def failing_replace(source: str, target: str) -> None:
        calls["count"] += 1
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    code = main(["derive", "entropy-maximum", "--n", "3", "--out", str(tmp_path)])
    monkeypatch.setattr(os, "replace", real_replace)
    assert code == 2 and calls["count"] == 1  # output that cannot be written: exit 2
    assert (tmp_path / "entropy-maximum-n3.tex").read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entropy-maximum-n3.tex"]  # no temporary files left


@pytest.mark.slow  # a new interpreter; test_claims_cli runs the entry point in the fast set too
def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "symbolic_info", "derive", "nope"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "no derivation 'nope'" in result.stderr


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    import stat

    umask = os.umask(0o022)
    try:
        output.write_atomically(tmp_path, {"a.tex": "x\n", "b.pdf": b"%PDF"})
    finally:
        os.umask(umask)
    for name in ("a.tex", "b.pdf"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644

"""Hostile files and streams: what ``--file``, ``--budget``, ``--out`` and the standard streams are given.

``check --file`` reads regular files only (a FIFO, ``/dev/stdin`` from a pipe or ``/dev/zero`` would
block or never end), at most 1 MB, UTF-8 with an optional BOM, lines split at ``\\n`` only. Budgets
are positive, finite and at most a day. Output that cannot be written is exit 2 with one line; a
reader that goes away ends every subcommand quietly (141); a broken stderr does not stop ``derive``.
A failure while the files are staged leaves the previous files, and nothing else.

The tests that start a new interpreter are marked slow (about a second each, or more).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from symbolic_info.cli import EXIT_BROKEN_PIPE, EXIT_OK, EXIT_USAGE, main
from symbolic_info.cli import derive as derive_command
from symbolic_info.cli.check import MAX_FILE_BYTES, claims_in_file, read_claim_file
from symbolic_info.engine.bounded import run_bounded
from symbolic_info.errors import InvalidArgumentError, OutputError
from symbolic_info.render import output
from symbolic_info.render.output import STAGING_PREFIX, write_atomically

_TIMEOUT = 120  # seconds any one command may take here; a hang fails the test instead of stopping the run


def _command(
    *arguments: str, stdin: int | None = subprocess.DEVNULL, pass_fds: tuple[int, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "symbolic_info", *arguments],
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
        pass_fds=pass_fds,
    )


def _one_error_line(result: subprocess.CompletedProcess[str], shown: str) -> None:
    """Exit 2 with exactly one line on stderr that contains ``shown``, and no traceback."""
    assert result.returncode == EXIT_USAGE, (result.returncode, result.stderr)
    assert result.stderr.count("\n") == 1 and shown in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def _left_behind(folder: Path) -> list[str]:
    """Temporary files or staging directories anywhere under ``folder``."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.name.startswith(STAGING_PREFIX) or path.name.endswith(".tmp")
    )


# -- check --file: only regular files, bounded reads ---------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "claims.fifo"
    os.mkfifo(path)
    yield path


def test_a_fifo_is_refused_without_blocking(fifo: Path) -> None:
    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(read_claim_file, str(fifo))
        try:
            with pytest.raises(InvalidArgumentError, match=r"it is a pipe \(FIFO\); --file reads regular files only"):
                reading.result(timeout=10)
        finally:
            if not reading.done():  # a regression that blocks: give it a writer, so the thread ends
                with open(fifo, "w"):
                    pass


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentError, match="it is a directory"):
        claims_in_file(str(tmp_path))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentError, match=r"cannot read .*nothing-here\.txt: No such file or directory"):
        claims_in_file(str(tmp_path / "nothing-here.txt"))


def test_a_file_over_1_mb_is_refused_and_one_of_1_mb_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x = x\n" * 400_000)  # 2.4 MB
    with pytest.raises(InvalidArgumentError, match=r"larger than 1 MB"):
        claims_in_file(str(big))
    exactly = tmp_path / "exactly.txt"
    exactly.write_bytes(b"x = x\n" + b"#" * (MAX_FILE_BYTES - 7) + b"\n")
    assert exactly.stat().st_size == MAX_FILE_BYTES
    assert claims_in_file(str(exactly)) == ["x = x"]
    exactly.write_bytes(exactly.read_bytes() + b"\n")
    with pytest.raises(InvalidArgumentError, match=r"larger than 1 MB"):
        claims_in_file(str(exactly))


def test_a_bom_is_skipped_and_lines_end_at_newline_only(tmp_path: Path) -> None:
    path = tmp_path / "claims.txt"
    path.write_bytes("\ufeffx = x  # first\r\n\r\n#only a comment\nlog(x) <= x - 1\u2028 where x > 0\n".encode())
    claims = claims_in_file(str(path))
    assert claims == ["x = x", "log(x) <= x - 1\u2028 where x > 0"]  # U+2028 does not split a claim
    for separator in ("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"):
        path.write_text(f"x = x{separator}+ 0\ny = y\n", encoding="utf-8")
        assert claims_in_file(str(path)) == [f"x = x{separator}+ 0".strip(), "y = y"], repr(separator)


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("x = x  # café\n".encode("latin-1"))
    with pytest.raises(InvalidArgumentError, match=r"not UTF-8 text \(byte 13\)"):
        claims_in_file(str(path))


def test_a_claim_with_a_unicode_line_break_is_an_error_not_two_claims(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "claims.txt"
    path.write_text("x = x\u2028y = y\n", encoding="utf-8")
    assert main(["check", "--jobs", "1", "--file", str(path)]) == EXIT_USAGE
    out = capsys.readouterr().out
    assert out.startswith("error") and "U+2028 is not allowed" in out


@pytest.mark.slow  # new interpreters, about a second each
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_devices_fifos_and_pipes_are_refused_at_once(fifo: Path) -> None:
    _one_error_line(_command("check", "--file", "/dev/zero"), "/dev/zero: it is a character device")
    _one_error_line(_command("check", "--file", str(fifo)), "it is a pipe (FIFO)")
    reading, writing = os.pipe()
    try:  # /dev/stdin that is a pipe nobody writes to, and a <(yes)-like /dev/fd/N
        _one_error_line(_command("check", "--file", "/dev/stdin", stdin=reading), "it is a pipe (FIFO)")
        _one_error_line(_command("check", "--file", f"/dev/fd/{reading}", pass_fds=(reading,)), "it is a pipe (FIFO)")
    finally:
        os.close(reading)
        os.close(writing)


@pytest.mark.slow  # a new interpreter
def test_dev_stdin_redirected_from_a_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "claims.txt"
    path.write_text("x = x\n", encoding="utf-8")
    with open(path, "rb") as stream:
        result = _command("check", "--jobs", "1", "--file", "/dev/stdin", stdin=stream.fileno())
    assert result.returncode == EXIT_OK and result.stdout.startswith("proved   x = x"), result.stderr


# -- budgets -----------------------------------------------------------------------------------------------

_BAD_BUDGETS = [
    ("inf", "must be a finite number of seconds"),
    ("-inf", "must be a finite number of seconds"),
    ("nan", "must be a finite number of seconds"),
    ("1e300", "must be at most 86400 seconds (a day)"),
    ("86400.5", "must be at most 86400 seconds (a day)"),
    ("-1", "must be positive"),
    ("0", "must be positive"),
    ("five", "must be a number of seconds"),
]


@pytest.mark.parametrize("command", [["check", "x = x"], ["derive", "binary-entropy"], ["verify", "binary-entropy"]])
@pytest.mark.parametrize(("budget", "shown"), _BAD_BUDGETS)
def test_bad_budgets_exit_2_with_a_message(
    command: list[str], budget: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, f"--budget={budget}"]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert f"symbolic-info: error: --budget {shown}, got '{budget}'\n" in error and "Traceback" not in error


@pytest.mark.parametrize("budget", [float("inf"), float("nan"), -1.0, 0.0, "5", None, True])
def test_run_bounded_refuses_a_budget_that_is_not_a_positive_finite_number(budget: object) -> None:
    with pytest.raises(InvalidArgumentError, match="time budget"):
        run_bounded(lambda: 1, budget)  # type: ignore[arg-type]


def test_run_bounded_accepts_a_long_budget_without_overflow() -> None:
    assert run_bounded(lambda: 6 * 7, 1e300) == ("ok", 42)


# -- output that cannot be written ---------------------------------------------------------------------------


def test_out_naming_a_file_is_refused_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "not-a-directory"
    target.write_text("mine\n")
    assert main(["derive", "binary-entropy", "--out", str(target)]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert error == f"symbolic-info: error: --out {target}: it is a file, not a directory\n"
    assert target.read_text() == "mine\n"


@pytest.mark.slow
def test_out_below_a_file_is_a_one_line_error_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("mine\n")
    assert main(["derive", "entropy-maximum", "--n", "3", "--out", str(tmp_path / "file" / "sub")]) == EXIT_USAGE
    assert "is a file, not a directory" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["file"]


def test_a_failed_write_removes_the_directories_it_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "write_bytes", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomically(tmp_path / "new" / "deeper", {"a.tex": "x\n"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_full_disk_while_writing_the_figures_leaves_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The figures are staged with the .tex files: a figure that cannot be written leaves the old .tex too."""
    (tmp_path / "figures").mkdir()
    (tmp_path / "binary-entropy.md").write_text("old\n")
    (tmp_path / "figures" / "binary-entropy-curve.svg").write_text("old\n")
    drawn = {"binary-entropy-curve.svg": b"<svg/>"}
    monkeypatch.setattr(derive_command, "draw_figures", lambda figures, file_format: drawn)
    real_write = output.write_bytes

    def full_on_figures(path: Path, data: bytes) -> None:
        if path.suffix == ".svg":
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(output, "write_bytes", full_on_figures)
    arguments = ["derive", "binary-entropy", "--format", "markdown", "--out", str(tmp_path)]
    assert main(arguments) == EXIT_USAGE
    assert "could not write to" in capsys.readouterr().err
    assert (tmp_path / "binary-entropy.md").read_text() == "old\n"
    assert (tmp_path / "figures" / "binary-entropy-curve.svg").read_text() == "old\n"
    assert _left_behind(tmp_path) == []


def test_a_move_that_fails_undoes_the_moves_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.tex").write_text("old a\n")
    (tmp_path / "c.tex").write_text("old c\n")
    real_replace = os.replace
    calls = {"count": 0}

    def third_fails(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        calls["count"] += 1
        if calls["count"] == 3:
            raise OSError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", third_fails)
    with pytest.raises(OutputError, match="Permission denied"):
        write_atomically(tmp_path, {"a.tex": "new a\n", "b.tex": "new b\n", "c.tex": "new c\n"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.tex", "c.tex"]
    assert (tmp_path / "a.tex").read_text() == "old a\n" and (tmp_path / "c.tex").read_text() == "old c\n"


def test_a_target_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.tex").mkdir()
    with pytest.raises(OutputError, match="it is a directory"):
        write_atomically(tmp_path, {"a.tex": "x\n"})
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.tex"]


def test_an_interrupt_while_staging_leaves_the_old_files_and_no_temporaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.tex").write_text("old\n")
    real_write = output.write_bytes
    written = {"count": 0}

    def interrupted(path: Path, data: bytes) -> None:
        written["count"] += 1
        if written["count"] == 2:
            os.kill(os.getpid(), signal.SIGINT)  # ^C in the middle of staging
        real_write(path, data)

    monkeypatch.setattr(output, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path, {"a.tex": "new\n", "b.tex": "new\n", "c.tex": "new\n"})
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.tex"]
    assert (tmp_path / "a.tex").read_text() == "old\n"


def test_an_interrupt_while_moving_is_delivered_after_the_last_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.tex").write_text("old\n")
    real_replace = os.replace
    moved = {"count": 0}

    def interrupted(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        moved["count"] += 1
        if moved["count"] == 1:
            os.kill(os.getpid(), signal.SIGINT)  # ^C between two moves
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path, {"a.tex": "new\n", "b.tex": "new\n", "c.tex": "new\n"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert moved["count"] == 3
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == {
        n: "new\n" for n in ("a.tex", "b.tex", "c.tex")
    }


@pytest.mark.slow  # new interpreters
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "arguments", [["verify", "--json", "binary-entropy"], ["list"], ["check", "--jobs", "1", "x = x"], ["--help"]]
)
def test_standard_output_on_a_full_disk_is_exit_2_with_one_line(arguments: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "symbolic_info", *arguments],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
    assert result.returncode == EXIT_USAGE
    assert result.stderr.endswith("symbolic-info: error: cannot write the output: No space left on device\n")
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # a new interpreter
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_stderr_does_not_stop_derive(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "symbolic_info", "derive", "entropy-maximum", "--n", "3", "--out", str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=full,
            timeout=_TIMEOUT,
            check=False,
        )
    assert result.returncode == EXIT_OK
    assert r"p_{k} = \frac{1}{3}" in (tmp_path / "entropy-maximum-n3.tex").read_text()


@pytest.mark.slow  # a new interpreter
def test_a_closed_stderr_pipe_does_not_stop_derive(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "symbolic_info", "derive", "entropy-maximum", "--n", "3", "--out", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    process.stderr.close()  # the reader of the progress messages went away before the first one
    assert process.wait(timeout=_TIMEOUT) == EXIT_OK
    assert (tmp_path / "entropy-maximum-n3.tex").exists()


# -- a reader that goes away: every subcommand ends quietly ---------------------------------------------------


def _closed_after(arguments: list[str], lines: int) -> tuple[int, str]:
    """Run the command, read ``lines`` lines of its output, close the pipe (as ``| head`` does); exit code, stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "symbolic_info", *arguments],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        for _ in range(lines):
            assert process.stdout.readline()
        process.stdout.close()
        error = process.stderr.read().decode()
        return process.wait(timeout=_TIMEOUT), error
    finally:
        process.kill()
        process.wait(timeout=_TIMEOUT)


@pytest.mark.slow  # new interpreters; bench runs its quickest suite once
@pytest.mark.parametrize(
    ("arguments", "lines"),
    [
        (["list"], 0),
        (["--help"], 0),
        (["check", "--help"], 0),
        (["verify", "--json", "binary-entropy"], 0),
        (["check", "--jobs", "1", "x = x", "x + 1 > x", "x**2 >= 0", "exp(x) > 0"], 2),
        (["check", "--json", "--jobs", "1", "x = x", "x + 1 > x"], 0),
        (["bench", "numeric", "--quick"], 0),
        (["bench", "numeric", "--quick", "--json"], 0),
    ],
)
def test_a_closed_pipe_ends_every_subcommand_quietly(arguments: list[str], lines: int) -> None:
    """``| head``: the reader goes away before (or after a few lines of) the output; exit 141, no message on stderr.

    (``verify`` still shows its progress on stderr, one line per derivation.)
    """
    code, error = _closed_after(arguments, lines)
    assert code == EXIT_BROKEN_PIPE, error
    assert not any(word in error for word in ("symbolic-info:", "Traceback", "Broken pipe", "Exception")), error


@pytest.mark.slow  # a new interpreter
def test_derive_with_a_closed_stdout_writes_its_files(tmp_path: Path) -> None:
    code, _ = _closed_after(["derive", "entropy-maximum", "--n", "3", "--out", str(tmp_path)], 0)
    assert code == EXIT_OK and (tmp_path / "entropy-maximum-n3.tex").exists()

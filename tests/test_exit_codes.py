"""The command line's exit codes, from real processes: 0, 1, 2, 3, a closed pipe, an output error, --debug.

0 success; 1 a claim refuted (or a step failed); 2 a claim unreadable, bad arguments, or output
that cannot be written; 3 an internal error (one line, or the traceback with --debug); 141, in
silence, when the reader of the output goes away (``| head``); 128 + the signal for SIGINT, SIGTERM
and SIGHUP (tests/test_hostile_processes.py sends them to real commands).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from symbolic_info.cli import (
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_HANGUP,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_USAGE,
    handle,
    main,
)
from symbolic_info.errors import InvalidArgumentError


def _run(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "symbolic_info", *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_the_codes_are_the_documented_ones() -> None:
    assert (EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL, EXIT_BROKEN_PIPE) == (0, 1, 2, 3, 141)
    assert (EXIT_INTERRUPTED, EXIT_TERMINATED, EXIT_HANGUP) == (130, 143, 129)


@pytest.mark.slow  # a new interpreter, about a second (as are the other tests marked slow here)
def test_exit_0_when_every_claim_is_proved_or_holds() -> None:
    result = _run("check", "--jobs", "1", "x + x = 2*x", "exp(x) > 0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("proved   x + x = 2*x\n") and "Traceback" not in result.stderr


@pytest.mark.slow
def test_exit_1_when_a_claim_is_refuted() -> None:
    result = _run("check", "x**2 >= 2*x")
    assert result.returncode == 1 and result.stdout.startswith("refuted  x**2 >= 2*x\n")


@pytest.mark.parametrize(
    ("arguments", "shown"),
    [
        (["check", "sum(x) = 1"], "column 1: not supported: sum(x): sum the entries of a vector"),
        pytest.param(["check", "p[i][j] = 1"], "column 5: p[i] is one entry", marks=pytest.mark.slow),
        pytest.param(["check", "--jobs", "0", "x = x"], "--jobs must be at least 1", marks=pytest.mark.slow),
        pytest.param(["check", "--no-such-option"], "unrecognized arguments: --no-such-option", marks=pytest.mark.slow),
        pytest.param(["derive", "no-such-id"], "no derivation 'no-such-id'", marks=pytest.mark.slow),
    ],
)
def test_exit_2_for_an_unreadable_claim_or_bad_arguments(arguments: list[str], shown: str) -> None:
    result = _run(*arguments)
    assert result.returncode == 2
    assert shown in result.stdout + result.stderr and "Traceback" not in result.stdout + result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("arguments", [["list"], pytest.param(["check", "--json", "x = x"], marks=pytest.mark.slow)])
def test_exit_2_with_one_line_when_standard_output_cannot_be_written(arguments: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "symbolic_info", *arguments],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr == "symbolic-info: error: cannot write the output: No space left on device\n"


def _closed_early(arguments: list[str], lines: int) -> tuple[int, str]:
    """Run the command, read ``lines`` lines of its output, close the pipe (as ``| head`` does); exit code, stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "symbolic_info", *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    for _ in range(lines):
        assert process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read().decode()
    return process.wait(timeout=120), error


@pytest.mark.slow
def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_text("".join(f"x + {k} > x\n" for k in range(1, 41)))
    code, error = _closed_early(["check", "--jobs", "2", "--file", str(claims)], lines=2)
    assert (code, error) == (EXIT_BROKEN_PIPE, "")


@pytest.mark.slow
def test_a_pipe_closed_before_any_output_ends_the_command_quietly() -> None:
    code, error = _closed_early(["check", "--jobs", "1", "x = x", "x + 1 > x", "x**2 >= 0"], lines=0)
    assert (code, error) == (EXIT_BROKEN_PIPE, "")


def test_exit_3_with_one_line_for_an_internal_error(capsys: pytest.CaptureFixture[str]) -> None:
    def failing() -> int:
        raise RuntimeError("a bug in a command")

    assert handle(failing) == 3
    assert capsys.readouterr().err == (
        "symbolic-info: internal error: RuntimeError: a bug in a command (run with --debug for the traceback)\n"
    )
    assert handle(failing, debug=True) == 3
    error = capsys.readouterr().err
    assert error.startswith("Traceback (most recent call last):") and error.endswith(
        "RuntimeError: a bug in a command\n"
    )


def test_the_handler_keeps_the_other_codes(capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted() -> int:
        raise KeyboardInterrupt

    def bad_argument() -> int:
        raise InvalidArgumentError("--n must be >= 2")

    assert [handle(lambda: 0), handle(lambda: 1), handle(bad_argument), handle(interrupted)] == [0, 1, 2, 130]
    assert capsys.readouterr().err == "symbolic-info: error: --n must be >= 2\nsymbolic-info: interrupted\n"


_FAILING_COMMAND = """
    import sys
    from symbolic_info.cli import handle

    def command() -> int:
        print("some output first")
        return {}["missing"]

    sys.exit(handle(command, debug="--debug" in sys.argv))
"""


@pytest.mark.parametrize("debug", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_an_internal_error_in_a_real_process(debug: bool) -> None:
    code = textwrap.dedent(_FAILING_COMMAND)
    result = subprocess.run(
        [sys.executable, "-c", code, *(["--debug"] if debug else [])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 3 and result.stdout == "some output first\n"
    if debug:
        assert result.stderr.startswith("Traceback (most recent call last):") and "KeyError: 'missing'" in result.stderr
    else:
        assert result.stderr == (
            "symbolic-info: internal error: KeyError: 'missing' (run with --debug for the traceback)\n"
        )


_BROKEN_CHECKER = """
    import sys
    from symbolic_info.claims import checker

    def broken(parsed):
        raise RuntimeError("a bug in the renderer")

    checker.render_claim = broken  # a bug, injected: nothing a user can type triggers one on purpose
    from symbolic_info.cli import main

    sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("debug", [False, True])
def test_check_exits_3_when_a_claim_hits_an_internal_error(debug: bool) -> None:
    arguments = [*(["--debug"] if debug else []), "check", "--jobs", "1", "x = x", "x = 2*x"]
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_BROKEN_CHECKER), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 3
    assert result.stdout.startswith("error    x = x\n         internal error (a fault of symbolic-info")
    assert ("Traceback (most recent call last):" in result.stderr) is debug
    assert ("RuntimeError: a bug in the renderer" in result.stderr) is debug


@pytest.mark.slow
def test_debug_is_a_global_option() -> None:
    result = _run("--debug", "check", "x = x")
    assert result.returncode == 0 and result.stdout.startswith("proved   x = x") and result.stderr == ""
    assert main(["--debug", "list"]) == 0


def test_the_exit_codes_in_the_readme_are_these() -> None:
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").split())
    assert "2 one could not be read, 3 one hit an internal error" in readme
    assert "3 an internal error (a one-line message; `--debug` prints the traceback), 141 when the reader" in readme
    assert "stopped it: 130 for ^C (SIGINT), 143 for SIGTERM, 129 for SIGHUP" in readme

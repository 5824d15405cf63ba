"""Hostile processes: signals, orphans, worker pools, interrupted writes, and a machine under load.

- A ``SIGTERM``, ``SIGHUP`` or ``^C`` to ``check`` or ``verify`` ends it in order (exit 128 + the
  signal) and leaves no process of its session behind; a ``SIGKILL`` leaves none either (the
  children of :func:`~symbolic_info.engine.bounded.run_bounded` die with their parent).
- ``check`` and ``Derivation.verify`` work inside ``multiprocessing.Pool`` workers (daemonic, so
  they may not fork through :mod:`multiprocessing`), within their time budgets.
- ``derive --all`` interrupted at several moments leaves its output all old or all new, and no
  temporary file or directory.
- No step's verdict depends on the machine's load: every step's symbolic proof takes at most a
  fifth of the budget.

Real processes and signals, each bounded in time; every process a test starts is in a session of
its own, and is killed (with whatever it started) when the test ends, passed or failed.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

import symbolic_info
from symbolic_info import catalogue
from symbolic_info.cli import EXIT_HANGUP, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, handle, orderly_signals
from symbolic_info.engine.bounded import run_bounded
from symbolic_info.engine.obligations import prove_all
from symbolic_info.engine.verification import DEFAULT_BUDGET, StepVerdict, obligations
from symbolic_info.render.figures import FIGURE_FOLDER, FIGURES
from symbolic_info.render.latex import BOOK_NAME
from symbolic_info.render.output import STAGING_PREFIX
from symbolic_info.render.pdf import find_engine
from symbolic_info.render.readme import BEGIN, END

from .conftest import VerifiedLookup

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")

_TIMEOUT = 120  # seconds: the longest any one command may run here
_GONE = 5.0  # seconds within which every process of a session must be gone after the command ended
#: A claim that keeps a checker busy for seconds (no proof, a long search); a file of them keeps it busy longer.
_SLOW_CLAIM = "sum(sqrt(p[i]), i) <= sqrt(n) + 0*{}"  # true, and no proof: a few seconds of search and proof attempts
#: A claim whose proof attempt runs away: SymPy does not give up within the 5 s proof budget.
_RUNAWAY_PROOF = "sum(p[i]*exp(r[i])*sigmoid(p[i]-q[i])*log(1+q[i]), i) <= 1000"


# -- processes and sessions ------------------------------------------------------------------------------------


def _session(session: int) -> list[int]:
    """The live processes (not zombies) of ``session``, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry))
    return found


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@contextmanager
def _command(arguments: Sequence[str], **options: Any) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m symbolic_info ARGUMENTS`` in a new session, its pipes captured; afterwards, nothing of it remains."""
    process = subprocess.Popen(
        [sys.executable, *(options.pop("interpreter_arguments", None) or ["-m", "symbolic_info"]), *arguments],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **options,
    )
    try:
        yield process
    finally:
        for pid in _session(process.pid):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.kill()
        process.communicate(timeout=_TIMEOUT)


def _busy(process: subprocess.Popen[bytes], at_least: int) -> None:
    """Wait until the command's session has ``at_least`` processes (it is working in its children)."""
    assert _wait_until(lambda: len(_session(process.pid)) >= at_least, _TIMEOUT), "the command never got busy"
    assert process.poll() is None, "the command ended before the signal"


def _end_and_check(process: subprocess.Popen[bytes], signum: int, expected: int) -> None:
    """Send ``signum``; the command must exit with ``expected`` (its pipes closed), and its session be empty."""
    process.send_signal(signum)
    started = time.monotonic()
    _, error = process.communicate(timeout=30)  # hangs (here: fails) while an orphan holds the pipes
    assert process.returncode == expected, error.decode()
    assert time.monotonic() - started < 20
    assert b"Traceback" not in error
    assert _wait_until(lambda: not _session(process.pid), _GONE), f"left behind: {_session(process.pid)}"


@pytest.fixture
def slow_claims(tmp_path: Path) -> Path:
    path = tmp_path / "slow.txt"
    path.write_text("".join(_SLOW_CLAIM.format(k) + "\n" for k in range(1, 21)), encoding="utf-8")
    return path


# -- signals to the commands: an orderly exit, and no orphan -----------------------------------------------------


@pytest.mark.slow  # a command that is busy for seconds, then stopped
@pytest.mark.parametrize(
    ("signum", "expected"),
    [(signal.SIGTERM, EXIT_TERMINATED), (signal.SIGINT, EXIT_INTERRUPTED), (signal.SIGHUP, EXIT_HANGUP)],
)
def test_a_signal_to_check_with_workers_leaves_no_process(slow_claims: Path, signum: int, expected: int) -> None:
    with _command(["check", "--jobs", "2", "--file", str(slow_claims)]) as process:
        _busy(process, at_least=4)  # the command, two workers, and a child of at least one of them
        _end_and_check(process, signum, expected)


@pytest.mark.slow
def test_sigterm_to_every_process_of_check_is_quiet(slow_claims: Path) -> None:
    """As a service manager stops a command: SIGTERM to each of its processes, workers included; no traceback."""
    with _command(["check", "--jobs", "2", "--file", str(slow_claims)]) as process:
        _busy(process, at_least=4)
        for pid in sorted(_session(process.pid), reverse=True):  # the children first, the command last
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        _, error = process.communicate(timeout=30)
        assert process.returncode == EXIT_TERMINATED, error.decode()
        assert error.decode() == "symbolic-info: terminated by SIGTERM\n"
        assert _wait_until(lambda: not _session(process.pid), _GONE), f"left behind: {_session(process.pid)}"


@pytest.mark.slow
def test_sigterm_during_a_runaway_proof_leaves_no_process() -> None:
    """The signal comes while a child has worked for 2 s: the search and the first proof stage share one child
    (the search takes well under a second on an idle machine, the proof runs to its 5 s of CPU time), so it
    comes during the runaway proof, or, on a loaded machine, during the search; either way it must stop both."""
    with _command(["check", "--jobs", "1", "--budget", "100", _RUNAWAY_PROOF]) as process:
        first_seen: dict[int, float] = {}

        def working_for_two_seconds() -> bool:
            alive = [pid for pid in _session(process.pid) if pid != process.pid]
            now = time.monotonic()
            for pid in alive:
                first_seen.setdefault(pid, now)
            return any(now - first_seen[pid] >= 2.0 for pid in alive)

        assert _wait_until(working_for_two_seconds, _TIMEOUT), "no child worked for 2 s"
        assert process.poll() is None, "the command ended before the signal"
        _end_and_check(process, signal.SIGTERM, EXIT_TERMINATED)


@pytest.mark.slow
def test_sigterm_to_check_in_one_process_leaves_no_process(slow_claims: Path) -> None:
    with _command(["check", "--jobs", "1", "--file", str(slow_claims)]) as process:
        _busy(process, at_least=2)  # the command and the child of run_bounded
        _end_and_check(process, signal.SIGTERM, EXIT_TERMINATED)


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "expected"), [(signal.SIGTERM, EXIT_TERMINATED), (signal.SIGHUP, EXIT_HANGUP)])
def test_a_signal_to_verify_leaves_no_process(signum: int, expected: int) -> None:
    with _command(["verify", "--json"]) as process:
        _busy(process, at_least=2)
        _end_and_check(process, signum, expected)


@pytest.mark.slow
def test_sigkill_to_verify_takes_its_child_along() -> None:
    """Nothing can catch SIGKILL: the child of run_bounded is killed by the kernel when its parent dies."""
    with _command(["verify", "--json"]) as process:
        _busy(process, at_least=2)
        _end_and_check(process, signal.SIGKILL, -signal.SIGKILL)


def test_sigterm_in_the_command_line_is_an_orderly_exit(capsys: pytest.CaptureFixture[str]) -> None:
    def terminated() -> int:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(10)  # interrupted by the handler at once
        return 0

    previous = signal.getsignal(signal.SIGTERM)
    with orderly_signals():
        started = time.monotonic()
        assert handle(terminated) == EXIT_TERMINATED
        assert time.monotonic() - started < 5
    assert signal.getsignal(signal.SIGTERM) is previous
    assert capsys.readouterr().err == "symbolic-info: terminated by SIGTERM\n"


# -- run_bounded: children die with their parent; pools ---------------------------------------------------------

_ORPHAN_CHECK = """
import os, sys, time
from symbolic_info.engine.bounded import run_bounded

def spin() -> None:
    print(os.getpid(), flush=True)  # the child's pid, for the test
    while True:
        pass

run_bounded(spin, 600)
"""


@pytest.mark.slow  # a new interpreter
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_the_child_of_run_bounded_dies_with_its_parent(signum: int) -> None:
    """A program with no handler of its own, killed while run_bounded's child spins: the child goes too."""
    with _command([], interpreter_arguments=["-c", _ORPHAN_CHECK]) as process:
        assert process.stdout is not None
        child = int(process.stdout.readline())
        assert sorted(_session(process.pid)) == sorted([process.pid, child])
        _end_and_check(process, signum, -signum)


def _spin() -> None:
    while True:
        pass


def _bounded_spin(seconds: float) -> tuple[Any, float, bool]:
    """In a pool worker: run_bounded on a runaway computation; its outcome, the time it took, whether daemonic."""
    started = time.monotonic()
    outcome = run_bounded(_spin, seconds)
    return outcome, time.monotonic() - started, multiprocessing.current_process().daemon


def _bounded_spin_in_a_thread(seconds: float) -> tuple[Any, float, bool]:
    """The same, from a thread of the pool worker (where no signal handler can run)."""
    with ThreadPoolExecutor(1) as threads:
        return threads.submit(_bounded_spin, seconds).result(timeout=_TIMEOUT)


def _verify_counts(derivation_id: str) -> dict[str, int]:
    return symbolic_info.derivation(derivation_id).verify().counts()


@pytest.fixture
def pool() -> Iterator[Any]:
    """A ``multiprocessing`` pool of 2 forked (daemonic) workers, terminated afterwards."""
    workers = multiprocessing.get_context("fork").Pool(2)
    try:
        yield workers
    finally:
        workers.terminate()
        workers.join()


@pytest.mark.slow  # checks two claims in a pool
def test_check_in_a_multiprocessing_pool(pool: Any) -> None:
    verdicts = pool.map_async(symbolic_info.check, ["x = x", "x = x + 1"]).get(timeout=_TIMEOUT)
    assert [verdict.verdict for verdict in verdicts] == ["proved", "refuted"], [v.message for v in verdicts]


@pytest.mark.slow  # verifies a derivation in a pool worker
def test_verify_in_a_multiprocessing_pool_worker(pool: Any) -> None:
    (counts,) = pool.map_async(_verify_counts, ["binary-entropy"]).get(timeout=_TIMEOUT)
    assert counts == {"symbolic": 8, "certified": 0, "numeric": 0, "failed": 0}


@pytest.mark.slow
def test_run_bounded_keeps_its_budget_in_a_pool_worker(pool: Any) -> None:
    for worker in (_bounded_spin, _bounded_spin_in_a_thread):
        outcomes = pool.map_async(worker, [0.3, 0.5]).get(timeout=30)
        for (outcome, seconds, daemonic), budget in zip(outcomes, [0.3, 0.5], strict=True):
            assert outcome == ("timeout", None) and daemonic
            assert budget <= seconds < budget + 2.0, (worker.__name__, seconds)


@pytest.mark.slow
def test_an_inline_budget_restores_the_handler_and_nests(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a daemonic process (simulated here), the budget runs inline in the main thread."""
    monkeypatch.setattr("symbolic_info.engine.bounded.in_daemon_process", lambda: True)
    previous = signal.getsignal(signal.SIGVTALRM)
    started = time.monotonic()
    assert run_bounded(_spin, 0.2) == ("timeout", None)
    assert run_bounded(lambda: run_bounded(_spin, 10), 0.3) == ("timeout", None)  # the outer budget runs out first
    assert run_bounded(lambda: run_bounded(_spin, 0.2), 10) == ("ok", ("timeout", None))
    assert run_bounded(lambda: 1 // 0, 10)[0] == "error"
    assert run_bounded(lambda: 6 * 7, 10) == ("ok", 42)
    assert time.monotonic() - started < 5
    assert signal.getsignal(signal.SIGVTALRM) is previous


# -- derive --all interrupted: all old or all new, nothing else --------------------------------------------------

_DERIVE_DRIVER = """
import sys
from symbolic_info.cli import derive, main
from symbolic_info.engine.derivation import VerifiedDerivation
from symbolic_info.engine.verification import StepResult, StepVerdict


def verified_at_once(derivation, budget):
    # every step as proved: the test is about the writing, not the proofs (which take half a minute)
    steps = tuple(tuple(StepResult(StepVerdict.SYMBOLIC, "direct", 0.0) for _ in c.steps) for c in derivation.chains)
    return VerifiedDerivation(derivation, steps, 0.0)


derive.verify = verified_at_once
sys.exit(main(sys.argv[1:]))
"""
_OLD_README = f"intro\n{BEGIN}\nold counts\n{END}\nrest\n"


def _expected_files(with_pdf: bool) -> list[str]:
    names = [f"derivations/{derivation_id}.tex" for derivation_id in catalogue.ids()]
    names += [f"derivations/{BOOK_NAME}", "README.md"]
    names += [f"derivations/{FIGURE_FOLDER}/{figure.name}.pdf" for figure in FIGURES]
    return sorted(names + (["derivations/book.pdf"] if with_pdf else []))


def _old_output(root: Path, names: list[str]) -> dict[str, bytes]:
    contents = {}
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        contents[name] = _OLD_README.encode() if name == "README.md" else f"old {name}\n".encode()
        path.write_bytes(contents[name])
    return contents


def _everything(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def _rest(lines: queue.Queue[bytes]) -> str:
    """The last lines still in ``lines`` (an internal error's traceback, with ``--debug``)."""
    rest = []
    with suppress(queue.Empty):
        while line := lines.get(timeout=5):
            rest.append(line)
    return b"".join(rest[-40:]).decode(errors="replace")


def _lines(stream: Any) -> queue.Queue[bytes]:
    """The lines of ``stream``, read by a thread (so that waiting for one can time out); b"" at the end."""
    lines: queue.Queue[bytes] = queue.Queue()

    def read() -> None:
        for line in iter(stream.readline, b""):
            lines.put(line)
        lines.put(b"")

    threading.Thread(target=read, daemon=True).start()
    return lines


@pytest.mark.slow  # three runs of derive --all (verification skipped, figures and the PDF real), about 15 s each
def test_derive_all_interrupted_leaves_all_old_or_all_new_files(tmp_path: Path) -> None:
    from symbolic_info.render.figures import matplotlib_available

    if not matplotlib_available():
        pytest.skip("matplotlib (the plots extra) is not installed: no figures to write")
    with_pdf = find_engine() is not None
    names = _expected_files(with_pdf)
    driver = tmp_path / "driver.py"
    driver.write_text(_DERIVE_DRIVER, encoding="utf-8")
    last = catalogue.ids()[-1]
    outcomes = []
    # seconds after the last derivation is verified: rendering, drawing figures, compiling, writing, done
    for trial, delay in enumerate([0.0, 6.0, 14.0]):  # before the moves, while rendering, near the end
        root = tmp_path / f"trial-{trial}"
        temporary = tmp_path / f"tmp-{trial}"  # the LaTeX build directory goes here
        temporary.mkdir()
        old = _old_output(root, names)
        signum = (signal.SIGINT, signal.SIGTERM)[trial % 2]
        arguments = ["--debug", "derive", "--all", "--out", str(root / "derivations"), *(["--pdf"] if with_pdf else [])]
        environment = {**os.environ, "TMPDIR": str(temporary)}
        with _command(arguments, interpreter_arguments=[str(driver)], env=environment) as process:
            lines = _lines(process.stderr)
            while not (line := lines.get(timeout=_TIMEOUT)).startswith(last.encode()):
                assert line, "derive ended before verifying the catalogue"
            time.sleep(delay)
            process.send_signal(signum)
            code = process.wait(timeout=_TIMEOUT)
            assert _wait_until(lambda: not _session(process.pid), _GONE), f"left behind: {_session(process.pid)}"
        after = _everything(root)
        assert sorted(after) == names, "files appeared or vanished"
        changed = [name for name in names if after[name] != old[name]]
        assert changed in ([], names), f"trial {trial} ({delay} s): a mix, {len(changed)} of {len(names)} new"
        # 128 + signal: stopped in order; 0: done before the signal; killed by it: done, then stopped while exiting
        assert code in (EXIT_OK, 128 + signum) or (code == -signum and changed), (code, _rest(lines))
        leftovers = [str(path) for path in root.rglob(f"{STAGING_PREFIX}*")] + [str(p) for p in temporary.iterdir()]
        assert leftovers == [], leftovers
        outcomes.append((code, "new" if changed else "old"))
    assert any(state == "old" for _, state in outcomes), outcomes  # at least one interrupt came before the moves


# -- verdicts that do not depend on the machine's load -----------------------------------------------------------


@pytest.mark.slow  # verifies the whole catalogue (shared with the other tests through the `verified` fixture)
def test_every_symbolic_proof_takes_at_most_a_fifth_of_the_budget(verified: VerifiedLookup) -> None:
    """A proof that needs most of the budget is proved on an idle machine and not on a busy one.

    For a step proved symbolically, its ``seconds`` is the proof's CPU time (what the budget counts),
    which must stay under a fifth of the budget. For a step not proved, the proof attempt is run again
    here: it must end by itself (every strategy tried and none proves the step), not by the budget, so
    that no machine, however idle, would find a proof: the verdict is then the same under any load.
    """
    limit = DEFAULT_BUDGET / 5
    times: list[tuple[float, str]] = []
    timed_out: list[str] = []
    for derivation_id in catalogue.ids():
        report = verified(derivation_id)
        derivation = report.derivation
        for index, (chain, results) in enumerate(zip(derivation.chains, report.results, strict=True)):
            domain = derivation.domain_of(chain)
            for (previous, step), result in zip(chain.links(), results, strict=True):
                where = f"{derivation_id}, chain {index}: {step.because} [{result.verdict.value}: {result.method}]"
                if result.verdict is StepVerdict.SYMBOLIC:
                    times.append((result.seconds, where))
                    continue
                items, facts, forms = obligations(previous, step), domain.facts(), domain.positive_forms()
                status, proof = run_bounded(lambda: prove_all(items, facts, forms), DEFAULT_BUDGET)  # noqa: B023
                if (status, proof) != ("ok", None):
                    timed_out.append(f"{where}: {status} {proof}")
    assert not timed_out, "proof attempts that did not end by themselves within the budget:\n" + "\n".join(timed_out)
    too_slow = [f"{seconds:6.2f} s  {where}" for seconds, where in sorted(times, reverse=True) if seconds > limit]
    assert not too_slow, f"proofs that take more than {limit:g} s of the {DEFAULT_BUDGET:g} s budget:\n" + "\n".join(
        too_slow
    )

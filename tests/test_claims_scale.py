"""Many claims at once: worker processes, any executor (dask.distributed too), order kept, a progress bar.

The verdicts of a batch are those of :func:`check` one by one, in the claims' order, whatever
runs them; the workers (and the children of their claims) never outlive the batch.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import pty
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from symbolic_info.claims import check, check_each, check_many
from symbolic_info.cli import main
from symbolic_info.cli.check import Progress
from symbolic_info.errors import InvalidArgumentError

from .conftest import require

CLAIMS = [
    "KL(p, q) = H(p, q) - H(p)",
    "H(p, q) = -sum(p[i]*q[i], i)",
    "sum(x) = 1",
    "log(x) <= x - 1 where x > 0",
    "x = ",
    "sigmoid(-z) = 1 - sigmoid(z)",
]


@pytest.fixture(scope="module")
def one_by_one() -> list[Any]:
    """The verdicts of :data:`CLAIMS` checked one after another in this process."""
    return [check(claim) for claim in CLAIMS]


@pytest.mark.slow
def test_a_batch_gives_the_verdicts_of_one_by_one_in_order(one_by_one: list[Any]) -> None:
    verdicts = check_many(CLAIMS)
    assert verdicts == one_by_one
    assert [v.verdict for v in verdicts] == ["proved", "refuted", "error", one_by_one[3].verdict, "error", "proved"]
    assert [v.message for v in verdicts] == [v.message for v in one_by_one]


@pytest.mark.slow
def test_a_given_executor_is_used_as_it_is() -> None:
    with ProcessPoolExecutor(2) as pool:
        verdicts = check_many(["x = x", "x = 2*x", "x ="], executor=pool)
        assert [v.verdict for v in verdicts] == ["proved", "refuted", "error"]
        assert pool.submit(sum, [1, 2]).result() == 3  # still open: check_many did not shut it down


class _FailingExecutor(Executor):
    """An executor whose every task fails, as on a worker that died."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(RuntimeError("the worker died"))
        return future


def test_a_failed_worker_gives_an_internal_error_verdict_not_an_exception() -> None:
    verdicts = check_many(["x = x", "x = 2*x"], executor=_FailingExecutor())
    assert [(v.claim, v.verdict, v.internal) for v in verdicts] == [
        ("x = x", "error", True),
        ("x = 2*x", "error", True),
    ]
    assert verdicts[0].message.endswith("the worker failed: RuntimeError: the worker died")


def test_bad_arguments_are_refused() -> None:
    for call in (
        lambda: check_many("x = x"),
        lambda: check_many(["x = x", 1]),  # type: ignore[list-item]
        lambda: check_many(["x = x"], budget=0),
        lambda: list(check_each(["x = x"], jobs=0)),
    ):
        with pytest.raises(InvalidArgumentError):
            call()
    assert check_many([]) == []


def _group_members(groups: set[int]) -> list[str]:
    """The live processes (not zombies) in the process groups ``groups``, read from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[2]) in groups:
                members.append(entry.name)
    return members


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_stopping_a_batch_early_stops_its_workers_and_their_children() -> None:
    slow = "H([x, 1 - x]) <= log(2) where 0 < x < 1"  # about a second or more for each
    checked = check_each(["x = x", slow, slow, slow, slow], jobs=2)
    next(checked)
    workers = {int(name) for name in os.listdir("/proc") if name.isdigit() and _parent(name) == os.getpid()}
    deadline = time.monotonic() + 10
    while len(_group_members(workers)) <= len(workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(_group_members(workers)) > len(workers)  # the workers lead their groups, with their claims' children
    checked.close()
    deadline = time.monotonic() + 10  # SIGKILL is delivered asynchronously: allow the kernel a moment
    while _group_members(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group_members(workers) == []


@pytest.mark.slow
def test_stopping_a_batch_early_leaves_no_failure_in_the_pools_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool's management thread sees its killed workers before the shutdown (as on a loaded machine).

    On Python 3.11 it then marks every claim left as failed; a claim that the caller had
    cancelled makes that thread die with ``InvalidStateError`` and print a traceback.
    """
    failures: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda hook: failures.append(hook.exc_value))
    shutdown = ProcessPoolExecutor.shutdown

    def late_shutdown(pool: ProcessPoolExecutor, wait: bool = True, *, cancel_futures: bool = False) -> None:
        time.sleep(1)  # the management thread has noticed the killed workers by now
        shutdown(pool, wait, cancel_futures=cancel_futures)

    monkeypatch.setattr(ProcessPoolExecutor, "shutdown", late_shutdown)
    checked = check_each(["x = x"] + ["H([x, 1 - x]) <= log(2) where 0 < x < 1"] * 8, jobs=2)
    next(checked)
    checked.close()
    assert failures == []


def _parent(pid: str) -> int:
    try:
        return int((Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return -1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_on_a_terminal_only() -> None:
    terminal, file = _Terminal(), io.StringIO()
    for stream in (terminal, file):
        progress = Progress(1000, stream)
        for _ in range(3):
            progress.advance()
        progress.clear()
    assert file.getvalue() == ""
    drawn = terminal.getvalue()
    assert "\r[" + "." * 30 + "] 1/1000 claims" in drawn and "] 3/1000 claims" in drawn
    assert drawn.endswith("\r\033[K")
    single = _Terminal()
    Progress(1, single).advance()
    assert single.getvalue() == ""  # one claim: no bar


def _check_command(claims: Path, stderr: Any) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "symbolic_info", "check", "--jobs", "2", "--file", str(claims)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr)


@pytest.mark.slow
def test_the_command_shows_a_progress_bar_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_text("".join(f"x + {k} > x\n" for k in range(1, 7)))
    controller, terminal = pty.openpty()
    process = _check_command(claims, terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.stdout is not None
    output = process.stdout.read().decode()
    assert process.wait(timeout=60) == 0
    assert b"\r[" + b"." * 30 + b"] 0/6 claims" in shown and b"] 6/6 claims" in shown
    assert output.count("proved   x + ") == 6 and "\r" not in output
    piped = _check_command(claims, subprocess.PIPE)
    _, error = piped.communicate(timeout=60)
    assert piped.returncode == 0 and error == b"6 proved\n"  # not a terminal: the summary only


@pytest.mark.slow
def test_jobs_give_the_same_output_as_one_job(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_text("\n".join([*CLAIMS[:4], "x**2 >= 2*x", "H(p) <= log(n)"]) + "\n")
    outputs = []
    for jobs in ("1", "2"):
        assert main(["check", "--json", "--jobs", jobs, "--file", str(claims)]) == 2
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1] and len(outputs[0]) == 6


@pytest.mark.slow
def test_a_dask_distributed_cluster_checks_the_claims(one_by_one: list[Any]) -> None:
    require(importlib.util.find_spec("distributed") is not None, "distributed (in the test extra) is not installed")
    import dask
    import distributed as untyped_distributed

    distributed: Any = untyped_distributed  # its functions carry no annotations: use them as Any under mypy --strict
    # check() runs its work in child processes: the workers must not be daemonic (see check_many).
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        verdicts = check_many(CLAIMS, executor=client.get_executor())
        assert verdicts == one_by_one
        assert all(not v.internal for v in verdicts)

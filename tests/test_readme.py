"""The README stays true: its test command is what CI runs, its example is the tool's own output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from scipy import stats

from .conftest import VerifiedLookup

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    """The commands in the README's set-up section (its ```sh blocks, comments dropped)."""
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line and not line.startswith("#")]


def test_the_test_command_is_the_one_ci_runs() -> None:
    commands = _setup_commands()
    assert len(commands) == 2, "two commands do all the set-up"
    (tests,) = [command for command in commands if "pytest" in command]
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_main_job_installs_and_derives_everything() -> None:
    (main_job,) = [command for command in _setup_commands() if "derive --all" in command]
    assert "pip install" in main_job and main_job.endswith("symbolic-info derive --all")


def test_the_example_is_an_excerpt_of_the_rendered_derivation() -> None:
    (example,) = re.findall(r"\$\$\n(.*?)\n\$\$", README, flags=re.S)
    rendered = (ROOT / "derivations" / "markdown" / "entropy-maximum.md").read_text(encoding="utf-8")
    assert example in rendered


def _transcripts() -> list[tuple[list[str], str]]:
    """Each ```console block of the README: the arguments of its ``$ symbolic-info`` command, and what follows."""
    blocks = re.findall(r"```console\n\$ symbolic-info (.*?)\n(.*?)```", README, flags=re.S)
    return [(shlex.split(command), output) for command, output in blocks]


def test_the_readme_has_transcripts() -> None:
    assert len(_transcripts()) >= 2


@pytest.mark.slow  # checks claims
@pytest.mark.parametrize(("arguments", "output"), _transcripts())
def test_each_transcript_is_the_tools_own_output(
    arguments: list[str], output: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from symbolic_info.cli import main

    main(arguments)
    assert capsys.readouterr().out == output


def test_the_claim_languages_table_is_current() -> None:
    from symbolic_info.claims.reference import markdown_table

    assert markdown_table() in README, "paste symbolic_info.claims.reference.markdown_table() into the README"


def test_the_quoted_entropy_is_right() -> None:
    from symbolic_info import numeric

    assert "base=10)  # 0.185899... dits" in README
    value = numeric.entropy([0.9, 0.05, 0.02, 0.03], base=10)
    assert f"{value:.6f}" == "0.185899"
    assert abs(value - stats.entropy([0.9, 0.05, 0.02, 0.03], base=10)) <= 1e-15


@pytest.mark.slow  # verifies the whole catalogue
def test_the_catalogue_figures_quoted_are_the_verified_ones(verified: VerifiedLookup) -> None:
    from symbolic_info import catalogue

    match = re.search(
        r"(\d+) derivations of (\d+) steps: (\d+) proved symbolically, (\d+) certified by interval"
        r"\s+arithmetic and (\d+) only checked numerically",
        README,
    )
    assert match is not None
    reports = [verified(derivation_id) for derivation_id in catalogue.ids()]
    verdicts = ("symbolic", "certified", "numeric", "failed")
    counts = [sum(report.counts()[verdict] for report in reports) for verdict in verdicts]
    steps = sum(len(report.step_results) for report in reports)
    assert [int(group) for group in match.groups()] == [len(reports), steps, *counts[:3]]
    assert counts[2] == counts[3] == 0  # the book: every step symbolic or certified, none only sampled
    # the whole generated block is what `symbolic-info derive --all` writes today
    from symbolic_info.render.readme import catalogue_block, with_block

    assert with_block(README, catalogue_block(reports)) == README, "regenerate with `symbolic-info derive --all`"

"""Hostile input: refused with exit 2 and a clear message, nothing executed, no crash, no hang."""

from __future__ import annotations

import builtins
import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symbolic_info.claims import parse_claim, translate
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.claims.proof import prove
from symbolic_info.claims.search import search
from symbolic_info.cli import main
from symbolic_info.errors import ClaimError

HOSTILE = [
    ("().__class__.__base__.__subclasses__() = 1", "attribute access"),
    ("x.__class__ = 1", "attribute access"),
    ("H(p).real = 1", "attribute access"),
    ("__import__(os) = 1", "'__import__' is not a function"),
    ("__builtins__ = 1", "names starting with '_'"),
    ("_private + 1 = 1", "names starting with '_'"),
    ("open(x) = 1", "'open' is not a function"),
    ("exec(x) = 1", "'exec' is not a function"),
    ("eval(x) = 1", "'eval' is not a function"),
    ("getattr(x, y) = 1", "'getattr' is not a function"),
    ("globals() = 1", "'globals' is not a function"),
    ("(lambda x: x)(1) = 1", "':'"),
    ("[x for x in y] = 1", "a comprehension"),
    ("sum(x for x in y) = 1", "a comprehension"),
    ("log(*x) = 1", "a starred argument"),
    ("log(x, base=2) = 1", "log has no keyword argument base="),
    ('f"{x}" = 1', "strings are not part of the claim language"),
    ("'abc' = 1", "strings are not part of the claim language"),
    ("(y := 1) = 1", "':'"),
    ("x = 1; import os", "';'"),
    ("x = 1 # comment", "'#'"),
    ("x if y else z = 1", "a conditional expression"),
    ("x == 1 or y", "and/or"),
    ("not x = 1", "the operator 'not'"),
    ("x @ y = 1", "'@'"),
    ("x // y = 1", "the operator '//'"),
    ("x[1:2] = 1", "':'"),
    ("{1: 2} = 1", "braces"),
    ("... = 1", "ellipsis constants"),
    ("1j = 1", "complex constants"),
    ("True = 1", "bool constants"),
    ("\uff45\uff58\uff45\uff43(x) = 1", "is not allowed"),
    ("x\x00 = 1", "U+0000"),
    ("2**2**2**2**2**2 = 1", "exponents are limited"),
    ("9**9**9 = 1", "exponents are limited"),
    ("10**300 * 10**300 = 1", "300 digits"),
    ("(" * 10_000 + "x" + ")" * 10_000 + " = 1", "the limit is 2000"),
    ("(" * 500 + "x" + ")" * 500 + " = 1", "nested more than 40 deep"),
    ("x = " + "+".join(["1"] * 900), "nested more than 100 operations deep"),
    ("x = " + "1" * 2500, "the limit is 2000"),
    ("", "the claim is empty"),
    ("   ", "the claim is empty"),
    ("x", "a claim needs a relation"),
]


@pytest.mark.parametrize(("claim", "fragment"), HOSTILE, ids=[f"hostile-{k}" for k in range(len(HOSTILE))])
def test_hostile_claims_exit_2_with_a_message(claim: str, fragment: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--", claim]) == 2
    report = capsys.readouterr().out
    assert report.startswith("error") and fragment in report


def _chars(text: str) -> str:
    return "+".join(f"chr({ord(c)})" for c in text)


def _payloads(canary: Path) -> list[str]:
    """Python expressions without quotes that create ``canary`` when evaluated."""
    name, write = _chars(str(canary)), "chr(119)"
    return [
        f"open({name}, {write})",
        f"open({name}, {write}).close()",
        f"eval({_chars(f'open({str(canary)!r}, {chr(39)}w{chr(39)})')})",
        f"__import__({_chars('pathlib')}).Path({name}).touch()",
    ]


@pytest.mark.slow
def test_a_canary_payload_really_creates_the_file(tmp_path: Path) -> None:
    """Control: run as Python (in a separate interpreter), the payloads do create their file."""
    for number in range(len(_payloads(tmp_path))):
        canary = tmp_path / f"control-{number}"
        code = _payloads(canary)[number]
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        assert canary.exists(), code


@pytest.mark.slow
def test_the_checker_never_runs_a_payload(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    claims = [f"{payload} = 1" for payload in _payloads(canary)] + [f"x = {p}" for p in _payloads(canary)]
    for claim in claims:
        assert main(["check", claim]) == 2
        assert main(["check", "--latex", claim]) == 2
    claims_file = tmp_path / "claims.txt"
    claims_file.write_text("\n".join(claims) + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "symbolic_info", "check", "--json", "--file", str(claims_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and result.stdout.count('"verdict": "error"') == len(claims)
    assert not canary.exists()


@contextlib.contextmanager
def _recorded_code_execution() -> Iterator[list[tuple[str, str]]]:
    """Record ``(function, text)`` for every eval, exec or sympify of text, and every parse_expr."""
    calls: list[tuple[str, str]] = []
    saved_eval, saved_exec, saved_sympify = builtins.eval, builtins.exec, sympy.sympify
    from sympy.parsing import sympy_parser

    saved_parse = sympy_parser.parse_expr

    def recording(name: str, original: Any) -> Any:
        def replacement(*args: Any, **kwargs: Any) -> Any:
            if name == "parse_expr" or (args and isinstance(args[0], (str, bytes))):
                calls.append((name, str(args[0]) if args else ""))
            return original(*args, **kwargs)

        return replacement

    builtins.eval, builtins.exec = recording("eval", saved_eval), recording("exec", saved_exec)
    sympy.sympify = recording("sympify", saved_sympify)
    sympy_parser.parse_expr = recording("parse_expr", saved_parse)
    try:
        yield calls
    finally:
        builtins.eval, builtins.exec, sympy.sympify = saved_eval, saved_exec, saved_sympify
        sympy_parser.parse_expr = saved_parse


@pytest.mark.slow
def test_no_text_of_a_claim_is_ever_executed_or_sympified() -> None:
    """SymPy runs code it generates itself (polynomial kernels, unit names); none of it may carry a claim's text."""
    claims = [
        "KL(p, q) = H(p, q) - H(p) + canaryvar - canaryvar",
        "H([0.9, 0.05, 0.02, 0.03]) / log(10) + 0*canaryvar ~= 0.086",
        "diff(sigmoid(canaryvar), canaryvar) = sigmoid(canaryvar)*(1 - sigmoid(canaryvar)) where canaryvar > 0",
        "log(canaryvar) <= canaryvar - 1 where 0 < canaryvar < 3",
        "sum(p[i]**2, i) >= 1/n + 0*canaryvar",
    ]
    with _recorded_code_execution() as calls:
        for text in claims:
            claim = translate(parse_claim(text))
            search(claim, seed=1, points=30)
            prove(claim)
        translate(parse_claim(latex_to_claim(r"H(p, q) = -\sum_{i=1}^{n} p_i \log q_i + \mathrm{canaryvar}")))
        for text, _ in HOSTILE[:20]:
            with pytest.raises(ClaimError):
                translate(parse_claim(text))
    hostile = [text for text, _ in HOSTILE[:20]]
    leaked = [(name, text) for name, text in calls if "canaryvar" in text or any(h in text for h in hostile)]
    assert leaked == []


def test_the_recorder_sees_sympify_on_text() -> None:
    """Control for the test above: text given to sympify reaches parse_expr and eval, and is recorded."""
    with _recorded_code_execution() as calls:
        sympy.sympify("canaryvar + 1")
    assert {"sympify", "parse_expr", "eval"} <= {name for name, text in calls if "canaryvar" in text}


class _Hang(Exception):
    """An example took longer than the hang guard allows."""


@contextlib.contextmanager
def _hang_guard(seconds: int = 20) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise _Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _read(text: str, points: int = 0) -> None:
    """Parse and translate (and, for ``points``, search): only ClaimError may come out, and quickly."""
    with _hang_guard():
        try:
            claim = translate(parse_claim(text))
        except ClaimError:
            return
        if points:
            search(claim, seed=0, points=points)


_ALPHABET = "pqrnikxyzeHKLlogsumdfwh0123456789 .,+-*/^()[]<>=~_'\":;{}#@!&|\\\t\n\x00\u2264\u2248\u00e9"


@pytest.mark.slow
@settings(max_examples=150)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_fuzz_random_strings(text: str) -> None:
    _read(text)


_TOKENS = [
    *("p", "q", "r", "n", "i", "k", "x", "y", "z", "e", "pi", "H", "KL", "log", "log2", "log10", "exp", "sqrt"),
    *("abs", "sigmoid", "diff", "sum", "__class__", "__import__", "open", "eval", "0", "1", "2", "0.5", "1e-3"),
    *("1e400", "10", "1000", "+", "-", "*", "/", "**", "^", "(", ")", "[", "]", ",", ".", "=", "==", "<=", ">="),
    *("<", ">", "~=", "where", "lambda", ":", "'", ";"),
]


@pytest.mark.slow
@settings(max_examples=150)
@given(st.lists(st.sampled_from(_TOKENS), max_size=24), st.booleans())
def test_fuzz_random_token_sequences(tokens: list[str], spaced: bool) -> None:
    _read((" " if spaced else "").join(tokens), points=6)


@pytest.mark.slow
@settings(max_examples=60)
@given(st.lists(st.sampled_from([*_TOKENS, r"\frac", r"\sum_", r"\log", "{", "}", "_", r"\|", r"\sigma"]), max_size=20))
def test_fuzz_random_latex(tokens: list[str]) -> None:
    with _hang_guard(), contextlib.suppress(ClaimError):
        latex_to_claim(" ".join(tokens))


_ATOMS = ["x", "y", "n", "0", "1", "2", "0.5", "1e-3", "pi", "e", "p[1]", "p[k]", "H(p)", "H(p, q)", "KL(p, q)"]
_ATOMS += ["H([0.5, 0.5])", "sum(p[i], i)", "1/3"]


def _combined(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**"]), children)
    unary = st.tuples(st.sampled_from(["log", "exp", "sqrt", "abs", "sigmoid", "log2", "-"]), children)
    return st.one_of(
        binary.map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        unary.map(lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda a: f"diff({a}, x)"),
        children.map(lambda a: f"sum(({a})*p[i], i)"),
    )


_EXPRESSIONS = st.recursive(st.sampled_from(_ATOMS), _combined, max_leaves=6)
_CONDITIONS = st.sampled_from(["", " where x > 0", " where 0 < x < 1, y >= 1", " where n <= 3", " where x = 2"])


@pytest.mark.slow
@settings(max_examples=100)
@given(_EXPRESSIONS, st.sampled_from(["=", "<=", ">", "~= 0.5 +"]), _EXPRESSIONS, _CONDITIONS)
def test_fuzz_well_formed_claims_are_evaluated_without_crashing(
    left: str, relation: str, right: str, where: str
) -> None:
    """Claims in the language, some absurd: translated and searched, only ClaimError may come out."""
    _read(f"{left} {relation} {right}{where}", points=6)

"""The claim checker never crashes: every input gets a verdict, or an error with a column and a hint.

Input the language does not support (a sum without an index or a vector, a call with the wrong number of
arguments, an index on an entry or on a value) is refused by the translator's structure check
with a column and the way to write it; any exception inside the pipeline becomes an ``error``
verdict marked ``internal``; one bad line of a file is an error for that line only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symbolic_info as si
from symbolic_info.claims import VERDICTS, Verdict, checker, parse_claim, proof_stages, translate
from symbolic_info.claims.translate import check_structure
from symbolic_info.cli import main
from symbolic_info.errors import ClaimSyntaxError

#: Input that once ended in a traceback: (claim, column, what the message must say).
CRASHED = [
    ("sum(x) = 1", 1, "not supported: sum(x): sum the entries of a vector, as in sum(p*log(p))"),
    ("H(p) = -sum(x*log(x))", 9, "not supported: sum(x*log(x)): sum the entries of a vector"),
    ("sum() = 1", 1, "sum takes 2 argument(s), got 0: write it as in sum(p[j]*q[j], j)"),
    ("p[i][j] = 1", 5, "p[i] is one entry, a number: it cannot be indexed again; write one index, as in p[i]"),
    ("H(p)[1] = 0", 5, "H(p) is a number, not a vector: only vectors can be indexed, as in p[i], z[k], softmax(z)[k]"),
]
MORE = [
    ("sum(p[i]) = 1", 1, "not supported: sum(p[i]) without its index; write sum(p[i], i)"),
    ("KL(p) >= 0", 1, "KL takes 2 argument(s), got 1"),
    ("log(x, 2, 3) = 1", 1, "log takes 1 or 2 argument(s), got 3"),
    ("[0.5, 0.5][1] = 0.5", 11, "an explicit vector cannot be indexed"),
    ("e[1] = 1", 1, "'e' is not a vector: only vectors can be indexed, as in p[i] or z[k]"),
    ("x + x[1] = 1", 5, "'x' is used as a real variable and as a real vector"),
    ("softmax(z) = 1", 1, "softmax(...) is a probability vector: index it, as in softmax(z)[k]"),
    ("H(z) >= 0", 3, "H and KL take probability vectors: p, q, r, softmax(z) or a list like [0.5, 0.5] (for a real"),
    ("KL(p, q) >= 0 where sum(y) = 1", 21, "not supported: sum(y): sum the entries of a vector"),
    ("p*log(p) <= 0", 1, "'p' is a probability vector: sum its entries, as in sum(p*log(p))"),
]


@pytest.mark.parametrize(("claim", "column", "message"), CRASHED + MORE)
def test_unsupported_input_is_an_error_with_a_column_and_a_hint(claim: str, column: int, message: str) -> None:
    verdict = si.check(claim)
    assert (verdict.verdict, verdict.column, verdict.internal) == ("error", column, False)
    assert verdict.message.startswith(f"column {column}: {message}")
    assert verdict.report().splitlines()[1] == " " * (9 + column - 1) + "^"


@pytest.mark.parametrize(("claim", "column", "message"), CRASHED)
def test_the_translator_refuses_it_too(claim: str, column: int, message: str) -> None:
    with pytest.raises(ClaimSyntaxError) as raised:
        translate(parse_claim(claim))
    assert raised.value.column == column and message in str(raised.value)
    with pytest.raises(ClaimSyntaxError):
        check_structure(parse_claim(claim))


def test_the_command_line_reports_them_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    for claim, _, message in CRASHED:
        assert main(["check", "--", claim]) == 2
        captured = capsys.readouterr()
        assert captured.out.startswith(f"error    {claim}\n") and message in captured.out
        assert "Traceback" not in captured.out + captured.err


@pytest.mark.slow
def test_latex_input_is_covered_too() -> None:
    verdict = si.check(r"\sum_{i=1}^{n} p_i = 1", latex=True)
    assert verdict.verdict == "proved" and verdict.message.startswith("read as: sum(p[i], i) = 1;")
    assert si.check(r"H(p)_1 = 0", latex=True).verdict == "error"


@pytest.mark.slow
def test_one_bad_line_in_a_file_is_an_error_for_that_line_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["x + x = 2*x", "sum(x) = 1   # no index, no vector", "x**2 >= 2*x", "H(p)[1] = 0", "exp(x) > 0"]
    claims = tmp_path / "claims.txt"
    claims.write_text("\n".join(lines) + "\n")
    assert main(["check", "--json", "--jobs", "2", "--file", str(claims)]) == 2
    verdicts = json.loads(capsys.readouterr().out)
    assert [v["claim"] for v in verdicts] == [line.split("#")[0].strip() for line in lines]
    assert [v["verdict"] for v in verdicts] == ["proved", "error", "refuted", "error", "proved"]
    assert verdicts[1]["message"].startswith("column 1: not supported: sum(x): sum the entries of a vector")
    assert all("internal" not in v for v in verdicts)


def test_an_exception_inside_the_checker_is_an_internal_error_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(parsed: object) -> str:
        raise RuntimeError("a bug in the renderer")

    monkeypatch.setattr(checker, "render_claim", broken)
    for latex in (False, True):
        verdict = si.check("x = x", latex=latex)
        assert (verdict.verdict, verdict.method, verdict.internal) == ("error", "internal error", True)
        assert "internal error (a fault of symbolic-info, not of the claim): RuntimeError: a bug" in verdict.message
        assert "Traceback" in verdict.details and "a bug in the renderer" in verdict.details
        assert verdict.to_dict()["internal"] is True and not verdict.ok


def test_an_exception_in_the_search_child_is_an_internal_error_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(claim: object, seed: int, **options: object) -> object:
        raise ZeroDivisionError("a bug in the search")

    monkeypatch.setattr(checker, "search", broken)  # the forked child inherits it
    verdict = si.check("x = x")
    assert verdict.internal and verdict.verdict == "error"
    assert verdict.message.endswith("the evaluation failed: ZeroDivisionError: a bug in the search")
    assert "ZeroDivisionError" in verdict.details


def test_a_claim_that_is_not_text_is_still_refused() -> None:
    with pytest.raises(si.InvalidArgumentError):
        si.check(["x = x"])  # type: ignore[arg-type]


def _checked(text: str) -> Verdict:
    verdict = si.check(text, budget=5)
    assert isinstance(verdict, Verdict) and verdict.verdict in VERDICTS
    assert not verdict.internal, (text, verdict.message)
    if verdict.verdict == "error" and verdict.message.startswith("column "):
        assert verdict.column is not None and verdict.message.startswith(f"column {verdict.column}: ")
    return verdict


#: The claim language's characters (and the Unicode signs it reads), with a few it refuses.
_ALPHABET = "pqrnijkxyzeHKLlogsumexpqrtdifwhbacv0123456789 .,+-*/^()[]<>=~_\u2264\u2265\u2248\u2212\u00d7#:'"


@pytest.mark.slow
@settings(max_examples=200)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_check_never_raises_on_text_from_the_claim_alphabet(text: str) -> None:
    _checked(text)


_WORDS = ["H(", "KL(", "log(", "exp(", "sqrt(", "abs(", "sigmoid(", "diff(", "sum(", "log2("]
_WORDS += ["p", "q", "r", "p[i]", "q[i]", "p[k]", "p[1]", "i", "k", "n", "x", "y", "z", "e", "pi", "0", "1", "2"]
_WORDS += ["0.5", "1e-3", "[0.5, 0.5]", "[x, 1 - x]", "(", ")", "[", "]", ",", "+", "-", "*", "/", "**", "^"]
_WORDS += [" = ", " <= ", " >= ", " < ", " > ", " ~= ", " where ", "x > 0", "0 < x < 1"]


@pytest.mark.slow
@settings(max_examples=60)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12))
def test_check_never_raises_on_sequences_of_the_language_words(words: list[str]) -> None:
    _checked("".join(words))


_ATOMS = ["x", "y", "n", "0", "1", "2", "0.5", "1e-3", "p[1]", "p[k]", "H(p)", "H(p, q)", "KL(p, q)", "H([0.5, 0.5])"]
_ATOMS += ["sum(p[i]*q[i], i)", "sum(p)", "sum(p, i)", "p[i][1]", "sum(x)", "log(x, 2, 3)", "[0.5, 0.5]"]  # 5 errors


def _built(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    functions = st.sampled_from(["log", "exp", "sqrt", "abs", "sigmoid", "log2", "-"])
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**"]), children).map(
            lambda t: f"({t[0]}){t[1]}({t[2]})"
        ),
        st.tuples(functions, children).map(lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda a: f"diff({a}, x)"),
        children.map(lambda a: f"sum(({a})*p[i], i)"),
    )


@pytest.mark.slow
@settings(max_examples=60)
@given(
    st.recursive(st.sampled_from(_ATOMS), _built, max_leaves=4),
    st.sampled_from(["=", "<=", ">", "~="]),
    st.recursive(st.sampled_from(_ATOMS), _built, max_leaves=3),
    st.sampled_from(["", " where x > 0", " where 0 < x < 1, n <= 3"]),
)
def test_check_never_raises_on_claims_built_from_the_language(left: str, relation: str, right: str, where: str) -> None:
    _checked(f"{left} {relation} {right}{where}")


@pytest.mark.slow  # checks three claims
def test_a_prover_mistake_never_proves_a_false_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    # the first random points are checked before any proof: a prover that "proves" everything is caught there
    monkeypatch.setattr(proof_stages, "prove", lambda claim, **options: "a mistaken proof")
    for claim in ("KL(p, q) = KL(q, p)", "H(p) <= log(2)", "log(x + y) = log(x) + log(y) where x > 0, y > 0"):
        assert si.check(claim).verdict == "refuted", claim


@pytest.mark.slow  # checks two claims
def test_a_claim_whose_first_points_are_all_outside_its_domain_still_gets_every_proof_stage() -> None:
    # n >= 10**6 leaves the random points nothing to draw: the quick proofs follow the whole search
    proved = si.check("H(p) <= log(n) where n >= 10**6")
    assert proved.verdict == "proved" and proved.message.endswith("no counterexample either"), proved.report()
    assert proved.searched is not None and proved.searched["random_points"] == 0 and proved.searched["large_sizes"]
    # then the full prover, in a child of its own; no proof and no random point: an error that says so
    unproved = si.check("exp(H(p)) <= n where n >= 10**6")
    assert unproved.verdict == "error" and "only 0 sampled points satisfy the conditions" in unproved.message

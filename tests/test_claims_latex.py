"""LaTeX input: the subset read, translated to the plain claim language, with indices kept."""

from __future__ import annotations

import pytest

from symbolic_info.claims import check
from symbolic_info.claims.from_latex import latex_to_claim
from symbolic_info.errors import ClaimSyntaxError


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"H(p, q) = -\sum_{i=1}^{n} p_i \log q_i", "H(p, q) = -sum(p[i]*log(q[i]), i)"),
        (r"\sum_{i=1}^{n} p_{i} = 1", "sum(p[i], i) = 1"),
        (r"\sum_j p_j q_j \le 1", "sum(p[j]*q[j], j) <= 1"),
        (r"D_{\mathrm{KL}}(p \| q) \geq 0", "KL(p, q) >= 0"),
        (r"\mathrm{KL}(p||q) = H(p,q) - H(p)", "KL(p, q) = H(p, q) - H(p)"),
        (
            r"\frac{d}{dz} \sigma(z) = \sigma(z)\left(1 - \sigma(z)\right)",
            "diff(sigmoid(z), z) = sigmoid(z)*(1 - sigmoid(z))",
        ),
        (r"\left(x\right) = \left|x\right|", "(x) = abs(x)"),
        (r"\frac{d^2}{dx^2} x^3 = 6x", "diff(x**(3), x, 2) = 6*x"),
        (r"\frac{1}{1+e^{-z}} = \sigma(z)", "((1)/(1 + e**(-z))) = sigmoid(z)"),
        (r"\log x \leq x - 1 \quad \text{where } x > 0", "log(x) <= x - 1 where x > 0"),
        (r"\log(xy) = \log x + \log y, \text{ for } x > 0, y > 0", "log(x*y) = log(x) + log(y) where x > 0, y > 0"),
        (r"\log_2 3 \approx 1.585", "log(3, 2) ~= 1.585"),
        (r"\ln 4 = 2 \ln 2", "log(4) = 2*log(2)"),
        (r"\sqrt{x^2} = |x|", "sqrt(x**(2)) = abs(x)"),
        (r"\sqrt[3]{8} = 2", "((8)**(1/(3))) = 2"),
        (r"2xy \le x^2 + y^2", "2*x*y <= x**(2) + y**(2)"),
        (r"x^23 = 3 x^2", "x**(2)*3 = 3*x**(2)"),
        (r"x_1 + x_{2} = \alpha \cdot \pi", "x_1 + x_2 = alpha*pi"),
        (r"H([0.5, 0.5]) = \ln 2", "H([0.5, 0.5]) = log(2)"),
        (r"$$ e^{\ln x} = x, \text{where } x > 0 $$", "e**(log(x)) = x where x > 0"),
    ],
)
def test_latex_reads_as(latex: str, plain: str) -> None:
    assert latex_to_claim(latex) == plain


@pytest.mark.parametrize(
    ("latex", "column", "fragment"),
    [
        (r"\binom{n}{2} = 1", 1, r"\binom is not supported"),
        (r"x \equiv 1", 3, r"unexpected '\equiv'"),
        (r"\sum_{i=0}^{n} p_i = 1", 6, "sums run from 1 to n"),
        (r"\sum_{i=1}^{m} p_i = 1", 12, "sums run from 1 to n"),
        (r"\log^2 x = 1", 5, r"write (\log x)^k"),
        (r"x = (1", 7, "expected ')'"),
        (r"p_", 3, "ends too early"),
        ("", None, "empty"),
    ],
)
def test_latex_errors_point_at_the_problem(latex: str, column: int | None, fragment: str) -> None:
    with pytest.raises(ClaimSyntaxError) as raised:
        latex_to_claim(latex)
    assert fragment in str(raised.value) and raised.value.column == column


@pytest.mark.slow
def test_a_latex_claim_from_an_article_is_checked() -> None:
    wrong = check(r"H(p,q) = -\sum_{i=1}^{n} p_{i} q_{i}", latex=True)  # seed 000, cross-entropy without the log
    assert wrong.verdict == "refuted" and wrong.message.startswith("read as: H(p, q) = -sum(p[i]*q[i], i);")
    error = check(r"\binom{n}{2} = 1", latex=True)
    assert error.verdict == "error" and error.column == 1

"""numeric.distillation_kl and its gradient against mpmath on the textbook formula, finite differences, bad input.

The oracle is ``T^2 sum_k p_k log(p_k / q_k)`` with ``p = e^{t/T} / sum e^{t/T}`` and ``q`` likewise
from the student's logits, written out here in mpmath on the exact float inputs, with 50 digits plus
the ``2 max|z| / T / 2.3`` that the textbook formula cancels (a teacher's top class at
``1 - e^{-2000}``); the gradient's oracle is ``T (q_k - p_k)`` and ``mpmath.diff`` of the loss. The
error bound is a few units in the last place times ``1 + max|z|/T``: rounding the inputs by one unit
moves ``log softmax(z/T)`` by ``max|z|/T`` units, so no float64 method does better in general.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import pytest

from symbolic_info import numeric
from symbolic_info.errors import InvalidArgumentError, SymbolicInfoError
from symbolic_info.numeric.distillation_blocks import generic_values

from .crosscheck import DIFFERENCE_RTOL, NATS_PER_DIGIT, ORACLE_DIGITS, assert_close, central_difference, exact

EPS64 = float(np.finfo(np.float64).eps)
ULPS = 4  # the bound, in units of the last place times (1 + max|z|/T)
#: Low temperatures need the most digits (logits of 1e3 over T = 0.5 cancel 870 of them): about a second each.
TEMPERATURES = (
    pytest.param(0.5, marks=pytest.mark.slow),
    pytest.param(1.0, marks=pytest.mark.slow),
    4.0,
    20.0,
)


def _digits(student: np.ndarray, teacher: np.ndarray, temperature: float) -> int:
    finite = np.concatenate([student[np.isfinite(student)], teacher[np.isfinite(teacher)]])
    largest = float(np.max(np.abs(finite), initial=0.0))
    return ORACLE_DIGITS + int(2 * largest / temperature / NATS_PER_DIGIT)


def _softmax(logits: np.ndarray, temperature: Any) -> list[Any]:
    exponentials = [mpmath.mpf(0) if value == -math.inf else mpmath.exp(exact(value) / temperature) for value in logits]
    total = mpmath.fsum(exponentials)
    return [value / total for value in exponentials]


def oracle(student: np.ndarray, teacher: np.ndarray, temperature: float) -> tuple[Any, list[Any]]:
    """``T^2 KL(p || q)`` of one row and ``T (q - p)``, from the textbook formulas in mpmath."""
    with mpmath.workdps(_digits(student, teacher, temperature)):
        scale = exact(temperature)
        p, q = _softmax(teacher, scale), _softmax(student, scale)
        terms = [
            mpmath.mpf(0) if pk == 0 else (mpmath.inf if qk == 0 else pk * mpmath.log(pk / qk))
            for pk, qk in zip(p, q, strict=True)
        ]
        return scale**2 * mpmath.fsum(terms), [scale * (qk - pk) for pk, qk in zip(p, q, strict=True)]


def cases(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Logits up to 1e3 in size: unrelated, a student within 1e-6, 1e-2 or 1e-9 (relative) of its teacher."""
    rng = np.random.default_rng(seed)
    drawn = []
    for case in range(24):
        classes = int(rng.integers(2, 9))
        scale = (1.0, 30.0, 1e3)[case % 3]
        teacher = rng.standard_normal(classes) * scale
        kind = case % 4
        if kind == 0:
            student = rng.standard_normal(classes) * scale
        elif kind == 3:
            student = teacher * (1 + 1e-9 * rng.standard_normal(classes))
        else:
            student = teacher + rng.standard_normal(classes) * scale * (1e-6 if kind == 1 else 1e-2)
        drawn.append((student, teacher))
    return drawn


def condition(student: np.ndarray, teacher: np.ndarray, temperature: float) -> float:
    return 1.0 + max(float(np.max(np.abs(student))), float(np.max(np.abs(teacher)))) / temperature


def ulps(ours: float, exact_value: Any, eps: float = EPS64) -> float:
    denominator = max(abs(exact_value), mpmath.mpf(np.finfo(np.float64).tiny))
    return float(abs(exact(ours) - exact_value) / denominator) / eps


@pytest.mark.parametrize("temperature", TEMPERATURES)
def test_the_loss_is_within_a_few_ulp_of_the_textbook_formula(temperature: float) -> None:
    for student, teacher in cases(int(temperature * 8)):
        exact_value, _ = oracle(student, teacher, temperature)
        ours = float(numeric.distillation_kl(student, teacher, temperature))
        assert ulps(ours, exact_value) <= ULPS * condition(student, teacher, temperature), (student, teacher)


@pytest.mark.parametrize("temperature", TEMPERATURES)
def test_the_gradient_is_within_a_few_ulp_of_t_times_q_minus_p(temperature: float) -> None:
    for student, teacher in cases(int(temperature * 8) + 1):
        _, gradient = oracle(student, teacher, temperature)
        largest = max(abs(value) for value in gradient)
        if largest < 1e-290:  # the whole gradient underflows: it must be 0
            assert not np.any(numeric.distillation_kl_grad(student, teacher, temperature))
            continue
        ours = numeric.distillation_kl_grad(student, teacher, temperature)
        worst = max(
            float(abs(exact(value) - reference) / largest) for value, reference in zip(ours, gradient, strict=True)
        )
        assert worst / EPS64 <= ULPS * condition(student, teacher, temperature), (student, teacher)


def test_a_student_close_to_its_teacher_keeps_the_digits_of_a_tiny_divergence() -> None:
    teacher = np.array([3.0, -1.0, 0.5, 2.0])
    student = teacher + np.array([1e-9, -2e-9, 0.0, 3e-9])
    exact_value, gradient = oracle(student, teacher, 2.0)
    assert 1e-19 < exact_value < 1e-17
    assert ulps(float(numeric.distillation_kl(student, teacher, 2.0)), exact_value) <= ULPS
    ours = numeric.distillation_kl_grad(student, teacher, 2.0)
    for value, reference in zip(ours, gradient, strict=True):
        assert ulps(float(value), reference) <= 4 * ULPS


def test_the_gradient_is_mpmaths_derivative_of_the_loss() -> None:
    student, teacher, temperature = np.array([0.3, -1.2, 2.0]), np.array([1.0, 0.0, -0.5]), 4.0
    with mpmath.workdps(ORACLE_DIGITS):
        for k in range(3):

            def loss(value: Any, k: int = k) -> Any:
                moved = [exact(v) for v in student]
                moved[k] = value
                scale = exact(temperature)
                p = _softmax(teacher, scale)
                exponentials = [mpmath.exp(v / scale) for v in moved]
                q = [e / mpmath.fsum(exponentials) for e in exponentials]
                return scale**2 * mpmath.fsum(pk * mpmath.log(pk / qk) for pk, qk in zip(p, q, strict=True))

            derivative = mpmath.diff(loss, exact(student[k]), h=mpmath.mpf("1e-20"))
            ours = numeric.distillation_kl_grad(student, teacher, temperature)[k]
            assert ulps(float(ours), derivative) <= 16


def test_the_gradient_agrees_with_finite_differences_for_every_reduction() -> None:
    rng = np.random.default_rng(7)
    student, teacher = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    for reduction in ("batchmean", "mean", "sum"):

        def loss(s: np.ndarray, reduction: str = reduction) -> float:
            return float(numeric.distillation_kl(s.reshape(3, 5), teacher, 3.0, reduction=reduction))

        differences = central_difference(loss, student.reshape(-1))
        ours = numeric.distillation_kl_grad(student, teacher, 3.0, reduction=reduction)
        assert_close(ours.reshape(-1), differences, rtol=DIFFERENCE_RTOL, atol=1e-9)


def test_reductions_follow_pytorchs_kl_div() -> None:
    rng = np.random.default_rng(8)
    student, teacher = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    rows = numeric.distillation_kl(student, teacher, 2.0, reduction="none")
    assert rows.shape == (4,)
    references = [oracle(s, t, 2.0)[0] for s, t in zip(student, teacher, strict=True)]
    assert_close(rows, [float(value) for value in references])
    assert_close(numeric.distillation_kl(student, teacher, 2.0), float(mpmath.fsum(references)) / 4)
    assert_close(numeric.distillation_kl(student, teacher, 2.0, reduction="sum"), float(mpmath.fsum(references)))
    batched = numeric.distillation_kl(student.reshape(2, 2, 3), teacher.reshape(2, 2, 3), 2.0)  # over the first axis
    assert_close(batched, float(mpmath.fsum(references)) / 2)
    moved = numeric.distillation_kl(student.T, teacher.T, 2.0, axis=0, reduction="none")
    assert_close(moved, rows)


def test_the_scaled_gradient_tends_to_the_centred_logit_gap_over_k() -> None:
    """``T (q - p) -> (g - mean g)/K`` as ``T`` grows (``distillation-temperature``), with an error ``O(1/T)``."""
    student, teacher = np.array([1.0, -2.0, 0.5, 3.0]), np.array([0.0, 1.0, -1.0, 2.0])
    gap = student - teacher
    limit = (gap - gap.mean()) / gap.size
    errors = [
        float(np.max(np.abs(numeric.distillation_kl_grad(student, teacher, temperature) - limit)))
        for temperature in (1e2, 1e3, 1e4)
    ]
    assert errors[0] < 0.05
    assert 8 < errors[0] / errors[1] < 12 and 8 < errors[1] / errors[2] < 12  # first order in 1/T


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_narrow_floats_keep_their_dtype_and_are_rounded_once(dtype: type) -> None:
    eps = float(np.finfo(dtype).eps)
    for student, teacher in cases(3)[:12]:
        narrow_s: np.ndarray = student.astype(dtype)
        narrow_t: np.ndarray = teacher.astype(dtype)
        if not (np.all(np.isfinite(narrow_s)) and np.all(np.isfinite(narrow_t))):
            continue
        ours = numeric.distillation_kl(narrow_s, narrow_t, 4.0)
        assert ours.dtype == dtype
        exact_value, _ = oracle(narrow_s.astype(np.float64), narrow_t.astype(np.float64), 4.0)
        if abs(exact_value) > np.finfo(dtype).tiny:
            assert ulps(float(ours), exact_value, eps) <= 1.0
        assert numeric.distillation_kl_grad(narrow_s, narrow_t, 4.0).dtype == dtype


def test_masked_classes_give_the_limits() -> None:
    teacher = np.array([0.0, -math.inf, 1.0])
    exact_value, _ = oracle(np.array([0.5, 2.0, 0.0]), teacher, 1.0)
    ours = float(numeric.distillation_kl([0.5, 2.0, 0.0], teacher, 1.0))
    assert ulps(ours, exact_value) <= ULPS * 3  # a class the teacher masks adds nothing
    assert float(numeric.distillation_kl([0.5, -math.inf, 0.0], teacher)) == pytest.approx(
        float(oracle(np.array([0.5, -math.inf, 0.0]), teacher, 1.0)[0]), rel=1e-14
    )
    assert float(numeric.distillation_kl([-math.inf, 0.0, 0.0], teacher)) == math.inf
    assert np.all(np.isfinite(numeric.distillation_kl_grad([-math.inf, 0.0, 0.0], teacher)))


def test_identical_logits_give_exactly_zero() -> None:
    logits = np.array([[1e3, -1e3, 0.0], [5.0, 5.0, 5.0]])
    assert float(numeric.distillation_kl(logits, logits, 20.0, reduction="sum")) == 0.0
    assert not np.any(numeric.distillation_kl_grad(logits, logits, 20.0))


@pytest.mark.parametrize(
    ("student", "teacher", "options"),
    [
        ([0.0, math.nan], [0.0, 0.0], {}),
        ([0.0, 0.0], [math.inf, 0.0], {}),
        ([-math.inf, -math.inf], [0.0, 0.0], {}),
        ([0.0, 0.0], [0.0, 0.0, 0.0], {}),
        ([], [], {}),
        (1.0, 1.0, {}),
        ([True, False], [0.0, 0.0], {}),
        ([1j, 0.0], [0.0, 0.0], {}),
        ([0.0, 0.0], [0.0, 0.0], {"temperature": 0.0}),
        ([0.0, 0.0], [0.0, 0.0], {"temperature": -1.0}),
        ([0.0, 0.0], [0.0, 0.0], {"temperature": math.nan}),
        ([0.0, 0.0], [0.0, 0.0], {"temperature": math.inf}),
        ([0.0, 0.0], [0.0, 0.0], {"temperature": True}),
        ([0.0, 0.0], [0.0, 0.0], {"temperature": "4"}),
        ([0.0, 0.0], [0.0, 0.0], {"reduction": "average"}),
        ([0.0, 0.0], [0.0, 0.0], {"axis": 1}),
    ],
)
def test_bad_input_raises_the_packages_errors(student: Any, teacher: Any, options: dict[str, Any]) -> None:
    for function in (numeric.distillation_kl, numeric.distillation_kl_grad):
        with pytest.raises(InvalidArgumentError) as raised:
            function(student, teacher, **options)
        assert isinstance(raised.value, SymbolicInfoError)


@pytest.mark.parametrize("classes", [2, 10, 40, 9000])
def test_the_block_walk_is_the_whole_array_forms(classes: int) -> None:
    """The fused blocks against the forms on whole arrays: near and far rows, ties, every term branch, ``p = 0``."""
    rng = np.random.default_rng(classes)
    rows = max(2, 30_000 // classes)
    for temperature in (1.0, 3.0, 4.0):
        for scale in (1.0, 30.0, 3e3):
            teacher = rng.standard_normal((rows, classes)) * scale
            for student in (
                rng.standard_normal((rows, classes)) * scale,
                teacher + rng.standard_normal((rows, classes)) * scale * 1e-3,
                np.round(teacher),  # ties
            ):
                ours = numeric.distillation_kl(student, teacher, temperature, reduction="none")
                with np.errstate(all="ignore"):
                    expected = generic_values(student, teacher, temperature)
                tolerance = 16 * EPS64 * (1 + max(np.max(np.abs(student)), np.max(np.abs(teacher))) / temperature)
                assert_close(ours, expected, rtol=tolerance, atol=1e-300)


def test_a_block_with_a_masked_class_takes_the_whole_array_forms() -> None:
    rng = np.random.default_rng(3)
    student, teacher = rng.standard_normal((20_000, 5)), rng.standard_normal((20_000, 5))
    teacher[15_000, 2] = student[17_000, 1] = -math.inf
    ours = numeric.distillation_kl(student, teacher, 2.0, reduction="none")
    with np.errstate(all="ignore"):
        expected = generic_values(student, teacher, 2.0)
    assert_close(ours, expected, rtol=64 * EPS64, atol=0)
    assert ours[17_000] == math.inf

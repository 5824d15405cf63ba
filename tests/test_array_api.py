"""The array API path: arrays of array-api-strict and JAX in, the same library's arrays out; jit and grad (issue 14).

The gradients are compared with the proved gradients (the NumPy ``<loss>_grad`` of the package,
lambdified from the derivatives the book proves), to a few units in the last place, with the edge
cases of the issue: KL in ``q`` where ``p_i = 0``, the softmax cross-entropy at a masked logit,
entropy at ``p_i = 0`` (``+inf``). JAX runs on the CPU in float64 (``jax_enable_x64``).
"""

from __future__ import annotations

import doctest
import functools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import array_api_strict as xps
import jax
import numpy as np
import pytest

from symbolic_info import numeric
from symbolic_info.errors import InvalidArgumentError, InvalidProbabilityError

jax.config.update("jax_enable_x64", True)  # type: ignore[no-untyped-call]
import jax.numpy as jnp  # noqa: E402 - after float64 is enabled

ULPS = 8
RTOL = ULPS * float(np.finfo(np.float64).eps)

P = np.array([[0.5, 0.25, 0.25], [0.0, 0.75, 0.25]])
Q = np.array([[0.25, 0.25, 0.5], [0.5, 0.25, 0.25]])
LOGITS = np.array([[2.0, 0.0, -1.0], [0.0, 0.5, 0.5]])
Z = np.array([-3.0, 0.0, 0.5, 40.0])
Y = np.array([0.0, 1.0, 0.25, 1.0])
PROBABILITY = np.array([0.1, 0.5, 0.75, 1.0])

#: Each public function of symbolic_info.numeric (not the gradients) with NumPy arguments.
CASES: dict[str, tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = {
    "entropy": (numeric.entropy, (P,), {}),
    "cross_entropy": (numeric.cross_entropy, (P, Q), {"base": 2}),
    "kl_divergence": (numeric.kl_divergence, (P, Q), {}),
    "kl_divergence_log_q": (numeric.kl_divergence, (P, np.log(Q)), {"log_q": True, "reduction": "batchmean"}),
    "sigmoid": (numeric.sigmoid, (Z,), {}),
    "log_sigmoid": (numeric.log_sigmoid, (Z,), {}),
    "binary_entropy": (numeric.binary_entropy, (PROBABILITY,), {}),
    "softmax": (numeric.softmax, (LOGITS,), {}),
    "log_softmax": (numeric.log_softmax, (LOGITS,), {"axis": 0}),
    "binary_cross_entropy": (numeric.binary_cross_entropy, (PROBABILITY, Y), {}),
    "binary_cross_entropy_with_logits": (numeric.binary_cross_entropy_with_logits, (Z, Y), {"pos_weight": 2.0}),
    "softmax_cross_entropy": (numeric.softmax_cross_entropy, (LOGITS, np.array([0, 2])), {}),
    "softmax_cross_entropy_soft": (numeric.softmax_cross_entropy, (LOGITS, Q), {"label_smoothing": 0.1}),
    "sigmoid_focal_loss": (numeric.sigmoid_focal_loss, (Z, Y), {"gamma": 0.5, "reduction": "none"}),
    "gaussian_kl_diagonal": (numeric.gaussian_kl_diagonal, (LOGITS, np.array([[0.5, 1e-9, -2.0]])), {}),
    "distillation_kl": (numeric.distillation_kl, (LOGITS, LOGITS[::-1]), {"temperature": 2.0}),
    "distillation_kl_rows": (numeric.distillation_kl, (LOGITS, LOGITS[::-1] + 0.5), {"axis": 0, "reduction": "none"}),
    "gaussian_kl_diagonal_prior": (
        numeric.gaussian_kl_diagonal,
        (LOGITS, LOGITS[::-1], np.array([0.25, 0.0, 1.0]), np.array([[1.0], [-1.0]])),
        {"axis": 0, "reduction": "mean"},
    ),
}


def _as(library: Any, value: Any, dtype: Any = None) -> Any:
    array = np.asarray(value)
    if dtype is not None and array.dtype.kind == "f":
        array = array.astype(dtype)
    return library.asarray(array)


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_array_api_strict_in_array_api_strict_out_with_the_dtype_kept(name: str, dtype: Any) -> None:
    function, args, kwargs = CASES[name]
    result = function(*(_as(xps, arg, dtype) for arg in args), **kwargs)
    assert type(result).__module__.startswith("array_api_strict")
    assert result.dtype == (xps.float32 if dtype == np.float32 else xps.float64)
    expected = function(*args, **kwargs)
    np.testing.assert_allclose(np.asarray(result._array), expected, rtol=1e-6 if dtype == np.float32 else 1e-15)


def test_integers_give_the_default_float() -> None:
    result = numeric.sigmoid(xps.asarray([0, 1]))
    assert result.dtype == xps.float64


@pytest.mark.slow  # compiles JAX code: a second or more
@pytest.mark.parametrize("name", list(CASES))
def test_jax_in_jax_out_and_jit_matches(name: str) -> None:
    function, args, kwargs = CASES[name]
    arrays = [jnp.asarray(arg) for arg in args]
    eager = function(*arrays, **kwargs)
    assert isinstance(eager, jax.Array)
    np.testing.assert_allclose(np.asarray(eager), function(*args, **kwargs), rtol=1e-15, atol=1e-300)
    jitted = jax.jit(lambda *values: function(*values, **kwargs))(*arrays)
    np.testing.assert_allclose(np.asarray(jitted), np.asarray(eager), rtol=RTOL, atol=1e-300)


def _close_to_proved(actual: Any, proved: Any) -> None:
    actual, proved = np.asarray(actual), np.asarray(proved)
    assert not np.isnan(actual).any()
    np.testing.assert_array_equal(np.isinf(actual), np.isinf(proved))
    finite = np.isfinite(proved)
    np.testing.assert_array_equal(actual[~finite], proved[~finite])
    np.testing.assert_allclose(actual[finite], proved[finite], rtol=RTOL, atol=1e-300)


GRADIENTS: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "binary_cross_entropy": (numeric.binary_cross_entropy, numeric.binary_cross_entropy_grad),
    "binary_cross_entropy_with_logits": (
        numeric.binary_cross_entropy_with_logits,
        numeric.binary_cross_entropy_with_logits_grad,
    ),
    "softmax_cross_entropy": (numeric.softmax_cross_entropy, numeric.softmax_cross_entropy_grad),
    "kl_divergence": (numeric.kl_divergence, numeric.kl_divergence_grad),
    "cross_entropy": (numeric.cross_entropy, numeric.cross_entropy_grad),
    "sigmoid_focal_loss": (numeric.sigmoid_focal_loss, numeric.sigmoid_focal_loss_grad),
    "distillation_kl": (numeric.distillation_kl, numeric.distillation_kl_grad),
}

GRADIENT_CASES = [
    ("binary_cross_entropy", (np.array([0.0, 0.3, 1.0, 0.5]), np.array([0.0, 1.0, 1.0, 0.25])), {}),
    ("binary_cross_entropy", (np.array([0.2, 0.7]), np.array([1.0, 0.0])), {"pos_weight": 3.0, "reduction": "sum"}),
    ("binary_cross_entropy_with_logits", (np.array([0.0, -40.0, 40.0, 3.0]), Y), {}),
    ("binary_cross_entropy_with_logits", (np.array([np.inf, -np.inf, np.inf]), np.array([1.0, 0.0, 0.5])), {}),
    ("binary_cross_entropy_with_logits", (Z, Y), {"label_smoothing": 0.2, "weight": np.array([1.0, 0.0, 2.0, 1.0])}),
    ("softmax_cross_entropy", (np.array([[0.0, -np.inf, 1.0], [3.0, 3.0, 0.0]]), np.array([2, 1])), {}),
    ("softmax_cross_entropy", (LOGITS, np.array([0, 1])), {"weight": np.array([1.0, 2.0, 0.5])}),
    ("softmax_cross_entropy", (LOGITS, Q), {"label_smoothing": 0.1, "reduction": "sum"}),
    ("kl_divergence", (P, Q), {"reduction": "sum"}),
    ("kl_divergence", (np.array([0.0, 1.0]), np.array([0.0, 1.0])), {}),
    ("kl_divergence", (np.array([1.0, 0.0]), np.array([0.0, 1.0])), {}),
    ("kl_divergence", (P, np.log(Q)), {"log_q": True, "reduction": "mean"}),
    ("cross_entropy", (np.array([0.0, 1.0]), np.array([0.0, 1.0])), {}),
    ("sigmoid_focal_loss", (np.array([0.0, -40.0, 40.0, 3.0]), Y), {}),
    ("distillation_kl", (LOGITS, LOGITS[::-1]), {"temperature": 4.0}),
    (  # masked classes: by the teacher, the student, both; a student within 1e-12 of its teacher
        "distillation_kl",
        (
            np.array([[0.0, -np.inf, 1.0], [2.0, 1.0, -np.inf]]),
            np.array([[-np.inf, -np.inf, 3.0], [2.0, 1.0 + 1e-12, 0.5]]),
        ),
        {"temperature": 0.5, "reduction": "sum"},
    ),
    (  # not at z = 0: there the rows' gradients cancel exactly, and JAX's rounding leaves 1e-17
        "sigmoid_focal_loss",
        (np.array([-3.0, 0.25, 0.5, 40.0]), np.array([[1.0], [0.0]])),
        {"gamma": 5.0, "alpha": None, "reduction": "sum"},
    ),
]


@pytest.mark.slow  # compiles JAX code: a second or more
@pytest.mark.parametrize(("name", "args", "kwargs"), GRADIENT_CASES)
def test_jax_grad_of_each_loss_is_the_proved_gradient(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    loss, proved = GRADIENTS[name]
    prediction, target = (jnp.asarray(arg) for arg in args)
    if name in {"kl_divergence", "cross_entropy"}:  # the measures: the gradient in q (the second argument)
        gradient = jax.grad(lambda q: jnp.sum(loss(prediction, q, **kwargs)))(target)
    else:
        gradient = jax.grad(lambda x: loss(x, target, **kwargs))(prediction)
    _close_to_proved(gradient, proved(*args, **kwargs))
    jitted = jax.jit(jax.grad(lambda x: loss(x, target, **kwargs)))(prediction) if name.startswith(("b", "s")) else None
    if jitted is not None:
        _close_to_proved(jitted, proved(*args, **kwargs))


@pytest.mark.slow  # compiles JAX code: a second or more
@pytest.mark.parametrize(("gamma", "alpha"), [(2.0, None), (0.5, 0.25), (0.0, 1.0)])
def test_jax_grad_of_the_focal_loss_has_the_limits_at_infinite_logits(gamma: float, alpha: float | None) -> None:
    """Differentiating the kernel there gives 0 * inf; the loss carries the proved gradient as its JAX rule."""
    z = np.array([np.inf, -np.inf, np.inf, -np.inf, 800.0, -800.0, 1.5])
    y = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.3])
    options: dict[str, Any] = {"gamma": gamma, "alpha": alpha, "reduction": "sum"}
    gradient = jax.jit(jax.grad(lambda x: numeric.sigmoid_focal_loss(x, jnp.asarray(y), **options)))(jnp.asarray(z))
    _close_to_proved(gradient, numeric.sigmoid_focal_loss_grad(z, y, **options))


@pytest.mark.slow  # compiles JAX code: a second or more
def test_jax_grad_of_the_focal_loss_in_the_targets_matches_finite_differences() -> None:
    z, y = np.array([0.5, -1.0, 3.0]), np.array([0.3, 0.9, 0.5])
    loss = functools.partial(numeric.sigmoid_focal_loss, jnp.asarray(z), reduction="sum")
    gradient = np.asarray(jax.grad(loss)(jnp.asarray(y)))
    step = 1e-6
    for k in range(3):
        up, down = y.copy(), y.copy()
        up[k] += step
        down[k] -= step
        difference = (
            float(numeric.sigmoid_focal_loss(z, up, reduction="sum"))
            - float(numeric.sigmoid_focal_loss(z, down, reduction="sum"))
        ) / (2 * step)
        assert gradient[k] == pytest.approx(difference, rel=1e-7)


GAUSSIAN_CASES: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((LOGITS, np.array([[0.5, 1e-9, -2.0]])), {}),
    ((LOGITS, LOGITS[::-1] * 3, np.array([0.25, 0.0, 1.0]), np.array([[1.0], [-1e-12]])), {"reduction": "mean"}),
    ((np.array([0.0, 1.0]), np.array([-700.0, 300.0]), 0.0, np.array([1e-9, 0.0])), {"reduction": "sum"}),
]


@pytest.mark.parametrize(("args", "kwargs"), GAUSSIAN_CASES)
def test_gaussian_kl_gradients_on_array_api_strict_equal_the_numpy_ones(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    results = numeric.gaussian_kl_diagonal_grad(*(xps.asarray(np.asarray(arg)) for arg in args), **kwargs)
    for result, expected in zip(results, numeric.gaussian_kl_diagonal_grad(*args, **kwargs), strict=True):
        assert type(result).__module__.startswith("array_api_strict")
        assert tuple(result.shape) == expected.shape
        _close_to_proved(np.asarray(result._array), expected)


@pytest.mark.slow  # compiles JAX code: a second or more
@pytest.mark.parametrize(("args", "kwargs"), GAUSSIAN_CASES)
def test_jax_grad_of_the_gaussian_kl_is_the_proved_gradient(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    mu, log_var, *prior = (jnp.asarray(np.asarray(arg)) for arg in args)
    options = {**kwargs, "reduction": "sum"}
    loss = jax.jit(jax.grad(lambda m, v: numeric.gaussian_kl_diagonal(m, v, *prior, **options), argnums=(0, 1)))
    for gradient, proved in zip(loss(mu, log_var), numeric.gaussian_kl_diagonal_grad(*args, **options), strict=True):
        _close_to_proved(gradient, proved)


@pytest.mark.slow  # compiles JAX code: a second or more
def test_entropy_gradient_is_infinite_at_zero() -> None:
    p = np.array([0.0, 0.25, 0.75])
    gradient = jax.grad(lambda values: numeric.entropy(values))(jnp.asarray(p))
    _close_to_proved(gradient, numeric.entropy_grad(p))
    assert float(gradient[0]) == math.inf


@pytest.mark.slow  # compiles JAX code: a second or more
def test_value_checks_run_eagerly_and_metadata_checks_under_jit() -> None:
    with pytest.raises(InvalidProbabilityError):
        numeric.entropy(jnp.asarray([0.5, 0.6]))
    with pytest.raises(InvalidProbabilityError):
        numeric.binary_cross_entropy(xps.asarray([1.5]), xps.asarray([1.0]))
    with pytest.raises(InvalidArgumentError, match="reduction"):
        jax.jit(lambda z: numeric.sigmoid(z) + numeric.binary_cross_entropy(z, z, reduction="max"))(jnp.zeros(2))
    with pytest.raises(InvalidArgumentError, match="axis"):
        jax.jit(lambda p: numeric.entropy(p, axis=3))(jnp.asarray([0.5, 0.5]))
    # under jit the values are not there to check: a row that does not sum to 1 is not refused there
    assert math.isfinite(float(jax.jit(numeric.entropy)(jnp.asarray([0.5, 0.6]))))


GRADIENT_FUNCTIONS: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = [
    (numeric.entropy_grad, (P,), {"reduction": "mean", "base": 2}),
    (numeric.cross_entropy_grad, (P, Q), {}),
    (numeric.cross_entropy_grad, (P, np.log(Q)), {"log_q": True}),
    (numeric.kl_divergence_grad, (P, Q), {"reduction": "batchmean"}),
    (numeric.kl_divergence_grad, (np.log(P[:1]), np.log(Q[:1])), {"log_p": True, "log_q": True}),
    (numeric.binary_cross_entropy_grad, (np.array([0.0, 0.3, 1.0]), np.array([0.0, 1.0, 1.0])), {"pos_weight": 2.0}),
    (
        numeric.binary_cross_entropy_with_logits_grad,
        (np.array([0.0, np.inf, -3.0]), np.array([1.0, 0.5, 0.0])),
        {"weight": np.array([[1.0], [2.0]]), "label_smoothing": 0.1},
    ),
    (numeric.softmax_cross_entropy_grad, (np.array([[0.0, -np.inf, 1.0], [3.0, 3.0, 0.0]]), np.array([2, 1])), {}),
    (
        numeric.softmax_cross_entropy_grad,
        (LOGITS, np.array([0, -100])),
        {"ignore_index": -100, "weight": np.array([1.0, 2.0, 0.5]), "label_smoothing": 0.1},
    ),
    (numeric.softmax_cross_entropy_grad, (LOGITS.T, Q.T), {"axis": 0, "sample_weight": np.array([1.0, 0.5])}),
    (
        numeric.sigmoid_focal_loss_grad,
        (np.array([np.inf, -np.inf, 0.0, 800.0]), np.array([[1.0], [0.0]])),
        {"gamma": 0.5, "alpha": 0.25, "reduction": "none"},
    ),
    (numeric.sigmoid_focal_loss_grad, (Z, Y), {"gamma": 2.0, "alpha": None}),
    (numeric.distillation_kl_grad, (LOGITS.T, LOGITS.T[::-1]), {"temperature": 3.0, "axis": 0, "reduction": "mean"}),
    (
        numeric.distillation_kl_grad,
        (np.array([[0.0, -np.inf, 1.0], [2.0, 1.0, -np.inf]]), np.array([[-np.inf, -np.inf, 3.0], [2.0, 1.0, 0.5]])),
        {"temperature": 0.5},
    ),
]


@pytest.mark.parametrize(("gradient", "args", "kwargs"), GRADIENT_FUNCTIONS)
def test_gradient_functions_on_array_api_strict_equal_the_numpy_ones(
    gradient: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with np.errstate(divide="ignore"):
        result = gradient(*(xps.asarray(arg) for arg in args), **kwargs)
        expected = gradient(*args, **kwargs)
    assert type(result).__module__.startswith("array_api_strict")
    _close_to_proved(np.asarray(result._array), expected)


def test_arrays_of_two_libraries_are_refused_clearly() -> None:
    with pytest.raises(InvalidArgumentError, match="not supported together"):
        numeric.cross_entropy(xps.asarray([0.5, 0.5]), jnp.asarray([0.5, 0.5]))


def test_numpy_input_stays_numpy() -> None:
    assert isinstance(numeric.softmax(LOGITS), np.ndarray)
    assert isinstance(numeric.entropy([0.5, 0.5]), np.floating)


@pytest.mark.slow  # compiles JAX code: a second or more
def test_readme_example_of_other_array_libraries_runs() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Other array libraries", 1)[1].split("\n## ", 1)[0]
    (example,) = re.findall(r"```pycon\n(.*?)```", section, flags=re.S)
    test = doctest.DocTestParser().get_doctest(example, {}, "README: Other array libraries", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False) == doctest.TestResults(failed=0, attempted=len(test.examples))


def test_distillation_checks_masked_rows_along_the_class_axis() -> None:
    """A row with every class masked is refused along ``axis`` (not the last axis), as on the NumPy path."""
    teacher = np.array([[0.5, 0.0], [0.0, 0.2]])
    masked_along_axis_0 = np.array([[0.0, -np.inf], [1.0, -np.inf]])
    masked_along_axis_1 = np.array([[-np.inf, -np.inf], [1.0, 0.0]])
    for student in (masked_along_axis_0, masked_along_axis_1.T):
        for arrays in ((student, teacher), (xps.asarray(student), xps.asarray(teacher))):
            with pytest.raises(InvalidArgumentError, match="every logit -inf"):
                numeric.distillation_kl(*arrays, axis=0)
    expected = numeric.distillation_kl(masked_along_axis_1, teacher, axis=0, reduction="none")
    result = numeric.distillation_kl(xps.asarray(masked_along_axis_1), xps.asarray(teacher), axis=0, reduction="none")
    np.testing.assert_array_equal(np.asarray(result._array), expected)

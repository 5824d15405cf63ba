"""Integrals of an unknown density, for the prover: definitions applied, variables changed, linearity.

A density declared with :class:`~.density_declarations.Density` is an undefined SymPy function
``f`` (``f(x) > 0``) of which the prover knows only the integrals its declaration lists as facts:
``int f = 1``, ``int x f = mu``, ``int x^2 f = sigma^2 + mu^2``, ``int f log f = -h(f)``. Those integrals
converge by the declaration's assumptions, and so linearity of the integral may split an integral
into them: ``int f (a + b x^2) dx = a + b (sigma^2 + mu^2)``. An integral is split only when every part
is such a listed integral or one SymPy evaluates to a finite value without ``f``
(``int phi = 1``); otherwise it is left whole, and no statement about it is proved this way.

Before the split, the integration variable is changed so that ``f`` is applied to the declared
variable itself: over the whole line, ``int g(y) dy = |a| int g(a x + b) dx`` for real ``a != 0``, so
``int f(y/c) / |c| log(f(y/c) / |c|) dy`` becomes ``int f(x) log(f(x) / |c|) dx``. A function defined
by a formula (:class:`~.density_declarations.DefinedFunction`, ``phi(x) = ...``) is replaced by it.

>>> x = sp.Symbol("x", real=True)
>>> f = sp.Function("f", positive=True, density=True)
>>> whole = (x, -sp.oo, sp.oo)
>>> facts = ((sp.Integral(f(x), whole), sp.S.One), (sp.Integral(x**2 * f(x), whole), sp.Symbol("m2")))
>>> split_density_integrals(sp.Integral((3 + x**2) * f(x), whole), facts)
m2 + 3
>>> c = sp.Symbol("c", positive=True)
>>> split_density_integrals(sp.Integral(f(x / c) / c, whole), facts)
1
"""

from __future__ import annotations

from functools import partial

import sympy as sp
from sympy.core.function import AppliedUndef

__all__ = ["apply_definitions", "is_density", "split_density_integrals", "with_formulas", "without_definitions"]

Facts = tuple[tuple[sp.Basic, sp.Basic], ...]


def is_density(function: object) -> bool:
    """Whether ``function`` is an unknown density's SymPy function (made by ``density_function``)."""
    return isinstance(function, sp.FunctionClass) and getattr(function, "density", False) is True


def _is_definition(fact: tuple[sp.Basic, sp.Basic]) -> bool:
    return isinstance(fact[0], sp.FunctionClass) and isinstance(fact[1], sp.Lambda)


def without_definitions(facts: Facts) -> Facts:
    """``facts`` without the definitions of functions (``phi = Lambda(x, ...)``): the functions stay unknown."""
    return tuple(fact for fact in facts if not _is_definition(fact))


def with_formulas(expr: sp.Basic, formulas: dict[sp.Basic, sp.Lambda]) -> sp.Basic:
    """Each application of a function in ``formulas`` replaced by its formula at the argument.

    Functions are matched by name and assumptions (two ``Function("phi")`` made apart are different
    classes, so ``isinstance`` would miss one).

    >>> x = sp.Symbol("x")
    >>> with_formulas(sp.Function("g")(2 * x), {sp.Function("g"): sp.Lambda(x, x**2)})
    4*x**2
    """
    if not formulas:
        return expr
    return expr.replace(
        lambda e: isinstance(e, AppliedUndef) and e.func in formulas, lambda e: formulas[e.func](*e.args)
    )


def apply_definitions(expr: sp.Basic, facts: Facts) -> sp.Basic:
    """Every function defined in ``facts`` replaced by its formula, at whatever argument it is applied to."""
    return with_formulas(
        expr, {function: formula for function, formula in facts if _is_definition((function, formula))}
    )


def _listed(facts: Facts) -> tuple[dict[sp.Basic, sp.Basic], dict[sp.Basic, sp.Symbol]]:
    """The listed integrals of densities (by their integral) and each density's declared variable."""
    values: dict[sp.Basic, sp.Basic] = {}
    variables: dict[sp.Basic, sp.Symbol] = {}
    for integral, value in facts:
        if not (isinstance(integral, sp.Integral) and len(integral.limits) == 1):
            continue
        applications = [e for e in integral.function.atoms(AppliedUndef) if is_density(e.func)]
        if applications:
            values[integral] = value
            variables[applications[0].func] = integral.limits[0][0]
    return values, variables


def split_density_integrals(expr: sp.Basic, facts: Facts) -> sp.Basic:
    """Each whole-line integral of a density in ``expr`` split into the integrals ``facts`` list (see the module)."""
    if not expr.has(sp.Integral):
        return expr
    values, variables = _listed(facts)
    if not values:
        return expr
    return expr.replace(
        lambda e: isinstance(e, sp.Integral) and _of_one_density(e, variables) is not None,
        partial(_split, values, variables),
    )


def _of_one_density(integral: sp.Integral, variables: dict[sp.Basic, sp.Symbol]) -> sp.Basic | None:
    """The one declared density that a whole-line integral in one variable applies, else None."""
    if len(integral.limits) != 1 or len(integral.limits[0]) != 3:
        return None
    _, low, high = integral.limits[0]
    if low is not sp.S.NegativeInfinity or high is not sp.S.Infinity:
        return None
    functions = {e.func for e in integral.function.atoms(AppliedUndef) if is_density(e.func)}
    if len(functions) != 1:
        return None
    (function,) = functions
    return function if function in variables else None


def _on_declared_variable(integral: sp.Integral, function: sp.Basic, declared: sp.Symbol) -> sp.Basic | None:
    """The integrand written in the declared variable, with ``f`` applied to it alone; None if not linear."""
    variable = integral.limits[0][0]
    integrand = integral.function
    arguments = {e.args for e in integrand.atoms(AppliedUndef) if e.func == function}
    if len(arguments) != 1:
        return None
    (argument,) = arguments.pop()
    if declared != variable and declared in integrand.free_symbols:
        return None  # the declared variable is another quantity here: renaming would capture it
    polynomial = sp.Poly(argument, variable) if argument.is_polynomial(variable) else None
    if polynomial is None or polynomial.degree() != 1:
        return None
    slope, offset = polynomial.coeff_monomial(variable), polynomial.coeff_monomial(1)
    if slope.is_real is not True or slope.is_zero is not False or offset.is_real is not True:
        return None
    if slope == 1 and offset == 0:
        return integrand.xreplace({variable: declared})
    return integrand.xreplace({variable: (declared - offset) / slope}) / sp.Abs(slope)


def _split(values: dict[sp.Basic, sp.Basic], variables: dict[sp.Basic, sp.Symbol], integral: sp.Integral) -> sp.Basic:
    function = _of_one_density(integral, variables)
    assert function is not None
    declared = variables[function]
    integrand = _on_declared_variable(integral, function, declared)
    if integrand is None:
        return integral
    whole = (declared, sp.S.NegativeInfinity, sp.S.Infinity)
    total = []
    for term in sp.Add.make_args(sp.expand(sp.expand_log(integrand, force=False))):
        constant, dependent = term.as_independent(declared, as_Add=False)
        part = sp.Integral(dependent, whole)
        if part in values:
            total.append(constant * values[part])
            continue
        if dependent.has(function):
            return integral  # an integral the declaration does not say converges: not split
        value = part.doit()
        if value.has(sp.Integral) or value.is_finite is not True:
            return integral
        total.append(constant * value)
    return sp.Add(*total)

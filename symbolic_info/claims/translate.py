"""Translate a parsed claim into a :class:`Claim`: its relations, conditions and variables as SymPy objects.

The expressions are built node by node by :class:`.translator.Translator`, whose names get one role
each (a probability vector, a real vector, ``n``, an index, a constant or a real scalar); here the
claim is assembled from them: vector aliases (``where q = p``), a statement (``convex(f, x)``) or an
optimum (``argmin(f, x) = e``) turned into its inequality, sides infinite at the values written
decided, the real variables bounded by the conditions, and the sizes ``n`` to search chosen.

>>> from symbolic_info.claims.syntax import parse_claim
>>> claim = translate(parse_claim("log(x) <= x - 1 where x > 0"))
>>> claim.relations[0].left, claim.variables.scalars[0].symbol.is_positive
(log(x), True)
"""

from __future__ import annotations

import ast

import sympy as sp

from ..engine.obligations import Relation
from ..errors import ClaimSyntaxError
from ..formulas.vectors import ExtremeEntry
from .bounds import bound_scalars, count_values, literal_tolerance
from .claim import Claim, Comparison, Variables
from .convexity import check_domain, statement_comparison
from .entrywise import check_roles, entry_coverings, entry_domains
from .infinite import InfiniteSideError, infinite_comparison
from .language import VECTOR_NAMES
from .optimum import at_optimum, optimum_comparison, optimum_distance, optimum_side, optimum_texts
from .structure import check_structure
from .structured import LARGE_SIZES
from .syntax import ParsedClaim, Piece
from .translator import Role, Translator

__all__ = ["Claim", "Comparison", "Role", "Variables", "check_structure", "translate"]


def _vector_aliases(parsed: ParsedClaim) -> tuple[dict[str, str], list[int]]:
    """Conditions like ``q = p`` make ``q`` another name for ``p``; returns the aliases and the conditions used."""
    aliases: dict[str, str] = {}
    used = []
    for position, condition in enumerate(parsed.conditions):
        trees = [side.tree for side in condition.sides]
        if condition.relations == (Relation.EQ,) and all(
            isinstance(t, ast.Name) and t.id in VECTOR_NAMES for t in trees
        ):
            first, second = sorted(t.id for t in trees if isinstance(t, ast.Name))
            aliases[second] = aliases.get(first, first)
            used.append(position)
    return aliases, used


def _relations(translator: Translator, sides: tuple[Piece, ...], relations: tuple[Relation, ...]) -> list[Comparison]:
    values = [translator.expr(piece, piece.tree) for piece in sides]
    return [Comparison(values[k], relation, values[k + 1]) for k, relation in enumerate(relations)]


def _replaced(relation: Comparison, replacements: dict[sp.Basic, sp.Expr]) -> Comparison:
    return Comparison(relation.left.xreplace(replacements), relation.relation, relation.right.xreplace(replacements))


def translate(parsed: ParsedClaim) -> Claim:
    """The SymPy form of ``parsed``; raises :class:`ClaimSyntaxError` where a name or value is misused."""
    check_structure(parsed)
    aliases, alias_conditions = _vector_aliases(parsed)
    translator = Translator(aliases, parsed.names)
    translator.vector_names = parsed.vector_names
    statement, optimum, position_of_optimum = None, None, optimum_side(parsed)
    if parsed.statement:
        call = parsed.sides[0].tree
        assert isinstance(call, ast.Call)  # parse_claim: a statement is a call
        relation, statement = statement_comparison(translator, parsed.sides[0], call)
        relations = [relation]
    elif position_of_optimum is not None:  # check_structure: argmin(f, x) = e, one equation
        relation, optimum = optimum_comparison(translator, parsed, position_of_optimum)
        relations = [relation]
    else:
        relations = _relations(translator, parsed.sides, parsed.relations)
    domains, entrywise_conditions = entry_domains(parsed, translator)  # once the sides' free indices are known
    conditions = []
    for position, chain in enumerate(parsed.conditions):
        if position not in alias_conditions and position not in entrywise_conditions:
            conditions.extend(_relations(translator, chain.sides, chain.relations))
    conditions.extend(translator.implicit)
    check_roles(translator)
    if optimum is not None:
        relations.extend(at_optimum(optimum, conditions))
    infinite = [side for k, r in enumerate(relations) if (side := infinite_comparison(r, k)) is not None]
    if infinite:  # decided exactly: a violated relation if there is one, else the first
        raise InfiniteSideError(next((side for side in infinite if side.violated), infinite[0]))
    for relation in relations + conditions:
        for side in (relation.left, relation.right):
            if side.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                raise ClaimSyntaxError(f"{side} is undefined or infinite")
    scalars, replacements = bound_scalars(
        [s for n, s in translator.symbols.items() if translator.roles[n] == Role.REAL], conditions
    )
    if statement is not None:
        entry_bounded = [
            (vector.base, domains[name]) for name, vector in translator.real_vectors.items() if name in domains
        ]
        check_domain(statement, scalars, conditions, replacements, entry_coverings(entry_bounded))
    relations = [_replaced(r, replacements) for r in relations]
    conditions = [_replaced(c, replacements) for c in conditions]
    distance = optimum_distance(optimum, replacements) if optimum is not None else None
    everything = [side for r in relations + conditions for side in (r.left, r.right)]
    everything += [distance] if distance is not None else []  # the optimum's variable is sampled, used or not
    bases = {entry.base for side in everything for entry in side.atoms(sp.Indexed)}
    bases |= {extreme.args[0] for side in everything for extreme in side.atoms(ExtremeEntry)}  # max(p)
    vectors = sorted((base for base in bases if str(base.label) in VECTOR_NAMES), key=str)
    reals = tuple(sorted((vector.base for vector in translator.real_vectors.values()), key=str))
    indices = tuple(s for n, s in translator.symbols.items() if translator.roles[n] == Role.CATEGORY_INDEX)
    count = translator.categories.n  # the translator's n: one symbol for the whole claim
    general = translator.uses_n or bool(vectors) or any(count in side.free_symbols for side in everything)
    only_n = not (vectors or reals or indices or scalars)
    n_values = (
        count_values(conditions, count, translator.min_n, exhaustive=only_n, larger=LARGE_SIZES) if general else ()
    )
    try:
        tolerance: sp.Rational | None = literal_tolerance(parsed)
    except ClaimSyntaxError:
        if Relation.APPROX in parsed.relations:
            raise
        tolerance = None
    bounded = tuple(domains[str(base.label)] for base in reals if str(base.label) in domains)
    variables = Variables(count if general else None, n_values, tuple(vectors), indices, scalars, reals, bounded)
    texts = tuple(piece.text for piece in parsed.sides)
    described = optimum_texts(optimum, relations) if optimum is not None else ()
    return Claim(parsed.text, tuple(relations), tuple(conditions), variables, tolerance, texts, described, distance)

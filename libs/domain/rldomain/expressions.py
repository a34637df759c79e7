"""The small expression language of study files: rewards, states and features as data.

An expression is one line of Python-looking syntax, parsed with `ast.parse(mode="eval")` and
compiled ONCE, when the study loads, into nested closures. Nothing is ever passed to `eval` or
`exec`: only the node types below are accepted, names are looked up in the values we give, and a
dotted name or a subscript reads a key of a mapping, never an attribute of a Python object.
Expressions longer than MAX_LENGTH characters or deeper than MAX_DEPTH nodes are refused.

Values: numbers, true/false (True/False), strings, lists, mappings, and `missing`. A request's
None, "NA" or blank string reads as missing, and so does a key a mapping lacks.
- Arithmetic (+ - * /, unary -): on numbers; `+` also joins two lists. Missing in, missing out;
  so is a division by zero.
- Comparisons (< <= > >= == != in, not in): false whenever missing is involved.
- Conditions (`and`, `or`, `not`, `a if c else b`): only the value true is true; missing, numbers
  and strings read as false (an EMA answer of 1 is not a "yes"). They give true or false.
- Lists: `[a, b]`, `x[i]` (missing when out of range); mappings: `x.key` or `x["key"]`.
- Functions: mean, sum, len (= count), min, max (of one list, or of several numbers), abs,
  last(list, k), values(list) (its present entries), present(x), default(x, d), clip(x, lo, hi),
  standardize(x, list) ((x - mean) / sample sd; missing if sd is 0 or fewer than 2 values),
  any(list), all(list), all_in(list, choices). A missing list reads as the empty list;
  aggregates (mean, sum, min, max, standardize) are missing when an entry is.

A mistake the study file makes (an unknown name, a node we do not accept) is an ExpressionError
naming the file's key and the offending part, raised at load. At run time a value of the wrong
kind (values() of a number, "a" < 1) is an ExpressionError naming the key only, never a value:
the values are health data.

Features are compiled a second way, over numpy columns (`compile_columns`), because the trainer
builds them for up to a million rows: there only numbers, names, arithmetic, comparisons,
conditions, abs, min, max and clip are available, with the same meaning.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

MAX_LENGTH = 500
MAX_DEPTH = 30
MISSING_NAMES = ("missing",)

Values = Mapping[str, Any]
Compiled = Callable[[Values], Any]
Columns = Mapping[str, Any]  # numpy columns, or one state's floats
CompiledColumns = Callable[[Columns], Any]


class ExpressionError(ValueError):
    pass


_MISSING_TEXTS = frozenset(("", "NA", "na"))


def missing_value(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _MISSING_TEXTS)


def _clean(value: Any) -> Any:
    # missing_value inlined: this runs for every name and list entry an expression reads.
    if isinstance(value, str) and value.strip() in _MISSING_TEXTS:
        return None
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float)  # bool is an int: true counts as 1 in arithmetic


def _true(value: Any) -> bool:
    return value is True


def _fail(where: str, problem: str) -> ExpressionError:
    return ExpressionError(f"{where}: {problem}")


# ---- compiling --------------------------------------------------------------------------------


def parse(text: str, where: str) -> ast.expr:
    if not isinstance(text, str) or not text.strip():
        raise _fail(where, "an expression must be a non-empty string")
    if len(text) > MAX_LENGTH:
        raise _fail(where, f"longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise _fail(where, "not a valid expression") from None
    _check_depth(tree.body, where, 1)
    return tree.body


def _check_depth(node: ast.AST, where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _fail(where, f"nested deeper than {MAX_DEPTH}")
    for child in ast.iter_child_nodes(node):
        _check_depth(child, where, depth + 1)


def compile_expression(text: str, where: str, names: Sequence[str] | None = None) -> Compiled:
    """`names`: the only names the expression may use (None: any, unknown ones read as missing,
    as a reward over a backend's free-form record must)."""
    return _Compiler(text.strip(), where, None if names is None else frozenset(names)).build(
        parse(text, where)
    )


class _Compiler:
    def __init__(self, text: str, where: str, names: frozenset[str] | None) -> None:
        self.text, self.where, self.names = text, where, names

    def refuse(self, node: ast.AST, problem: str) -> ExpressionError:
        part = ast.get_source_segment(self.text, node) or type(node).__name__
        return _fail(self.where, f"{problem} in {part!r}")

    def build(self, node: ast.expr) -> Compiled:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.List):
            items = [self.build(e) for e in node.elts]
            return lambda v: [_clean(item(v)) for item in items]
        if isinstance(node, ast.Attribute):
            if node.attr.startswith("_"):
                raise self.refuse(node, "a key starting with '_'")
            return _key_of(self.build(node.value), node.attr)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node)
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.BoolOp):
            return _bool_op(isinstance(node.op, ast.And), [self.build(e) for e in node.values])
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            test, body, orelse = (
                self.build(node.test),
                self.build(node.body),
                self.build(node.orelse),
            )
            return lambda v: body(v) if _true(test(v)) else orelse(v)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.refuse(node, f"{type(node).__name__} is not part of the language")

    def constant(self, node: ast.Constant) -> Compiled:
        value = node.value
        if isinstance(value, float) and not math.isfinite(value):
            raise self.refuse(node, "a number too large")
        if not isinstance(value, bool | int | float | str):
            raise self.refuse(node, "a constant of an unknown kind")
        return lambda v: value

    def name(self, node: ast.Name) -> Compiled:
        name = node.id
        if name in MISSING_NAMES:
            return lambda v: None
        if name.startswith("_"):
            raise self.refuse(node, "a name starting with '_'")
        if self.names is not None and name not in self.names:
            raise self.refuse(node, f"unknown name {name!r}")
        return lambda v: _clean(v.get(name))

    def subscript(self, node: ast.Subscript) -> Compiled:
        if isinstance(node.slice, ast.Slice):
            raise self.refuse(node, "a slice (use last(list, k))")
        container, key, where = self.build(node.value), self.build(node.slice), self.where

        def read(v: Values) -> Any:
            c, k = container(v), key(v)
            if c is None or k is None:
                return None
            if isinstance(c, Mapping):
                return _clean(c.get(k)) if isinstance(k, str) else None
            if isinstance(c, list) and isinstance(k, int) and not isinstance(k, bool):
                return _clean(c[k]) if -len(c) <= k < len(c) else None
            raise _fail(where, "[] reads a key of a mapping or an entry of a list")

        return read

    def unary(self, node: ast.UnaryOp) -> Compiled:
        operand, where = self.build(node.operand), self.where
        if isinstance(node.op, ast.Not):
            return lambda v: not _true(operand(v))
        if isinstance(node.op, ast.USub | ast.UAdd):
            sign = -1 if isinstance(node.op, ast.USub) else 1

            def signed(v: Values) -> Any:
                x = operand(v)
                if x is None:
                    return None
                if not _is_number(x):
                    raise _fail(where, "a sign needs a number")
                return sign * x

            return signed
        raise self.refuse(node, f"{type(node.op).__name__} is not part of the language")

    def binary(self, node: ast.BinOp) -> Compiled:
        op = _ARITHMETIC.get(type(node.op))
        if op is None:
            raise self.refuse(node, f"{type(node.op).__name__} is not part of the language")
        left, right, where = self.build(node.left), self.build(node.right), self.where
        joins = isinstance(node.op, ast.Add)

        def arithmetic(v: Values) -> Any:
            a, b = left(v), right(v)
            if joins and isinstance(a, list) and isinstance(b, list):
                return a + b
            if a is None or b is None:
                return None
            if not (_is_number(a) and _is_number(b)):
                raise _fail(where, "arithmetic needs numbers")
            try:
                return op(a, b)
            except ZeroDivisionError:
                return None
            except OverflowError:
                raise _fail(where, "a number too large") from None

        return arithmetic

    def compare(self, node: ast.Compare) -> Compiled:
        ops = []
        for op in node.ops:
            fn = _COMPARISONS.get(type(op))
            if fn is None:
                raise self.refuse(node, f"{type(op).__name__} is not part of the language")
            ops.append(fn)
        operands = [self.build(e) for e in (node.left, *node.comparators)]
        where = self.where
        if len(ops) == 1:  # the usual case, without the loops
            return _single_comparison(ops[0], operands[0], operands[1], where)

        def comparison(v: Values) -> bool:
            values = [o(v) for o in operands]
            if any(x is None for x in values):
                return False
            try:
                return all(f(a, b) for f, a, b in zip(ops, values, values[1:], strict=False))
            except TypeError:
                raise _fail(where, "a comparison of values of different kinds") from None

        return comparison

    def call(self, node: ast.Call) -> Compiled:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise self.refuse(node, f"unknown function; known: {', '.join(sorted(FUNCTIONS))}")
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.refuse(node, "a function takes plain arguments only")
        name = node.func.id
        fn, arity = FUNCTIONS[name]
        if not arity[0] <= len(node.args) <= arity[1]:
            raise self.refuse(node, f"{name}() takes {_arity(arity)} arguments")
        args = [self.build(a) for a in node.args]
        where = self.where

        def called(v: Values) -> Any:
            try:
                return fn(*[a(v) for a in args])
            except (TypeError, ValueError, OverflowError):
                raise _fail(where, f"{name}() got a value of the wrong kind") from None

        if len(args) != 1:
            return called
        (only,) = args

        def called_once(v: Values) -> Any:  # most calls take one argument: no list to build
            try:
                return fn(only(v))
            except (TypeError, ValueError, OverflowError):
                raise _fail(where, f"{name}() got a value of the wrong kind") from None

        return called_once


def _bool_op(conjunction: bool, parts: list[Compiled]) -> Compiled:
    """`and` stops at the first part that is not true, `or` at the first that is."""

    def bool_op(v: Values) -> bool:
        for part in parts:
            if (part(v) is True) != conjunction:
                return not conjunction
        return conjunction

    return bool_op


def _single_comparison(
    op: Callable[[Any, Any], bool], left: Compiled, right: Compiled, where: str
) -> Compiled:
    def comparison(v: Values) -> bool:
        a, b = left(v), right(v)
        if a is None or b is None:
            return False
        try:
            return op(a, b)
        except TypeError:
            raise _fail(where, "a comparison of values of different kinds") from None

    return comparison


def _key_of(container: Compiled, key: str) -> Compiled:
    def read(v: Values) -> Any:
        c = container(v)
        return _clean(c.get(key)) if isinstance(c, Mapping) else None

    return read


def _arity(arity: tuple[int, float]) -> str:
    low, high = arity
    if low == high:
        return str(low)
    return f"{low} or more" if high == math.inf else f"{low} to {int(high)}"


_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_COMPARISONS: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.In: lambda a, b: isinstance(b, list) and a in b,
    ast.NotIn: lambda a, b: isinstance(b, list) and a not in b,
}


# ---- functions --------------------------------------------------------------------------------


def _entries(xs: Any) -> list[Any]:
    """A list argument's entries, missing ones as None; a missing list is the empty list."""
    if xs is None:
        return []
    if not isinstance(xs, list):
        raise TypeError("not a list")
    if str not in map(type, xs):  # the common case, no text, nothing to clean (a C-level scan)
        return xs
    return [_clean(x) for x in xs]


def _numbers(xs: Any) -> list[Any] | None:
    """The entries of an aggregate's list, or None (missing) if any entry is missing."""
    entries = _entries(xs)
    if any(x is None for x in entries):
        return None
    if not all(_is_number(x) for x in entries):
        raise TypeError("not numbers")
    return entries


def _mean(xs: Any) -> Any:
    entries = _numbers(xs)
    return None if not entries else sum(entries) / len(entries)


def _sum(xs: Any) -> Any:
    entries = _numbers(xs)
    return None if entries is None else sum(entries)


def _extreme(pick: Callable[..., Any]) -> Callable[..., Any]:
    def extreme(*args: Any) -> Any:
        entries = _numbers(args[0]) if len(args) == 1 else _numbers(list(args))
        return pick(entries) if entries else None

    return extreme


def _abs(x: Any) -> Any:
    if x is None:
        return None
    if not _is_number(x):
        raise TypeError("not a number")
    return abs(x)


def _last(xs: Any, k: Any) -> list[Any]:
    if not isinstance(k, int) or isinstance(k, bool) or k < 0:
        raise ValueError("k must be a whole number")
    entries = _entries(xs)
    return entries[len(entries) - k :] if k else []


def _clip(x: Any, low: Any, high: Any) -> Any:
    if x is None or low is None or high is None:
        return None
    if not (_is_number(x) and _is_number(low) and _is_number(high)):
        raise TypeError("not numbers")
    return min(max(x, low), high)


def _standardize(x: Any, xs: Any) -> Any:
    entries = _numbers(xs)
    if x is None or entries is None or len(entries) < 2:
        return None
    if not _is_number(x):
        raise TypeError("not a number")
    mean = sum(entries) / len(entries)
    sd = math.sqrt(sum((e - mean) ** 2 for e in entries) / (len(entries) - 1))
    return None if sd == 0 else (x - mean) / sd


def _all_in(xs: Any, choices: Any) -> bool:
    allowed = _entries(choices)
    return all(x in allowed for x in _entries(xs))


# name -> (function, (fewest, most arguments))
FUNCTIONS: dict[str, tuple[Callable[..., Any], tuple[int, float]]] = {
    "mean": (_mean, (1, 1)),
    "sum": (_sum, (1, 1)),
    "len": (lambda xs: len(_entries(xs)), (1, 1)),
    "count": (lambda xs: len(_entries(xs)), (1, 1)),
    "min": (_extreme(min), (1, math.inf)),
    "max": (_extreme(max), (1, math.inf)),
    "abs": (_abs, (1, 1)),
    "last": (_last, (2, 2)),
    "values": (lambda xs: [x for x in _entries(xs) if x is not None], (1, 1)),
    "present": (lambda x: x is not None, (1, 1)),
    "default": (lambda x, d: d if x is None else x, (2, 2)),
    "clip": (_clip, (3, 3)),
    "standardize": (_standardize, (2, 2)),
    "any": (lambda xs: any(_true(x) for x in _entries(xs)), (1, 1)),
    "all": (lambda xs: all(_true(x) for x in _entries(xs)), (1, 1)),
    "all_in": (_all_in, (2, 2)),
}


# ---- the same language over numpy columns, for features ---------------------------------------


def compile_columns(text: str, where: str, names: Sequence[str]) -> CompiledColumns:
    """A feature over the columns of a state matrix: gives a column, or a number for all rows."""
    return _ColumnCompiler(text.strip(), where, frozenset(names)).build(parse(text, where))


class _ColumnCompiler(_Compiler):
    def build(self, node: ast.expr) -> Compiled:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                raise self.refuse(node, "a string in a feature")
            return self.constant(node)
        if isinstance(node, ast.Name):
            if self.names is None or node.id not in self.names:
                raise self.refuse(node, f"unknown name {node.id!r} (features see the state)")
            name = node.id
            return lambda c: c[name]
        if isinstance(node, ast.UnaryOp):
            operand = self.build(node.operand)
            if isinstance(node.op, ast.Not):
                return lambda c: np.logical_not(_condition(operand(c)))
            if isinstance(node.op, ast.USub):
                return lambda c: np.negative(operand(c))
            if isinstance(node.op, ast.UAdd):
                return operand
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            op, left, right = (
                _ARITHMETIC[type(node.op)],
                self.build(node.left),
                self.build(node.right),
            )
            return lambda c: op(np.asarray(left(c), np.float64), right(c))
        if isinstance(node, ast.BoolOp):
            parts = [self.build(e) for e in node.values]
            join = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            return lambda c: _fold(join, [_condition(p(c)) for p in parts])
        if isinstance(node, ast.Compare) and all(
            type(op) in _COMPARISONS and not isinstance(op, ast.In | ast.NotIn) for op in node.ops
        ):
            fns = [_COMPARISONS[type(op)] for op in node.ops]
            operands = [self.build(e) for e in (node.left, *node.comparators)]

            def compare(c: Columns) -> Any:
                values = [o(c) for o in operands]
                return _fold(
                    np.logical_and,
                    [f(a, b) for f, a, b in zip(fns, values, values[1:], strict=False)],
                )

            return compare
        if isinstance(node, ast.IfExp):
            test, body, orelse = (
                self.build(node.test),
                self.build(node.body),
                self.build(node.orelse),
            )
            return lambda c: np.where(_condition(test(c)), body(c), orelse(c))
        if isinstance(node, ast.Call):
            return self.column_call(node)
        raise self.refuse(node, "not available in features")

    def column_call(self, node: ast.Call) -> Compiled:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        arity = {"abs": (1, 1), "clip": (3, 3), "min": (2, 8), "max": (2, 8)}.get(name)
        if arity is None or node.keywords or not arity[0] <= len(node.args) <= arity[1]:
            raise self.refuse(node, "features call abs(x), clip(x, lo, hi), min or max of numbers")
        args = [self.build(a) for a in node.args]
        if name == "abs":
            return lambda c: np.abs(args[0](c))
        if name == "clip":
            return lambda c: np.minimum(np.maximum(args[0](c), args[1](c)), args[2](c))
        pick = np.minimum if name == "min" else np.maximum
        return lambda c: _fold(pick, [a(c) for a in args])


def _condition(value: Any) -> Any:
    """Only true is true, as in the scalar language: a number column reads as false."""
    array = np.asarray(value)
    return array if array.dtype == np.bool_ else np.zeros(array.shape, dtype=np.bool_)


def _fold(fn: Callable[[Any, Any], Any], values: list[Any]) -> Any:
    result = values[0]
    for value in values[1:]:
        result = fn(result, value)
    return result

"""The study files' expression language: what it computes, what it refuses, and that features
over numpy columns mean what the same expression means over one state."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rldomain.expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionError,
    compile_columns,
    compile_expression,
)


def run(text: str, **values: Any) -> Any:
    return compile_expression(text, "state.x")(values)


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("1 + 2 * 3 - 4 / 2", {}, 5.0),
        ("-x + 1", {"x": 2}, -1),
        ("a + b", {"a": [1], "b": [2, 3]}, [1, 2, 3]),
        ("x.y.z", {"x": {"y": {"z": 7}}}, 7),
        ('x["y"]', {"x": {"y": 7}}, 7),
        ("x[1]", {"x": [4, 5]}, 5),
        ("x[-1]", {"x": [4, 5]}, 5),
        ("x[2]", {"x": [4, 5]}, None),
        ("x.nothing", {"x": {}}, None),
        ("x.y", {"x": [1]}, None),  # a key of anything but a mapping is missing
        ("x", {"x": "NA"}, None),
        ("x", {"x": " "}, None),
        ("x", {}, None),
        ("missing", {}, None),
        ("1 < x <= 3", {"x": 3}, True),
        ("1 < x <= 3", {"x": 4}, False),
        ('mood in ["low", "mid"]', {"mood": "mid"}, True),
        ('mood not in ["low", "mid"]', {"mood": "high"}, True),
        ("1 if c else 2", {"c": True}, 1),
        ("1 if c else 2", {"c": 1}, 2),  # only true is true
        ("1 if c else 2", {"c": "yes"}, 2),
        ("a and b", {"a": True, "b": True}, True),
        ("a or b", {"a": False, "b": 3}, False),
        ("not a", {"a": "NA"}, True),
        ("x > 1 and values(x) == []", {"x": 0}, False),  # stops before values() of a number
        ("x == 0 or values(x) == []", {"x": 0}, True),
        ("mean(xs)", {"xs": [1, 2, 6]}, 3.0),
        ("mean(xs)", {"xs": []}, None),
        ("mean(xs)", {"xs": [1, None]}, None),
        ("mean(values(xs))", {"xs": [1, "NA", 3]}, 2.0),
        ("sum(xs)", {"xs": []}, 0),
        ("len(xs) + count(xs)", {"xs": [1, "NA"]}, 4),
        ("len(xs)", {"xs": "NA"}, 0),  # a missing list reads as the empty list
        ("min(xs)", {"xs": [3, 1, 2]}, 1),
        ("max(a, b, 2)", {"a": 1, "b": 5}, 5),
        ("max(a, b)", {"a": 1, "b": None}, None),
        ("abs(x)", {"x": -2.5}, 2.5),
        ("last(xs, 2)", {"xs": [1, 2, 3]}, [2, 3]),
        ("last(xs, 5)", {"xs": [1, 2]}, [1, 2]),
        ("last(xs, 0)", {"xs": [1, 2]}, []),
        ("present(x)", {"x": 0}, True),
        ("present(x)", {"x": "NA"}, False),
        ("default(x, 4)", {"x": None}, 4),
        ("default(x, 4)", {"x": 0}, 0),
        ("clip(x, 0, 1)", {"x": 3}, 1),
        ("clip(x, 0, 1)", {"x": -3}, 0),
        ("standardize(x, xs)", {"x": 3, "xs": [1, 2, 3]}, 1.0),
        ("standardize(x, xs)", {"x": 3, "xs": [2, 2]}, None),
        ("standardize(x, xs)", {"x": 3, "xs": [2]}, None),
        ("any(xs)", {"xs": [False, True]}, True),
        ("all(xs)", {"xs": [True, "NA"]}, False),
        ("all(xs)", {"xs": []}, True),
        ("all_in(xs, [0, 1])", {"xs": [0, 1, 1]}, True),
        ("all_in(xs, [0, 1])", {"xs": [0, 2]}, False),
    ],
)
def test_what_an_expression_computes(text: str, values: dict[str, Any], expected: Any) -> None:
    assert run(text, **values) == expected


@pytest.mark.parametrize(
    "text", ["x + 1", "x * 2", "-x", "x / 2", "1 / 0", "abs(x)", "clip(x, 0, 1)", "mean([x, 1])"]
)
def test_arithmetic_with_missing_is_missing(text: str) -> None:
    assert run(text, x="NA") is None


@pytest.mark.parametrize(
    "text", ["x < 1", "x >= 1", "x == x", "x != 1", "x in [1]", "x not in [1]"]
)
def test_a_comparison_involving_missing_is_false(text: str) -> None:
    assert run(text, x=None) is False


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('__import__("os")', "unknown function"),
        ("open(x)", "unknown function"),
        ("x.__class__", "'_'"),
        ("_secret", "'_'"),
        ("(lambda: 1)()", "unknown function"),
        ("[y for y in x]", "ListComp is not part of the language"),
        ("x ** 2", "Pow is not part of the language"),
        ("x % 2", "Mod is not part of the language"),
        ("x[1:2]", "a slice"),
        ("x is None", "Is is not part of the language"),
        ("{1: 2}", "Dict is not part of the language"),
        ("unknown + 1", "unknown name 'unknown'"),
        ("mean(x, x)", "mean() takes 1 arguments"),
        ("default(x=1)", "plain arguments only"),
        ("1e999", "a number too large"),
        ("x if", "not a valid expression"),
        ("", "non-empty"),
        ("x +" + " x +" * (MAX_LENGTH // 4) + " x", f"longer than {MAX_LENGTH}"),
        ("-" * (MAX_DEPTH + 1) + "x", f"deeper than {MAX_DEPTH}"),
    ],
)
def test_a_study_file_mistake_is_refused_at_compile_naming_its_key(text: str, problem: str) -> None:
    with pytest.raises(ExpressionError) as error:
        compile_expression(text, "state.engaged", ["x"])
    assert str(error.value).startswith("state.engaged: ") and problem in str(error.value)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("values(x)", {"x": 41.5}),
        ('x < "a"', {"x": 41.5}),
        ("x + 1", {"x": "41.5"}),
        ("last(xs, x)", {"xs": [], "x": 41.5}),
        ("x[1]", {"x": 41.5}),
    ],
)
def test_a_value_of_the_wrong_kind_names_the_key_and_never_the_value(
    text: str, values: dict[str, Any]
) -> None:
    with pytest.raises(ValueError, match=r"^state\.x: ") as error:
        run(text, **values)
    assert "41.5" not in str(error.value)


FEATURES = [
    "1",
    "a * b * c",
    "a - b / 2",
    "-a + 0.5",
    "a > b",
    "1 if a >= b else -1",
    "(a > 0) and not (b > 0) or c == 1",
    "abs(a - b)",
    "clip(a, -1, 1)",
    "min(a, b, c) + max(a, c)",
]
finite = st.floats(min_value=-1e6, max_value=1e6)


@given(st.lists(st.tuples(finite, finite, finite), min_size=1, max_size=20))
def test_features_over_columns_mean_what_they_mean_over_one_state(
    states: list[tuple[float, float, float]],
) -> None:
    columns = dict(zip("abc", np.array(states).T, strict=True))
    for text in FEATURES:
        scalar = compile_expression(text, "features[0]", ["a", "b", "c"])
        column = np.broadcast_to(compile_columns(text, "features[0]", "abc")(columns), len(states))
        expected = [float(scalar(dict(zip("abc", s, strict=True)))) for s in states]
        assert column.astype(np.float64).tolist() == expected, text


@pytest.mark.parametrize("text", ["mean([a])", "a.b", '"a"', "a in [1]", "present(a)", "d"])
def test_features_accept_only_arithmetic_over_the_state(text: str) -> None:
    with pytest.raises(ExpressionError, match=r"^features\[2\]: "):
        compile_columns(text, "features[2]", ["a"])

"""The safe expression language: parsing, evaluation, error positions, fuzzing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening_app.screening.expressions import MAX_DEPTH, ParseError, Values, parse


def ev(source: str, **values: Any) -> Any:
    return parse(source).evaluate(Values(values))


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        ("1 + 2 == 3", {}, True),
        ("a == 'yes'", {"a": "yes"}, True),
        ("a == 'yes'", {"a": "no"}, False),
        ("a != 'yes'", {}, True),
        ("n >= 18", {"n": 18}, True),
        ("n >= 18", {"n": None}, False),            # unanswered is never >= anything
        ("n < 18", {"n": None}, False),
        ("n < 18", {"n": "17"}, False),             # text and numbers never compare
        ("'x' in q", {"q": ["x", "y"]}, True),
        ("'z' in q", {"q": ["x", "y"]}, False),
        ("'z' not in q", {"q": ["x", "y"]}, True),
        ("q in ['a', 'b']", {"q": ["b", "c"]}, True),   # any chosen option in the list
        ("q in ['a', 'b']", {"q": "a"}, True),
        ("'x' in q", {"q": None}, False),
        ("a and b", {"a": "yes", "b": "no"}, False),
        ("a or b", {"a": "refused", "b": "unknown"}, False),
        ("a or b", {"a": "no", "b": "yes"}, True),
        ("not a", {"a": "no"}, True),
        ("not not a", {"a": "yes"}, True),
        ("answered(a)", {"a": "no"}, True),
        ("answered(a)", {"a": ""}, False),
        ("count(q) >= 2", {"q": ["x", "y"]}, True),
        ("count(q)", {"q": None}, 0),
        ("-n + 5", {"n": 2}, 3),
        ("a - 1", {"a": "x"}, None),
        ("(a or b) and c", {"a": "yes", "c": True}, True),
        ("strong >= 1 and strong + medium + weak >= 2",
         {"strong": 1, "medium": 0, "weak": 1}, True),
        ("x == null", {}, True),
        ("1.5 < 2", {}, True),
        ('"it\\"s" == s', {"s": 'it"s'}, True),
        ("true and not false", {}, True),
        ("[1, 2] == [1, 2]", {}, True),
        ("1 == true", {}, False),                    # booleans are not numbers
    ],
)
def test_evaluation(source: str, values: dict[str, Any], expected: Any) -> None:
    assert ev(source, **values) == expected


def test_precedence_and_binds_tighter_than_or() -> None:
    assert ev("a or b and c", a="yes", b="no", c="no") is True
    assert ev("(a or b) and c", a="yes", b="no", c="no") is False


def test_names_lists_what_is_read() -> None:
    assert parse("a == 'x' and answered(b) or count(c) > 1 or 'v' in [d]").names() == {
        "a", "b", "c", "d"}


@pytest.mark.parametrize(
    ("source", "position", "fragment"),
    [
        ("a = 1", 2, "=="),
        ("a ==", 4, "ends too early"),
        ("(a == 1", 7, ")"),
        ("a == 'x", 5, "not closed"),
        ("a == 1 b", 7, "operator"),
        ("1 < a < 3", 6, "chained"),
        ("len(a)", 0, "Unknown function"),
        ("answered('a')", 9, "question"),
        ("a $ b", 2, "Unexpected character"),
        ("", 0, "empty"),
        ("1.", 2, "decimal"),
        ("2abc", 0, "digit"),
        ("and", 0, "value is expected"),
    ],
)
def test_errors_carry_positions(source: str, position: int, fragment: str) -> None:
    with pytest.raises(ParseError) as err:
        parse(source)
    assert err.value.position == position
    assert fragment in err.value.message
    assert f"character {position + 1}" in str(err.value)


def test_deep_nesting_is_refused_not_crashing() -> None:
    with pytest.raises(ParseError):
        parse("(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5))
    with pytest.raises(ParseError):
        parse("not " * 500 + "a")
    with pytest.raises(ParseError):
        parse("-" * 500 + "1")
    with pytest.raises(ParseError):
        parse("a or " * 1000 + "b")     # too long


def test_no_python_is_ever_evaluated() -> None:
    for source in ("__import__('os').system('true')", "a.b", "a[0]", "lambda: 1", "a; b"):
        with pytest.raises(ParseError):
            parse(source)


_ALPHABET = st.sampled_from([*"ab _()[],'\"=!<>+-.019xyz\\\n\t",
                             "and ", "or ", "not ", "in ", "true", "null", "answered(",
                             "count(", "é", "ខ"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fuzz_parser_raises_only_parse_error(source: str) -> None:
    try:
        expr = parse(source)
    except ParseError:
        return
    # A parsed expression evaluates without raising, whatever the answers are.
    values: dict[str, Any] = {n: v for n, v in zip(sorted(expr.names()),
                                                   ["yes", 3, ["x"], None, 2.5, {"a": 1}],
                                                   strict=False)}
    expr.evaluate(Values(values))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_fuzz_arbitrary_text(source: str) -> None:
    try:
        parse(source).evaluate(Values({}))
    except ParseError:
        pass

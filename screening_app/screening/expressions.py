"""A small, safe expression language for skip logic, validation and rules.

Text is tokenized, parsed by recursive descent into a tree of dataclasses, and
the tree is evaluated against an `Environment`. Nothing is ever passed to
`eval`/`exec`: a form file can only ask questions of the answers given.

    expression := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := sum [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") sum]
    sum        := unary (("+" | "-") unary)*
    unary      := "-" unary | primary
    primary    := NUMBER | STRING | "true" | "false" | "null" | NAME
                | NAME "(" NAME ")" | "(" expression ")" | "[" [expression ("," expression)*] "]"

Evaluation is total: a comparison between values of different kinds is false,
arithmetic on anything but numbers gives null; only parsing can fail, and only
with `ParseError` (which carries the position of the problem).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from screening_app.i18n import _, ngettext

MAX_LENGTH = 2000   # longer expressions are refused: forms hold short conditions
MAX_DEPTH = 40      # nesting depth; keeps the recursive parser far from Python's limit
FUNCTIONS: dict[str, str] = {
    "answered": "true when the question has an answer (any answer, even 'no')",
    "count": "number of options chosen in a multiple-choice question or entries in a repeat group",
}
KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
# Values that are false in and/or/not although they are non-empty text.
FALSE_WORDS = frozenset({"no", "unknown", "refused"})


class ParseError(ValueError):
    """An expression that cannot be parsed. `position` is a 0-based character index."""

    def __init__(self, message: str, position: int, source: str) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.source = source

    def __str__(self) -> str:
        return _("{message} (at character {position})").format(
            message=self.message, position=self.position + 1)


# ---------------------------------------------------------------- tokens

@dataclass(frozen=True)
class Token:
    kind: str        # "number", "string", "name", "op", "end"
    text: str
    value: Any
    position: int


_TWO_CHAR_OPS = ("==", "!=", "<=", ">=")
_ONE_CHAR_OPS = "<>+-()[],"


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_LENGTH:
        raise ParseError(ngettext("The expression is too long (more than {n} character).",
                                  "The expression is too long (more than {n} characters).",
                                  MAX_LENGTH).format(n=MAX_LENGTH), MAX_LENGTH, source)
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c in " \t\r\n":
            i += 1
            continue
        start = i
        if c.isascii() and c.isdigit():
            while i < n and source[i].isascii() and source[i].isdigit():
                i += 1
            if i < n and source[i] == ".":
                i += 1
                if not (i < n and source[i].isascii() and source[i].isdigit()):
                    raise ParseError(_("A number needs digits after its decimal point."),
                                     i, source)
                while i < n and source[i].isascii() and source[i].isdigit():
                    i += 1
                tokens.append(Token("number", source[start:i], float(source[start:i]), start))
            else:
                tokens.append(Token("number", source[start:i], int(source[start:i]), start))
            if i < n and (source[i].isalpha() or source[i] == "_"):
                raise ParseError(_("A name cannot start with a digit."), start, source)
            continue
        if c == "_" or (c.isascii() and c.isalpha()):
            while i < n and (source[i] == "_" or (source[i].isascii() and source[i].isalnum())):
                i += 1
            word = source[start:i]
            tokens.append(Token("name", word, word, start))
            continue
        if c in "'\"":
            i += 1
            chars: list[str] = []
            while True:
                if i >= n:
                    raise ParseError(_("This text is not closed with {quote}.").format(quote=c),
                                     start, source)
                ch = source[i]
                if ch == "\\" and i + 1 < n and source[i + 1] in ("\\", c):
                    chars.append(source[i + 1])
                    i += 2
                    continue
                if ch == c:
                    i += 1
                    break
                chars.append(ch)
                i += 1
            tokens.append(Token("string", source[start:i], "".join(chars), start))
            continue
        two = source[i:i + 2]
        if two in _TWO_CHAR_OPS:
            tokens.append(Token("op", two, two, start))
            i += 2
            continue
        if c in _ONE_CHAR_OPS:
            tokens.append(Token("op", c, c, start))
            i += 1
            continue
        if c == "=":
            raise ParseError(_("Use == to compare two values."), start, source)
        raise ParseError(_("Unexpected character {char!r}.").format(char=c), start, source)
    tokens.append(Token("end", "", None, n))
    return tokens


# ---------------------------------------------------------------- tree

@dataclass(frozen=True)
class Literal:
    value: Any
    position: int


@dataclass(frozen=True)
class Name:
    name: str
    position: int


@dataclass(frozen=True)
class Call:
    function: str
    argument: Name
    position: int


@dataclass(frozen=True)
class ListOf:
    items: tuple[Node, ...]
    position: int


@dataclass(frozen=True)
class Negate:
    operand: Node
    position: int


@dataclass(frozen=True)
class Not:
    operand: Node
    position: int


@dataclass(frozen=True)
class Logic:
    op: str                  # "and" | "or"
    items: tuple[Node, ...]
    position: int


@dataclass(frozen=True)
class Arith:
    op: str                  # "+" | "-"
    left: Node
    right: Node
    position: int


@dataclass(frozen=True)
class Compare:
    op: str                  # == != < <= > >= in "not in"
    left: Node
    right: Node
    position: int


Node = Literal | Name | Call | ListOf | Negate | Not | Logic | Arith | Compare


@dataclass(frozen=True)
class Expression:
    """A parsed expression and its source text."""

    source: str
    tree: Node

    def names(self) -> set[str]:
        """Every name the expression reads (question ids and built-in names)."""
        return set(_names(self.tree))

    def evaluate(self, env: Environment) -> Any:
        return evaluate(self.tree, env)

    def is_true(self, env: Environment) -> bool:
        return truthy(evaluate(self.tree, env))


def _names(node: Node) -> Iterator[str]:
    if isinstance(node, Name):
        yield node.name
    elif isinstance(node, Call):
        yield node.argument.name
    elif isinstance(node, ListOf | Logic):
        for item in node.items:
            yield from _names(item)
    elif isinstance(node, Negate | Not):
        yield from _names(node.operand)
    elif isinstance(node, Arith | Compare):
        yield from _names(node.left)
        yield from _names(node.right)


# ---------------------------------------------------------------- parser

class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def fail(self, message: str, token: Token | None = None) -> ParseError:
        t = token or self.tok
        return ParseError(message, t.position, self.source)

    def is_word(self, word: str) -> bool:
        return self.tok.kind == "name" and self.tok.text == word

    def is_op(self, op: str) -> bool:
        return self.tok.kind == "op" and self.tok.text == op

    def advance(self) -> Token:
        t = self.tok
        if t.kind != "end":
            self.i += 1
        return t

    def expect_op(self, op: str) -> Token:
        if not self.is_op(op):
            raise self.fail(_("Expected {expected} here.").format(expected=op))
        return self.advance()

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise self.fail(_("The expression is empty."))
        node = self.or_expr()
        if self.tok.kind != "end":
            raise self.fail(_("Unexpected {text!r}: an operator such as and/or is missing?").format(
                text=self.tok.text))
        return node

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(_("The expression is nested too deeply."))

    def or_expr(self) -> Node:
        self.nested()
        start = self.tok.position
        items = [self.and_expr()]
        while self.is_word("or"):
            self.advance()
            items.append(self.and_expr())
        self.depth -= 1
        return items[0] if len(items) == 1 else Logic("or", tuple(items), start)

    def and_expr(self) -> Node:
        start = self.tok.position
        items = [self.not_expr()]
        while self.is_word("and"):
            self.advance()
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else Logic("and", tuple(items), start)

    def not_expr(self) -> Node:
        if self.is_word("not"):
            t = self.advance()
            self.nested()
            operand = self.not_expr()
            self.depth -= 1
            return Not(operand, t.position)
        return self.comparison()

    def comparison(self) -> Node:
        left = self.sum()
        t = self.tok
        op: str | None = None
        if t.kind == "op" and t.text in ("==", "!=", "<", "<=", ">", ">="):
            op = t.text
            self.advance()
        elif self.is_word("in"):
            op = "in"
            self.advance()
        elif self.is_word("not") and self.tokens[self.i + 1].text == "in" \
                and self.tokens[self.i + 1].kind == "name":
            op = "not in"
            self.advance()
            self.advance()
        if op is None:
            return left
        right = self.sum()
        nxt = self.tok
        if (nxt.kind == "op" and nxt.text in ("==", "!=", "<", "<=", ">", ">=")) or (
                nxt.kind == "name" and nxt.text == "in"):
            raise self.fail(_("Comparisons cannot be chained; join them with and."), nxt)
        return Compare(op, left, right, t.position)

    def sum(self) -> Node:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.text in "+-":
            t = self.advance()
            node = Arith(t.text, node, self.unary(), t.position)
        return node

    def unary(self) -> Node:
        if self.is_op("-"):
            t = self.advance()
            self.nested()
            operand = self.unary()
            self.depth -= 1
            return Negate(operand, t.position)
        return self.primary()

    def primary(self) -> Node:
        t = self.tok
        if t.kind == "number" or t.kind == "string":
            self.advance()
            return Literal(t.value, t.position)
        if t.kind == "name":
            if t.text in ("true", "false", "null"):
                self.advance()
                return Literal({"true": True, "false": False, "null": None}[t.text], t.position)
            if t.text in KEYWORDS:
                raise self.fail(_("{word!r} cannot stand here: a value is expected.").format(
                    word=t.text))
            self.advance()
            if self.is_op("("):
                return self.call(t)
            return Name(t.text, t.position)
        if self.is_op("("):
            self.advance()
            node = self.or_expr()
            self.expect_op(")")
            return node
        if self.is_op("["):
            self.advance()
            items: list[Node] = []
            if not self.is_op("]"):
                self.nested()
                items.append(self.or_expr())
                while self.is_op(","):
                    self.advance()
                    items.append(self.or_expr())
                self.depth -= 1
            self.expect_op("]")
            return ListOf(tuple(items), t.position)
        if t.kind == "end":
            raise self.fail(_("The expression ends too early: a value is missing."))
        raise self.fail(_("Unexpected {text!r}: a value is expected.").format(text=t.text))

    def call(self, name: Token) -> Node:
        if name.text not in FUNCTIONS:
            raise self.fail(_("Unknown function {name!r} (known: {known}).").format(
                name=name.text, known=", ".join(sorted(FUNCTIONS))), name)
        self.expect_op("(")
        arg = self.tok
        if arg.kind != "name" or arg.text in KEYWORDS:
            raise self.fail(_("{function}() takes the id of a question.").format(
                function=name.text))
        self.advance()
        self.expect_op(")")
        return Call(name.text, Name(arg.text, arg.position), name.position)


def parse(source: str) -> Expression:
    """Parse `source`; raises ParseError (only) when it is not a valid expression."""
    if not isinstance(source, str):
        raise ParseError(_("An expression must be text."), 0, str(source))
    return Expression(source, _Parser(source).parse())


# ---------------------------------------------------------------- evaluation

class Environment(Protocol):
    """What an expression can read: values by name, and facts about questions."""

    def value(self, name: str) -> Any: ...

    def answered(self, name: str) -> bool: ...

    def count(self, name: str) -> int: ...


class Values:
    """An Environment over a plain dict (for rules and tests)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def value(self, name: str) -> Any:
        return self.values.get(name)

    def answered(self, name: str) -> bool:
        return self.values.get(name) not in (None, "", [])

    def count(self, name: str) -> int:
        v = self.values.get(name)
        return len(v) if isinstance(v, list) else 0


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def truthy(v: Any) -> bool:
    """Truth in and/or/not: 'no', 'unknown', 'refused', empty and null are false."""
    if v is None or v is False:
        return False
    if v is True:
        return True
    if _is_number(v):
        return bool(v)
    if isinstance(v, str):
        return bool(v) and v not in FALSE_WORDS
    if isinstance(v, list | dict):
        return bool(v)
    return True


def equal(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if type(a) is not type(b):
        return False
    return bool(a == b)


def _order(op: str, a: Any, b: Any) -> bool:
    if not ((_is_number(a) and _is_number(b)) or (isinstance(a, str) and isinstance(b, str))):
        return False
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


def _member(a: Any, b: Any) -> bool:
    pool = b if isinstance(b, list) else ([] if b is None else [b])
    if isinstance(a, list):
        return any(equal(x, y) for x in a for y in pool)
    return any(equal(a, y) for y in pool)


def evaluate(node: Node, env: Environment) -> Any:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Name):
        return env.value(node.name)
    if isinstance(node, Call):
        if node.function == "answered":
            return env.answered(node.argument.name)
        return env.count(node.argument.name)
    if isinstance(node, ListOf):
        return [evaluate(item, env) for item in node.items]
    if isinstance(node, Not):
        return not truthy(evaluate(node.operand, env))
    if isinstance(node, Logic):
        if node.op == "and":
            return all(truthy(evaluate(item, env)) for item in node.items)
        return any(truthy(evaluate(item, env)) for item in node.items)
    if isinstance(node, Negate):
        v = evaluate(node.operand, env)
        return -v if _is_number(v) else None
    if isinstance(node, Arith):
        a, b = evaluate(node.left, env), evaluate(node.right, env)
        if not (_is_number(a) and _is_number(b)):
            return None
        return a + b if node.op == "+" else a - b
    a, b = evaluate(node.left, env), evaluate(node.right, env)
    if node.op == "==":
        return equal(a, b)
    if node.op == "!=":
        return not equal(a, b)
    if node.op == "in":
        return _member(a, b)
    if node.op == "not in":
        return not _member(a, b)
    return _order(node.op, a, b)

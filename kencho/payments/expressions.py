"""A small, safe arithmetic language for fees computed from answers (no eval).

An expression is parsed with Python's `ast` module and then walked here, node by node; only the
nodes listed below are accepted, so nothing else can ever run:

    numbers (integers and decimals), 'text' constants, answer keys (`copies`, `area`)
    + - * //  %   unary -   parentheses
    == != < <= > >=  (1 when true, 0 when false), `and`, `or`, `not`
    min(a, b, ...)  max(a, b, ...)  floor(x)  ceil(x)  ceil_div(a, b)  if_(condition, a, b)

Answer values become numbers: integers and yen as they are, decimals exactly (Decimal), a ticked
agreement 1, a list (a repeating group, ticked checkboxes) its length, a missing answer 0. Text
answers (radio, select) may only be compared with text constants.

Example: `300 * copies + if_(delivery == 'mail', 84, 0)`.

Limits keep a rule from being used to hurt the server: 500 characters, 200 nodes, every value
within ±10^12. There is no `/`: divide with `//` or `ceil_div` so that rounding is explicit."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_LENGTH = 500
MAX_NODES = 200
MAX_MAGNITUDE = Decimal(10) ** 12

Value = Decimal | str


class ExpressionError(ValueError):
    """An expression that cannot be parsed or evaluated; `message_ja` and `message_en` say why."""

    def __init__(self, message_ja: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_ja = message_ja
        self.message_en = message_en


_BINARY: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_FUNCTIONS = {"min", "max", "floor", "ceil", "ceil_div", "if_"}
_ALLOWED = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.Compare,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.FloorDiv,
    ast.Mod,
    *_BINARY,
    *_COMPARE,
)


def parse(source: str) -> ast.Expression:
    """Parse and check an expression; raises ExpressionError naming the first problem."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            f"計算式は{MAX_LENGTH}文字以内にしてください。",
            f"Keep the formula within {MAX_LENGTH} characters.",
        )
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        raise ExpressionError(
            "計算式の書き方が正しくありません。", "The formula is not written correctly."
        ) from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ExpressionError("計算式が長すぎます。", "The formula is too long.")
    for node in nodes:
        if not isinstance(node, _ALLOWED):
            raise ExpressionError(
                f"計算式に使えない要素があります（{type(node).__name__}）。",
                f"The formula uses something that is not allowed ({type(node).__name__}).",
            )
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, int | float | str)
        ):
            raise ExpressionError(
                "計算式に使えるのは数値と '文字' だけです。", "Only numbers and 'text' may be used."
            )
        if isinstance(node, ast.Call) and (
            not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords
        ):
            raise ExpressionError(
                "使える関数は min, max, floor, ceil, ceil_div, if_ です。",
                "The functions you can use are min, max, floor, ceil, ceil_div and if_.",
            )
    return tree


def names(tree: ast.Expression) -> set[str]:
    """The answer keys an expression reads (function names excluded)."""
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called}


def answer_value(value: Any) -> Value:
    """What an answer is worth in a formula (see the module docstring)."""
    if value is None or value is False:
        return Decimal(0)
    if value is True:
        return Decimal(1)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, list | tuple | dict):
        return Decimal(len(value))
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return number if number.is_finite() else value
    raise ExpressionError("回答の値を計算に使えません。", "An answer cannot be used in the formula.")


def _number(value: Value) -> Decimal:
    if isinstance(value, str):
        raise ExpressionError(
            "文字の回答は '…' と比べることしかできません。",
            "A text answer can only be compared with a 'text' value.",
        )
    return value


def _checked(value: Decimal) -> Decimal:
    if abs(value) > MAX_MAGNITUDE:
        raise ExpressionError("計算の途中で金額が大きくなりすぎました。", "The amount grew too large.")
    return value


def _call(name: str, args: list[Value]) -> Decimal:
    numbers = [_number(a) for a in args] if name != "if_" else []
    arity = {"floor": 1, "ceil": 1, "ceil_div": 2, "if_": 3}
    if (name in arity and len(args) != arity[name]) or (name in {"min", "max"} and not args):
        raise ExpressionError(
            f"{name} に渡す値の数が正しくありません。", f"{name} was given the wrong number of values."
        )
    if name == "min":
        return min(numbers)
    if name == "max":
        return max(numbers)
    if name == "floor":
        return Decimal(math.floor(numbers[0]))
    if name == "ceil":
        return Decimal(math.ceil(numbers[0]))
    if name == "ceil_div":
        if numbers[1] == 0:
            raise _division_by_zero()
        return -_floor_divmod(-numbers[0], numbers[1])[0]
    condition, when_true, when_false = args
    return _number(when_true if _truthy(condition) else when_false)


def _truthy(value: Value) -> bool:
    return bool(value) if isinstance(value, str) else value != 0


def _floor_divmod(left: Decimal, right: Decimal) -> tuple[Decimal, Decimal]:
    """Exact floor division and its remainder, as Python's int // and % (Decimal's own truncate
    toward zero)."""
    quotient, remainder = divmod(left, right)
    if remainder and (remainder < 0) != (right < 0):
        quotient, remainder = quotient - 1, remainder + right
    return quotient, remainder


def _division_by_zero() -> ExpressionError:
    return ExpressionError("0 で割ることはできません。", "The formula divides by zero.")


def _eval(node: ast.AST, env: Mapping[str, Value]) -> Value:
    if isinstance(node, ast.Expression):
        return _eval(node.body, env)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return node.value
        return _checked(Decimal(str(node.value)))
    if isinstance(node, ast.Name):
        return env.get(node.id, Decimal(0))
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, env)
        if isinstance(node.op, ast.Not):
            return Decimal(0 if _truthy(operand) else 1)
        number = _number(operand)
        return -number if isinstance(node.op, ast.USub) else number
    if isinstance(node, ast.BinOp):
        left, right = _number(_eval(node.left, env)), _number(_eval(node.right, env))
        if isinstance(node.op, ast.FloorDiv | ast.Mod) and right == 0:
            raise _division_by_zero()
        if isinstance(node.op, ast.FloorDiv | ast.Mod):
            quotient, remainder = _floor_divmod(left, right)
            return _checked(quotient if isinstance(node.op, ast.FloorDiv) else remainder)
        return _checked(_BINARY[type(node.op)](left, right))
    if isinstance(node, ast.BoolOp):
        values = [_truthy(_eval(v, env)) for v in node.values]
        result = all(values) if isinstance(node.op, ast.And) else any(values)
        return Decimal(1 if result else 0)
    if isinstance(node, ast.Compare):
        current: Value = _eval(node.left, env)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            following: Value = _eval(comparator, env)
            mixed = isinstance(current, str) != isinstance(following, str)
            if mixed and not isinstance(op, ast.Eq | ast.NotEq):
                raise ExpressionError(
                    "文字と数値の大小は比べられません。", "Text and numbers cannot be ordered."
                )
            if not _COMPARE[type(op)](current, following):
                return Decimal(0)
            current = following
        return Decimal(1)
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)  # noqa: S101 - parse() admits only named calls
        return _checked(_call(node.func.id, [_eval(a, env) for a in node.args]))
    raise ExpressionError("計算式を評価できません。", "The formula cannot be evaluated.")


def evaluate(source: str | ast.Expression, answers: Mapping[str, Any]) -> Decimal:
    """The formula's value for these answers. Raises ExpressionError."""
    tree = parse(source) if isinstance(source, str) else source
    env = {key: answer_value(value) for key, value in answers.items()}
    try:
        return _number(_eval(tree, env))
    except (InvalidOperation, OverflowError):
        raise ExpressionError(
            "計算の途中で金額が大きくなりすぎました。", "The amount grew too large."
        ) from None

"""Working out what an application owes from its procedure's fee schedule and its answers.

Pure functions: nothing here writes. The rules of a schedule are added up; of the exemptions whose
condition the answers meet, the largest reduction applies (reductions do not stack). Fractions of a
yen are discarded (切り捨て), as 国等の債権債務等の金額の端数計算に関する法律 prescribes, which also
means a 50% reduction of an odd amount rounds in the applicant's favour."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from .expressions import ExpressionError, answer_value, evaluate
from .models import FeeExemption, FeeRule

MAX_FEE = 100_000_000


class FeeRuleError(ValueError):
    """A rule that cannot be applied to these answers (a formula error, a negative or huge amount)."""

    def __init__(self, rule: str, message_ja: str, message_en: str) -> None:
        super().__init__(f"{rule}: {message_en}")
        self.rule = rule
        self.message_ja = message_ja
        self.message_en = message_en


@dataclass(frozen=True)
class Line:
    label_ja: str
    label_en: str
    amount: int
    unit_amount: int | None = None
    quantity: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": {"ja": self.label_ja, "en": self.label_en or self.label_ja},
            "amount": self.amount,
            "unit_amount": self.unit_amount,
            "quantity": self.quantity,
        }


@dataclass(frozen=True)
class Assessment:
    lines: list[Line] = field(default_factory=list)
    exemption: FeeExemption | None = None

    @property
    def gross_amount(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def reduction(self) -> int:
        if self.exemption is None:
            return 0
        return self.gross_amount - reduced_amount(self.gross_amount, self.exemption.percent)

    @property
    def amount(self) -> int:
        return self.gross_amount - self.reduction

    def exemption_dict(self) -> dict[str, Any]:
        if self.exemption is None:
            return {}
        return {
            "label": {
                "ja": self.exemption.label_ja,
                "en": self.exemption.label_en or self.exemption.label_ja,
            },
            "percent": self.exemption.percent,
            "reduction": self.reduction,
        }


def reduced_amount(amount: int, percent: int) -> int:
    """The amount after a reduction of `percent`, fractions of a yen discarded (切り捨て)."""
    return amount * (100 - percent) // 100


def _yen(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def rule_amount(rule: FeeRule, answers: Mapping[str, Any]) -> Line:
    """One rule applied to the answers."""
    if rule.kind == FeeRule.Kind.FIXED:
        return Line(rule.label_ja, rule.label_en, rule.unit_amount)
    if rule.kind == FeeRule.Kind.PER_ITEM:
        count = answer_value(answers.get(rule.count_field))
        if isinstance(count, str) or count < 0 or count != count.to_integral_value():
            raise FeeRuleError(
                rule.label_ja,
                f"「{rule.count_field}」の回答が件数になっていません。",
                f"The answer to '{rule.count_field}' is not a number of items.",
            )
        quantity = int(count)
        return _bounded(
            rule, Line(rule.label_ja, rule.label_en, rule.unit_amount * quantity, rule.unit_amount, quantity)
        )
    try:
        value = evaluate(rule.expression, answers)
    except ExpressionError as exc:
        raise FeeRuleError(rule.label_ja, exc.message_ja, exc.message_en) from exc
    return _bounded(rule, Line(rule.label_ja, rule.label_en, _yen(value)))


def _bounded(rule: FeeRule, line: Line) -> Line:
    if line.amount < 0:
        raise FeeRuleError(rule.label_ja, "金額が負になりました。", "The amount came out negative.")
    if line.amount > MAX_FEE:
        raise FeeRuleError(rule.label_ja, "金額が上限を超えました。", "The amount is above the limit.")
    return line


def exemption_applies(exemption: FeeExemption, answers: Mapping[str, Any]) -> bool:
    answer = answers.get(exemption.field)
    if not exemption.value:
        return answer not in (None, False, "", [], {})
    if isinstance(answer, list):
        return exemption.value in [str(item) for item in answer]
    if isinstance(answer, bool):
        return exemption.value.lower() in ({"true", "1", "yes"} if answer else {"false", "0", "no"})
    return answer is not None and str(answer) == exemption.value


def assess(
    rules: Iterable[FeeRule], exemptions: Iterable[FeeExemption], answers: Mapping[str, Any]
) -> Assessment:
    """The lines and the exemption that apply to these answers. Raises FeeRuleError."""
    lines = [rule_amount(rule, answers) for rule in rules]
    matching = [e for e in exemptions if exemption_applies(e, answers)]
    best = max(matching, key=lambda e: (e.percent, -e.order, -(e.pk or 0)), default=None)
    assessment = Assessment(lines=lines, exemption=best)
    if assessment.gross_amount > MAX_FEE:
        raise FeeRuleError("", "手数料の合計が上限を超えました。", "The total fee is above the limit.")
    return assessment

"""二重否定: a negative of a negative (ないことはない), which readers have to untangle."""

from __future__ import annotations

from ..findings import Message
from .base import proofreading_rules
from .phrases import PhraseRule

_NOT = "(?:な(?:い|く|かった)?|ありません)"

DOUBLE_NEGATIVES: list[tuple[str, str | None]] = [
    (f"な(?:い|く)(?:こと|事|わけ|訳|もの|物)(?:は|も|では|でも){_NOT}", None),
    (f"なく(?:は|も){_NOT}", None),
    (f"ない(?:では|でも){_NOT}", None),
    (f"ない(?:とは|とも)(?:言え|いえ|限ら|かぎら){_NOT}", None),
    (f"ない(?:わけ|訳)には(?:いか|行か){_NOT}", None),
]


@proofreading_rules.register("double_negative")
class DoubleNegativeRule(PhraseRule):
    title = Message("二重否定", "Double negatives")
    order = 30
    phrases = DOUBLE_NEGATIVES

    def reason(self, found: str, suggestion: str | None) -> tuple[str, str]:
        return (
            f"「{found}」は二重否定です。肯定の形で書くと伝わりやすくなります。",
            f"「{found}」 is a double negative; say it positively to be clearer.",
        )

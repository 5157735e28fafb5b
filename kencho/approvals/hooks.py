"""What other apps learn from electronic approval (電子決裁).

When a 起案 linked to applications is finally decided (決裁) or refused (却下), every registered
listener runs inside the deciding transaction, after the applications have moved to 受理 / 不受理
and before the notices are scheduled. A listener that cannot accept the decision (a subsidy whose
budget would be overcommitted, say) raises `DecisionRefused`; the whole decision is rolled back and
the approver sees the message.

    @decision_listener
    def on_decided(decision: Decision) -> None: ...

Listeners register in their AppConfig.ready().
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.functional import Promise

from kencho.core.models import User
from kencho.procedures.models import Application


@dataclass(frozen=True)
class Decision:
    """A decided 起案 as other apps see it. `item_values` holds what the drafter entered per linked
    application (keyed by the application's pk), e.g. {"決定額": 1_200_000, "理由": "..."}."""

    document_id: int
    document_number: str
    outcome: Literal["approved", "rejected"]
    applications: Sequence[Application]
    actor: User
    decided_on: datetime.date
    item_values: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)


class DecisionRefused(Exception):
    """Raised by a listener to stop the decision; `message` is shown to the approver."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


DecisionListener = Callable[[Decision], None]
_listeners: list[DecisionListener] = []


def decision_listener(listener: DecisionListener) -> DecisionListener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def decision_listeners() -> tuple[DecisionListener, ...]:
    return tuple(_listeners)

"""Errors the subsidy services raise for a person to act on, in both languages. A SubsidyError is a
ProcedureError, so the API's error envelope and the pages' messages treat it like any other."""

from __future__ import annotations

from dataclasses import dataclass

from kencho.procedures.errors import ProcedureError


@dataclass
class SubsidyError(ProcedureError):
    field: str | None = None

    @property
    def both(self) -> str:
        """Both languages on one line, for people who read either (an approver's refusal message)."""
        return f"{self.message_ja} / {self.message_en}"


def stage_error(stage_ja: str, stage_en: str) -> SubsidyError:
    return SubsidyError(
        "stage_not_open",
        f"この案件は「{stage_ja}」の段階ではありません。前の段階が済んでから行ってください。",
        f"This case is not at the '{stage_en}' stage. Finish the previous stage first.",
    )


def amount_error(field: str, ja: str, en: str) -> SubsidyError:
    return SubsidyError("invalid_amount", ja, en, 422, field)


def yen(amount: int) -> str:
    return f"{amount:,}"

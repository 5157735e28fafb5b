"""What electronic approval (電子決裁) tells subsidies: a decided 起案 linking the 申請 of cases
records their 交付決定 (or 不交付) through the same services the staff pages use, inside the
deciding transaction. A grant that breaks a rule refuses the whole decision with the reason."""

from __future__ import annotations

from typing import Any

from kencho.approvals.hooks import Decision, DecisionRefused

from .errors import SubsidyError
from .models import CaseForm, Stage
from .services import grant_decide, grant_refuse

AMOUNT_KEY = "決定額"


def _amount(values: Any) -> Any:
    value = values.get(AMOUNT_KEY) if hasattr(values, "get") else None
    if isinstance(value, str):
        digits = value.replace(",", "").replace("円", "").strip()
        return int(digits) if digits.isdigit() else value
    return value


def on_decision(decision: Decision) -> None:
    by_application = {a.pk: a for a in decision.applications}
    forms = (
        CaseForm.objects.filter(stage=Stage.APPLICATION, draft__application__in=list(by_application))
        .select_related("case__programme__owning_unit", "draft__application")
        .order_by("case__programme_id", "case_id")
    )
    for form in forms:
        application = form.draft.application
        assert application is not None  # noqa: S101 - filtered on it above
        case = form.case
        if decision.outcome != "approved":
            try:
                grant_refuse(
                    case=case,
                    actor=decision.actor,
                    reason=str(decision.item_values.get(application.pk, {}).get("理由", "")),
                    decided_on=decision.decided_on,
                )
            except SubsidyError as exc:
                raise DecisionRefused(f"{application.receipt_number}: {exc.both}") from exc
            continue
        amount = _amount(decision.item_values.get(application.pk, {}))
        if amount is None or amount == "":
            raise DecisionRefused(
                f"{application.receipt_number}: "
                f"補助金の交付決定には「{AMOUNT_KEY}」（円）を入力してください。"
                f" / Enter the grant amount ({AMOUNT_KEY}, yen) for application {application.receipt_number}."
            )
        try:
            grant_decide(
                case=case,
                amount=amount,
                actor=decision.actor,
                decided_on=decision.decided_on,
                reference=decision.document_number,
            )
        except SubsidyError as exc:
            raise DecisionRefused(f"{application.receipt_number}: {exc.both}") from exc

"""The document's history: every change to a 起案 writes one `Action` line and one audit entry."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.models import User

from .models import Action, Document


def action_log(
    *,
    document: Document,
    kind: str,
    actor: User,
    comment: str = "",
    step: Any = None,
    on_behalf_of: User | None = None,
    request: Any = None,
    detail: dict[str, Any] | None = None,
) -> Action:
    """One line of the document's history and its audit entry: every change writes both."""
    action = Action.objects.create(
        document=document,
        step=step,
        kind=kind,
        actor=actor,
        on_behalf_of=on_behalf_of,
        comment=comment,
        created_at=timezone.now(),
    )
    audit_record(
        action=f"approvals.document_{kind}",
        actor=actor,
        obj=document,
        unit_code=document.unit.code,
        request=request,
        detail={
            "number": document.number,
            "status": document.status,
            "on_behalf_of": on_behalf_of.email if on_behalf_of else None,
            "comment": comment,
            **(detail or {}),
        },
    )
    return action

"""What a final decision (決裁 / 却下) does beyond the route, inside the deciding transaction:

1. the linked applications move to 受理 (accepted) or 不受理 (rejected) through procedures' services;
2. every `hooks.decision_listener` is called with a `Decision`; a `DecisionRefused` undoes it all and
   its message is shown to the approver;
3. the notices are asked for from the template the 起案 chose (`notices_issue_batch`, source
   "approvals"; made after commit);
4. the document is frozen (freezing.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kencho.core.i18n import in_both_languages
from kencho.core.models import User
from kencho.notices.batches import notices_issue_batch
from kencho.notices.errors import NoticeError
from kencho.procedures.models import ApplicationStatus
from kencho.procedures.services import application_transition

from .errors import ApprovalError
from .freezing import document_freeze
from .hooks import Decision, DecisionRefused, decision_listeners
from .models import ActionKind, Document


def document_finalize(*, document: Document, actor: User, approved: bool, request: Any = None) -> None:
    """Call inside the transaction that records the decision; raises ApprovalError (and so rolls the
    transaction back) when a listener refuses or the notices cannot be asked for."""
    links = list(document.links.select_related("application__unit", "application__procedure"))
    applications = [link.application for link in links]
    decided_on = timezone.localdate(document.decided_at)
    to_status = ApplicationStatus.ACCEPTED if approved else ApplicationStatus.REJECTED
    moved = [
        application_transition(
            application=application,
            to_status=to_status,
            actor=actor,
            comment=f"{document.number} {'決裁' if approved else '却下'}",
            request=request,
        )
        for application in applications
    ]
    item_values = {link.application_id: dict(link.values) for link in links}
    if not approved:
        # The refusal notice gives the decider's reason (却下の理由), not the drafter's.
        reason = document.actions.filter(kind=ActionKind.REJECT).order_by("-created_at").first()
        for values in item_values.values():
            values["理由"] = reason.comment if reason else values.get("理由", "")
    if moved:
        decision = Decision(
            document_id=document.pk,
            document_number=document.number,
            outcome="approved" if approved else "rejected",
            applications=moved,
            actor=actor,
            decided_on=decided_on,
            item_values=item_values,
        )
        for listener in decision_listeners():
            try:
                listener(decision)
            except DecisionRefused as exc:
                both = in_both_languages(exc.message)
                raise ApprovalError("decision_refused", both["ja"], both["en"], 409) from exc
        template = document.approve_template if approved else document.reject_template
        if template is not None:
            try:
                notices_issue_batch(
                    template=template,
                    applications=moved,
                    actor=actor,
                    decided_on=decided_on,
                    item_values=item_values,
                    source="approvals",
                    source_ref=str(document.pk),
                    request=request,
                )
            except NoticeError as exc:
                both = in_both_languages(exc.message)
                raise ApprovalError(f"notice_{exc.code}", both["ja"], both["en"], exc.status) from exc
    document_freeze(document=document, actor=actor, request=request)

"""The route actions on a sent 起案: 承認, 差戻し, 引戻し, 取下げ, 却下, 決裁 and 後閲. Each locks the
document row (SELECT … FOR UPDATE) first, so two people acting on one step at once cannot both
succeed: the second finds the step already done and is told to reload."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kencho.core.models import User

from . import errors
from .decisions import document_finalize
from .errors import ApprovalError
from .history import action_log
from .models import Action, ActionKind, Document, DocumentStatus, Step, StepState
from .routing import may_act_for
from .rules import check_drafter, locked_document


def current_stage(document: Document) -> int | None:
    stage = document.steps.filter(state=StepState.PENDING).order_by("stage").values_list("stage", flat=True)
    return stage.first()


def acting_step(*, document: Document, user: User, on: datetime.date | None = None) -> Step | None:
    """The pending step `user` may act on now (their own first, else one they may act for as 代決者)."""
    day = on or timezone.localdate()
    if document.status != DocumentStatus.IN_PROGRESS:
        return None
    pending = list(document.steps.filter(state=StepState.PENDING).select_related("assignee", "unit"))
    own = [s for s in pending if s.assignee_id == user.pk]
    if own:
        return own[0]
    return next((s for s in pending if may_act_for(user=user, step=s, on=day)), None)


def _step_for(document: Document, actor: User) -> Step:
    step = acting_step(document=document, user=actor)
    if step is None:
        raise errors.not_your_turn_error()
    return step


def _mark(step: Step, *, state: str, actor: User, comment: str) -> None:
    step.state = state
    step.acted_by = actor
    step.acted_at = timezone.now()
    step.comment = comment
    step.save(update_fields=["state", "acted_by", "acted_at", "comment"])


def _on_behalf(step: Step, actor: User) -> User | None:
    return step.assignee if step.assignee_id != actor.pk else None


def document_approve(*, document: Document, actor: User, comment: str = "", request: Any = None) -> Document:
    """承認: the step is done; when every step of its stage is, the next stage's people get it."""
    with transaction.atomic():
        locked = locked_document(document)
        step = _step_for(locked, actor)
        if step.is_decision:
            raise ApprovalError(
                "decide_instead",
                "決裁者は「承認」ではなく「決裁」か「却下」を選んでください。",
                "As the decider, choose Decide or Reject rather than Approve.",
                422,
                field="action",
            )
        _mark(step, state=StepState.APPROVED, actor=actor, comment=comment)
        if not locked.steps.filter(stage=step.stage, state=StepState.PENDING).exists():
            next_stage = (
                locked.steps.filter(state=StepState.WAITING)
                .order_by("stage")
                .values_list("stage", flat=True)
                .first()
            )
            if next_stage is not None:
                locked.steps.filter(stage=next_stage).update(state=StepState.PENDING)
        action_log(
            document=locked,
            kind=ActionKind.APPROVE,
            actor=actor,
            step=step,
            on_behalf_of=_on_behalf(step, actor),
            comment=comment,
            request=request,
        )
    return locked


def _reset(steps: Any) -> None:
    steps.update(state=StepState.WAITING, acted_by=None, acted_at=None, comment="")


def document_return(
    *, document: Document, actor: User, comment: str, to_stage: int | None = None, request: Any = None
) -> Document:
    """差戻し: back to the drafter (`to_stage` None; the route is resolved again when it is re-sent),
    or to an earlier stage, whose people then have it again."""
    if not comment.strip():
        raise errors.comment_required_error()
    with transaction.atomic():
        locked = locked_document(document)
        step = _step_for(locked, actor)
        if to_stage is None:
            locked.status = DocumentStatus.RETURNED
            locked.save(update_fields=["status", "updated_at"])
            _reset(locked.steps.all())
        else:
            if to_stage >= step.stage or not locked.steps.filter(stage=to_stage).exists():
                raise ApprovalError(
                    "return_target",
                    "差戻し先には、この段階より前の段階を選んでください。",
                    "Choose a stage before this one to return the document to.",
                    422,
                    field="to_stage",
                )
            _reset(locked.steps.filter(stage__gte=to_stage))
            locked.steps.filter(stage=to_stage).update(state=StepState.PENDING)
        action_log(
            document=locked,
            kind=ActionKind.RETURN,
            actor=actor,
            step=step,
            on_behalf_of=_on_behalf(step, actor),
            comment=comment.strip(),
            request=request,
            detail={"to_stage": to_stage},
        )
    return locked


def document_pull_back(
    *, document: Document, actor: User, comment: str = "", request: Any = None
) -> Document:
    """引戻し: the drafter takes the document back to edit it, while the people it waits for have not
    acted yet (nobody in the current stage has approved)."""
    with transaction.atomic():
        locked = locked_document(document)
        check_drafter(locked, actor)
        if locked.status != DocumentStatus.IN_PROGRESS:
            raise errors.state_error("引戻し", "pull back")
        stage = current_stage(locked)
        if stage is None or locked.steps.filter(stage=stage).exclude(state=StepState.PENDING).exists():
            raise ApprovalError(
                "already_acted",
                "次の方がすでに処理を始めているため、引戻しできません。差戻しを依頼してください。",
                "The next person has already acted, so you cannot pull the document back. Ask them to "
                "return it.",
                409,
            )
        locked.status = DocumentStatus.DRAFT
        locked.save(update_fields=["status", "updated_at"])
        _reset(locked.steps.all())
        action_log(document=locked, kind=ActionKind.PULL_BACK, actor=actor, comment=comment, request=request)
    return locked


def document_withdraw(*, document: Document, actor: User, comment: str = "", request: Any = None) -> Document:
    """取下げ: the drafter abandons the 起案; linked applications stay as they are and are free again."""
    with transaction.atomic():
        locked = locked_document(document)
        check_drafter(locked, actor)
        if locked.status not in {DocumentStatus.DRAFT, DocumentStatus.RETURNED, DocumentStatus.IN_PROGRESS}:
            raise errors.state_error("取下げ", "withdraw")
        locked.status = DocumentStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        _reset(locked.steps.all())
        action_log(document=locked, kind=ActionKind.WITHDRAW, actor=actor, comment=comment, request=request)
    return locked


def _final(*, document: Document, actor: User, comment: str, approved: bool, request: Any) -> Document:
    with transaction.atomic():
        locked = locked_document(document)
        step = _step_for(locked, actor)
        if not step.is_decision:
            raise ApprovalError(
                "not_decider",
                "決裁・却下は決裁者（代決者）だけができます。承認か差戻しを選んでください。",
                "Only the decider (or their deputy) can decide or reject. Choose Approve or Return.",
                403,
                field="action",
            )
        _mark(step, state=StepState.DECIDED if approved else StepState.REJECTED, actor=actor, comment=comment)
        locked.status = DocumentStatus.DECIDED if approved else DocumentStatus.REJECTED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        action_log(
            document=locked,
            kind=ActionKind.DECIDE if approved else ActionKind.REJECT,
            actor=actor,
            step=step,
            on_behalf_of=_on_behalf(step, actor),
            comment=comment,
            request=request,
        )
        document_finalize(document=locked, actor=actor, approved=approved, request=request)
    return locked


def document_decide(*, document: Document, actor: User, comment: str = "", request: Any = None) -> Document:
    """決裁: linked applications become 受理, listeners run, the approval notices are issued and the
    document is frozen, all in one transaction (a listener's refusal undoes everything)."""
    return _final(document=document, actor=actor, comment=comment, approved=True, request=request)


def document_reject(*, document: Document, actor: User, comment: str, request: Any = None) -> Document:
    """却下: linked applications become 不受理 with the refusal notices; the document is frozen."""
    if not comment.strip():
        raise errors.comment_required_error()
    return _final(document=document, actor=actor, comment=comment.strip(), approved=False, request=request)


def document_post_review(*, action: Action, actor: User, request: Any = None) -> Action:
    """後閲: the person a deputy acted for has read what was done in their name."""
    with transaction.atomic():
        locked = Action.objects.select_for_update().select_related("document__unit").get(pk=action.pk)
        if locked.on_behalf_of_id != actor.pk:
            raise errors.not_your_turn_error()
        if locked.post_reviewed_at is not None:
            return locked
        locked.post_reviewed_at = timezone.now()
        locked.save(update_fields=["post_reviewed_at"])
        action_log(
            document=locked.document,
            kind=ActionKind.POST_REVIEW,
            actor=actor,
            step=locked.step,
            request=request,
            detail={"reviewed_action": locked.pk, "deputy": locked.actor.email},
        )
    return locked

"""Resolving a 起案's route on a given day: the route template's positions become people through the
dated memberships of that day, the 専決 table names the decider, and the drafter's optional reviewers
come just before the decider. 合議 stages (another unit's consent) come before the own line.

Who may act for a step: its assignee, or a registered deputy (代決者) while the assignee is registered
absent on that day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from kencho.core.models import Membership, OrgUnit, User

from .errors import ApprovalError
from .models import (
    Absence,
    DeciderLevel,
    DecisionCategory,
    DelegationRule,
    Deputy,
    Document,
    RouteTemplatePosition,
    StageKind,
    Step,
)


@dataclass(frozen=True)
class PlannedStep:
    stage: int
    kind: str
    assignee: User
    unit: OrgUnit
    title: str
    is_optional: bool = False

    @property
    def kind_label(self) -> str:
        return str(StageKind(self.kind).label)


def _active(on: datetime.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def unit_at_level(unit: OrgUnit, level: str) -> OrgUnit | None:
    """The unit itself or the nearest unit above it at `level` (section 係, division 課, department 部局)."""
    current: OrgUnit | None = unit
    while current is not None:
        if current.level == level:
            return current
        current = current.parent
    return None


def position_holder(*, unit: OrgUnit | None, title: str, on: datetime.date) -> User | None:
    """Who holds `title` in `unit` (anywhere when `unit` is None) on `on`: the latest appointment wins."""
    memberships = Membership.objects.filter(_active(on), title=title, user__is_active=True)
    if unit is not None:
        memberships = memberships.filter(unit=unit)
    membership = memberships.select_related("user").order_by("-valid_from", "-id").first()
    return membership.user if membership else None


def _unresolved(unit: OrgUnit | None, title: str) -> ApprovalError:
    where_ja = unit.name_ja if unit else "全庁"
    where_en = (unit.name_en or unit.name_ja) if unit else "the whole organisation"
    return ApprovalError(
        "route_unresolved",
        f"回付先を決められません: {where_ja} の「{title}」にあたる職員がいません。"
        "所属メンバーの職名か回付ルートの型を管理者に確認してもらってください。",
        f"The route cannot be resolved: nobody holds the title '{title}' in {where_en}. "
        "Ask an administrator to check the memberships or the route template.",
        422,
    )


def decider_for(*, category: DecisionCategory, unit: OrgUnit, on: datetime.date) -> tuple[User, OrgUnit, str]:
    """The final decider (決裁者) of a 起案 of `category` drafted in `unit`, per the 専決 table."""
    rule = DelegationRule.objects.filter(category=category).first()
    if rule is None:
        raise ApprovalError(
            "no_delegation_rule",
            f"決裁区分「{category.name_ja}」の専決区分が登録されていません。管理者に登録を依頼してください。",
            f"The decision category '{category.name_en or category.name_ja}' has no rule in the delegation "
            "table. Ask an administrator to add one.",
            422,
            field="category",
        )
    where = None if rule.level == DeciderLevel.GOVERNOR else unit_at_level(unit, rule.level)
    if rule.level != DeciderLevel.GOVERNOR and where is None:
        raise _unresolved(None, rule.decider_title)
    decider = position_holder(unit=where, title=rule.decider_title, on=on)
    if decider is None:
        raise _unresolved(where, rule.decider_title)
    if where is None:
        membership = Membership.objects.filter(_active(on), user=decider, title=rule.decider_title).first()
        where = membership.unit if membership else unit
    return decider, where, rule.decider_title


def _position_unit(position: RouteTemplatePosition, drafting_unit: OrgUnit) -> OrgUnit | None:
    if position.fixed_unit is not None:
        return position.fixed_unit
    return unit_at_level(drafting_unit, position.unit_level)


def route_plan(*, document: Document, on: datetime.date) -> list[PlannedStep]:
    """The route as it would be if the document were sent on `on`. Positions held by the drafter or the
    decider are left out (a 係長 who drafts does not review their own 起案), and so are repeats."""
    decider, decider_unit, decider_title = decider_for(category=document.category, unit=document.unit, on=on)
    skip = {document.drafter_id, decider.pk}
    plan: list[PlannedStep] = []
    stage = 0
    template = getattr(document.category, "route_template", None)
    stages = list(template.stages.prefetch_related("positions__fixed_unit")) if template else []
    # 合議 (another unit's consent) comes before the own line.
    stages.sort(key=lambda s: (s.kind != StageKind.CONSULTATION, s.order))
    for template_stage in stages:
        people: list[tuple[User, OrgUnit, str]] = []
        for position in template_stage.positions.all():
            unit = _position_unit(position, document.unit)
            if unit is None:
                continue  # the drafter's unit has no such level (a 課 without 係): nothing to review
            holder = position_holder(unit=unit, title=position.title, on=on)
            if holder is None:
                raise _unresolved(unit, position.title)
            if holder.pk in skip:
                continue
            skip.add(holder.pk)
            people.append((holder, unit, position.title))
        if not people:
            continue
        if template_stage.kind == StageKind.SERIAL:
            for holder, unit, title in people:
                stage += 1
                plan.append(PlannedStep(stage, StageKind.SERIAL, holder, unit, title))
        else:
            stage += 1
            plan.extend(PlannedStep(stage, template_stage.kind, h, u, t) for h, u, t in people)
    for reviewer in document.optional_reviewers.select_related("user"):
        if reviewer.user_id in skip:
            continue
        skip.add(reviewer.user_id)
        membership = Membership.objects.filter(_active(on), user=reviewer.user).select_related("unit").first()
        stage += 1
        plan.append(
            PlannedStep(
                stage,
                StageKind.SERIAL,
                reviewer.user,
                membership.unit if membership else document.unit,
                membership.title if membership else "",
                is_optional=True,
            )
        )
    plan.append(PlannedStep(stage + 1, StageKind.DECISION, decider, decider_unit, decider_title))
    return plan


def is_absent(user_id: int, on: datetime.date) -> bool:
    return Absence.objects.filter(user_id=user_id, starts_on__lte=on, ends_on__gte=on).exists()


def principals_of(deputy: User, on: datetime.date) -> QuerySet[Deputy]:
    """The registrations under which `deputy` may act for someone on `on` (absent or not)."""
    return Deputy.objects.filter(_active(on), deputy=deputy)


def absent_principal_ids(deputy: User, on: datetime.date) -> set[int]:
    """The people `deputy` may act for on `on`: registered principals who are registered absent."""
    ids = set(principals_of(deputy, on).values_list("principal_id", flat=True))
    if not ids:
        return set()
    return set(
        Absence.objects.filter(user_id__in=ids, starts_on__lte=on, ends_on__gte=on).values_list(
            "user_id", flat=True
        )
    )


def may_act_for(*, user: User, step: Step, on: datetime.date) -> bool:
    """The assignee, or a registered deputy while the assignee is registered absent (代決)."""
    if step.assignee_id == user.pk:
        return True
    return step.assignee_id in absent_principal_ids(user, on)

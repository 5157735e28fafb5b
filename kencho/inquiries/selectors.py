"""Reads of the inquiries module: who answers for whom, the surveys a person sees, the latest
answers and the aggregate."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kencho.core.access import active_memberships, staff_unit_ids
from kencho.core.models import Membership, User

from .aggregation import Respondent, aggregate, changes
from .models import (
    RecipientStatus,
    RespondentMember,
    RespondentOrganisation,
    Submission,
    Survey,
    SurveyRecipient,
    SurveyStatus,
)


def _current(queryset: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    today = timezone.localdate()
    return queryset.filter(**{f"{prefix}valid_from__lte": today}).filter(
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today})
    )


def respondent_users(organisation: RespondentOrganisation) -> list[User]:
    """The people who answer for the organisation today: its members, and for a prefecture unit the
    unit's current staff."""
    members = _current(RespondentMember.objects.filter(organisation=organisation))
    users = {m.user for m in members.select_related("user") if m.user.is_active}
    if organisation.unit_id is not None:
        memberships = _current(Membership.objects.filter(unit_id=organisation.unit_id))
        users |= {m.user for m in memberships.select_related("user") if m.user.is_active}
    return sorted(users, key=lambda user: user.email)


def organisations_of(user: User) -> list[RespondentOrganisation]:
    """The organisations `user` answers for today."""
    if not user.is_authenticated or user.kind != User.Kind.STAFF:
        return []
    member_of = _current(RespondentMember.objects.filter(user=user)).values_list("organisation_id", flat=True)
    unit_ids = [m.unit_id for m in active_memberships(user)]
    return list(
        RespondentOrganisation.objects.filter(Q(pk__in=list(member_of)) | Q(unit_id__in=unit_ids)).filter(
            is_active=True
        )
    )


def recipients_for_respondent(user: User) -> QuerySet[SurveyRecipient]:
    return (
        SurveyRecipient.objects.filter(organisation__in=organisations_of(user))
        .exclude(survey__status=SurveyStatus.DRAFT)
        .select_related("survey", "survey__unit", "organisation")
        .order_by("-survey__deadline", "survey_id")
    )


def surveys_for_staff(user: User) -> QuerySet[Survey]:
    ids = staff_unit_ids(user)
    surveys = Survey.objects.select_related("unit")
    return surveys if ids is None else surveys.filter(unit_id__in=ids)


def latest_submission(recipient: SurveyRecipient) -> Submission | None:
    return recipient.submissions.order_by("-number").first()


def latest_submissions(survey: Survey) -> Iterator[tuple[SurveyRecipient, Submission]]:
    """Each answered recipient with its newest version, in respondent order. A returned answer
    still counts until it is replaced."""
    recipients = survey.recipients.exclude(status=RecipientStatus.PENDING).select_related("organisation")
    newest: dict[int, Submission] = {}
    for submission in Submission.objects.filter(recipient__survey=survey).order_by("recipient_id", "number"):
        newest[submission.recipient_id] = submission
    for recipient in recipients:
        if recipient.pk in newest:
            yield recipient, newest[recipient.pk]


def survey_respondents(survey: Survey) -> Iterator[Respondent]:
    for recipient, submission in latest_submissions(survey):
        organisation = recipient.organisation
        yield Respondent(organisation.code, organisation.name_ja, organisation.name_en, submission.data)


def survey_aggregate(survey: Survey, *, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    return aggregate(survey.definition, survey_respondents(survey), progress=progress)


def survey_changes(survey: Survey, current: dict[str, Any]) -> list[dict[str, Any]]:
    """Period-on-period changes against the previous period of a recurring survey."""
    if survey.previous_id is None:
        return []
    previous = Survey.objects.select_related("form_version").get(pk=survey.previous_id)
    return changes(current, survey_aggregate(previous))


def status_counts(survey: Survey) -> dict[str, int]:
    counts = dict.fromkeys(RecipientStatus.values, 0)
    for status in survey.recipients.values_list("status", flat=True):
        counts[status] += 1
    return counts


def survey_template_xlsx(survey: Survey) -> bytes:
    """The workbook respondents download, fill in and upload."""
    from .workbook import template_xlsx

    note = f"照会元：{survey.unit.name_ja}　回答期限：{survey.deadline:%Y-%m-%d}"
    if survey.period:
        note += f"　対象期間：{survey.period}"
    return template_xlsx(
        definition=survey.definition,
        survey_id=str(survey.public_id),
        form_version_id=survey.form_version_id,
        title=survey.title,
        note=note,
    )

"""Fetching by id is an access check: staff reach surveys of their units, respondents the surveys
sent to an organisation they answer for. Every helper raises Http404 when the object is not theirs,
so an id of someone else's survey looks the same as an unknown one."""

from __future__ import annotations

import uuid

from django.http import Http404

from kencho.core.access import staff_unit_ids
from kencho.core.models import User

from . import selectors
from .models import AggregationRun, Survey, SurveyRecipient, SurveyStatus


def _uuid(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def survey_for_staff(*, user: User, public_id: object) -> Survey:
    ids = staff_unit_ids(user)
    survey = Survey.objects.select_related("unit", "form_version").filter(public_id=_uuid(public_id)).first()
    if survey is None or (ids is not None and survey.unit_id not in ids):
        raise Http404
    return survey


def recipient_for_staff(*, user: User, survey: Survey, recipient_id: int) -> SurveyRecipient:
    recipient = survey.recipients.select_related("organisation", "survey").filter(pk=recipient_id).first()
    if recipient is None:
        raise Http404
    return recipient


def run_for_staff(*, user: User, public_id: object) -> AggregationRun:
    run = AggregationRun.objects.select_related("survey").filter(public_id=_uuid(public_id)).first()
    if run is None:
        raise Http404
    survey_for_staff(user=user, public_id=run.survey.public_id)
    return run


def recipient_for_respondent(*, user: User, public_id: object) -> SurveyRecipient:
    """The user's organisation's place in a sent survey (the first, if they answer for several)."""
    recipient = (
        selectors.recipients_for_respondent(user)
        .filter(survey__public_id=_uuid(public_id))
        .exclude(survey__status=SurveyStatus.DRAFT)
        .select_related("survey__form_version")
        .first()
    )
    if recipient is None:
        raise Http404
    return recipient

"""REST API of inquiries: handlers parse, call one service or selector, and shape the answer.

`staff_router` (/api/v1/staff/inquiries/...) is for senders: their surveys, the answer status, the
aggregate, reminders and returns. `respondent_router` (/api/v1/inquiries/...) is for the people who
answer for an organisation (staff accounts with an API token): the surveys sent to them, answering
with JSON, and uploading the filled Excel template. Errors have the project's shape
{"errors": [{"field", "code", "message": {"ja", "en"}}]}; for a workbook, field is "sheet!cell"."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from kencho.core.api import ErrorsOut
from kencho.core.models import User
from kencho.core.tokens import TokenAuth

from . import access, selectors
from .errors import WorkbookInvalid
from .exports import XLSX
from .models import Survey, SurveyRecipient
from .services import recipient_return, submission_create, submission_from_workbook, survey_remind
from .workbook import MAX_FILE_BYTES, CellProblem, WorkbookRejected

public_router = Router(tags=["inquiries"])
staff_router = Router(tags=["staff"], auth=TokenAuth())
respondent_router = Router(tags=["inquiries"], auth=TokenAuth())


class SurveyOut(Schema):
    id: str
    title: str
    period: str
    deadline: datetime.date
    status: str
    unit: str


class RecipientOut(Schema):
    id: int
    organisation_code: str
    organisation_name: str
    status: str
    version: int | None
    flags: int


class SurveyDetailOut(SurveyOut):
    recipients: list[RecipientOut]


class RespondentSurveyOut(SurveyOut):
    organisation_code: str
    answer_status: str
    instructions: str
    form: dict[str, Any]
    latest_answer: dict[str, Any] | None
    latest_version: int | None


class AnswerIn(Schema):
    data: dict[str, Any]


class SubmissionOut(Schema):
    version: int
    source: str
    flags: list[dict[str, Any]]


class RemindIn(Schema):
    recipients: list[int] | None = None


class SentOut(Schema):
    sent: int


class ReturnIn(Schema):
    reason: str


def _user(request: HttpRequest) -> User:
    return cast(User, request.auth)  # type: ignore[attr-defined]  # set by ninja's TokenAuth


def _survey_out(survey: Survey) -> dict[str, Any]:
    return {
        "id": str(survey.public_id),
        "title": survey.title,
        "period": survey.period,
        "deadline": survey.deadline,
        "status": survey.status,
        "unit": survey.unit.name_ja,
    }


def _problems(problems: list[CellProblem]) -> dict[str, Any]:
    return {"errors": [problem.as_dict() for problem in problems]}


@staff_router.get("/inquiries/surveys", response=list[SurveyOut], summary="照会の一覧 / Surveys of my units")
def surveys_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_survey_out(s) for s in selectors.surveys_for_staff(_user(request)).order_by("-created_at")[:500]]


@staff_router.get(
    "/inquiries/surveys/{survey_id}",
    response={200: SurveyDetailOut, 404: ErrorsOut},
    summary="照会と回答状況 / A survey and who has answered",
)
def survey_detail(request: HttpRequest, survey_id: str) -> dict[str, Any]:
    survey = access.survey_for_staff(user=_user(request), public_id=survey_id)
    latest = {r.pk: s for r, s in selectors.latest_submissions(survey)}
    recipients = [
        {
            "id": r.pk,
            "organisation_code": r.organisation.code,
            "organisation_name": r.organisation.name_ja,
            "status": r.status,
            "version": latest[r.pk].number if r.pk in latest else None,
            "flags": len(latest[r.pk].flags) if r.pk in latest else 0,
        }
        for r in survey.recipients.select_related("organisation")
    ]
    return {**_survey_out(survey), "recipients": recipients}


@staff_router.get(
    "/inquiries/surveys/{survey_id}/aggregate",
    response={200: dict[str, Any], 404: ErrorsOut},
    summary="集計 / The aggregate (totals per question, per respondent, rows)",
)
def survey_aggregate(request: HttpRequest, survey_id: str) -> dict[str, Any]:
    survey = access.survey_for_staff(user=_user(request), public_id=survey_id)
    result = selectors.survey_aggregate(survey)
    return {**result, "changes": selectors.survey_changes(survey, result)}


@staff_router.post(
    "/inquiries/surveys/{survey_id}/reminders",
    response={200: SentOut, 404: ErrorsOut, 409: ErrorsOut},
    summary="督促 / Remind those who have not answered",
)
def survey_reminders(request: HttpRequest, survey_id: str, payload: RemindIn) -> dict[str, int]:
    user = _user(request)
    survey = access.survey_for_staff(user=user, public_id=survey_id)
    chosen: list[SurveyRecipient] | None = None
    if payload.recipients is not None:
        chosen = [
            access.recipient_for_staff(user=user, survey=survey, recipient_id=i)
            for i in payload.recipients[:1000]
        ]
    return {"sent": survey_remind(survey=survey, actor=user, recipients=chosen)}


@staff_router.post(
    "/inquiries/surveys/{survey_id}/recipients/{recipient_id}/return",
    response={200: RecipientOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="差戻し / Return an answer for correction",
)
def recipient_return_api(
    request: HttpRequest, survey_id: str, recipient_id: int, payload: ReturnIn
) -> dict[str, Any]:
    user = _user(request)
    survey = access.survey_for_staff(user=user, public_id=survey_id)
    recipient = access.recipient_for_staff(user=user, survey=survey, recipient_id=recipient_id)
    recipient = recipient_return(recipient=recipient, reason=payload.reason, actor=user)
    latest = selectors.latest_submission(recipient)
    return {
        "id": recipient.pk,
        "organisation_code": recipient.organisation.code,
        "organisation_name": recipient.organisation.name_ja,
        "status": recipient.status,
        "version": latest.number if latest else None,
        "flags": len(latest.flags) if latest else 0,
    }


@respondent_router.get(
    "", response=list[SurveyOut], summary="届いている照会 / Surveys sent to my organisation"
)
def respondent_surveys(request: HttpRequest) -> list[dict[str, Any]]:
    return [_survey_out(r.survey) for r in selectors.recipients_for_respondent(_user(request))[:500]]


@respondent_router.get(
    "/{survey_id}",
    response={200: RespondentSurveyOut, 404: ErrorsOut},
    summary="照会と設問 / A survey, its questions and my latest answer",
)
def respondent_survey(request: HttpRequest, survey_id: str) -> dict[str, Any]:
    recipient = access.recipient_for_respondent(user=_user(request), public_id=survey_id)
    latest = selectors.latest_submission(recipient)
    return {
        **_survey_out(recipient.survey),
        "organisation_code": recipient.organisation.code,
        "answer_status": recipient.status,
        "instructions": recipient.survey.instructions,
        "form": recipient.survey.definition,
        "latest_answer": latest.data if latest else None,
        "latest_version": latest.number if latest else None,
    }


@respondent_router.get(
    "/{survey_id}/template.xlsx",
    response={200: None, 404: ErrorsOut},
    summary="回答用 Excel 様式 / The Excel template to fill in",
)
def respondent_template(request: HttpRequest, survey_id: str) -> HttpResponse:
    recipient = access.recipient_for_respondent(user=_user(request), public_id=survey_id)
    response = HttpResponse(selectors.survey_template_xlsx(recipient.survey), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{recipient.survey.pk}.xlsx"'
    return response


def _submission_out(submission: Any) -> dict[str, Any]:
    return {"version": submission.number, "source": submission.source, "flags": submission.flags}


@respondent_router.post(
    "/{survey_id}/answers",
    response={201: SubmissionOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="回答する（JSON） / Answer with JSON",
)
def respondent_answer(request: HttpRequest, survey_id: str, payload: AnswerIn) -> Status[dict[str, Any]]:
    user = _user(request)
    recipient = access.recipient_for_respondent(user=user, public_id=survey_id)
    submission = submission_create(
        recipient=recipient, answers=payload.data, source="api", actor=user, strict=True, request=request
    )
    return Status(201, _submission_out(submission))


@respondent_router.post(
    "/{survey_id}/workbook",
    response={201: SubmissionOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="記入した Excel を提出する / Upload the filled Excel template",
)
def respondent_workbook(
    request: HttpRequest, survey_id: str, file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    user = _user(request)
    recipient = access.recipient_for_respondent(user=user, public_id=survey_id)
    try:
        if (file.size or 0) > MAX_FILE_BYTES:
            raise WorkbookRejected(
                CellProblem(
                    code="too_large",
                    message_ja=f"ファイルが大きすぎます（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。",
                    message_en=f"The file is too large (at most {MAX_FILE_BYTES // 1024 // 1024} MB).",
                )
            )
        submission = submission_from_workbook(
            recipient=recipient, content=file.read(), file_name=file.name or "", actor=user, request=request
        )
    except WorkbookRejected as exc:
        return Status(422, _problems([exc.problem]))
    except WorkbookInvalid as exc:
        return Status(422, _problems(exc.problems))
    return Status(201, _submission_out(submission))


public_router.add_router("/inquiries", respondent_router)

"""Writes of the inquiries module: surveys, respondents, answers, returns and reminders. Each service
is keyword-only, runs in one transaction and leaves an audit entry with the acting user; e-mails are
sent after commit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.mail import email_send_templated
from kencho.core.models import OrgUnit, User
from kencho.forms.models import FormVersion
from kencho.forms.validation import validate_answers
from kencho.procedures.errors import InvalidAnswers

from . import selectors
from .errors import WorkbookInvalid, survey_error
from .models import (
    RecipientStatus,
    RespondentMember,
    RespondentOrganisation,
    Submission,
    SubmissionSource,
    Survey,
    SurveyAttachment,
    SurveyRecipient,
    SurveyStatus,
)
from .municipalities import mie_municipalities
from .rules import rules_evaluate, rules_problems
from .workbook import placed, unsupported_fields, workbook_read

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def respondent_organisation_save(
    *,
    kind: str,
    code: str,
    name_ja: str,
    name_en: str = "",
    email: str = "",
    unit: OrgUnit | None = None,
    actor: User | None,
) -> RespondentOrganisation:
    """Create the organisation with `code`, or update its names and contact address."""
    with transaction.atomic():
        organisation, created = RespondentOrganisation.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "name_ja": name_ja, "name_en": name_en, "email": email, "unit": unit},
        )
        audit_record(
            action="inquiries.respondent_created" if created else "inquiries.respondent_updated",
            actor=actor,
            obj=organisation,
            detail={"code": code, "kind": kind},
        )
    return organisation


def municipalities_ensure(*, actor: User | None) -> list[RespondentOrganisation]:
    """The 29 municipalities of Mie as respondent organisations (made once, names kept current)."""
    with transaction.atomic():
        return [
            respondent_organisation_save(
                kind=RespondentOrganisation.Kind.MUNICIPALITY, code=code, name_ja=ja, name_en=en, actor=actor
            )
            for code, ja, en in mie_municipalities()
        ]


def respondent_member_add(
    *, organisation: RespondentOrganisation, user: User, actor: User | None
) -> RespondentMember:
    """Let `user` answer for `organisation`. The user must be a staff account (one-time code at log-in)."""
    if user.kind != User.Kind.STAFF:
        raise survey_error(
            "not_staff",
            "回答担当者は職員アカウント（ワンタイムコードでログインする利用者）にしてください。",
            "A person answering for an organisation needs a staff account (log-in with a one-time code).",
            status=422,
        )
    with transaction.atomic():
        member, _ = RespondentMember.objects.get_or_create(organisation=organisation, user=user)
        audit_record(
            action="inquiries.member_added",
            actor=actor,
            obj=member,
            detail={"organisation": organisation.code},
        )
    return member


def survey_create(
    *,
    unit: OrgUnit,
    title: str,
    form_version: FormVersion,
    deadline: datetime.date,
    organisations: Iterable[RespondentOrganisation],
    actor: User,
    instructions: str = "",
    series: str = "",
    period: str = "",
    rules: list[dict[str, Any]] | None = None,
    remind_days_before: int = 3,
    previous: Survey | None = None,
) -> Survey:
    """A draft survey. The form must be published and answerable in Excel; rules must fit the form."""
    if form_version.published_at is None:
        raise survey_error(
            "form_not_published",
            "公開された様式の版を選んでください。",
            "Choose a published version of the form.",
            status=422,
        )
    unsupported = unsupported_fields(form_version.schema)
    if unsupported:
        raise survey_error(
            "unsupported_question",
            f"照会では使えない設問があります（{', '.join(unsupported)}）。住所・氏名・ファイル・同意は、"
            "文字や選択肢の設問に置き換えてください。",
            f"Some questions cannot be used in a survey ({', '.join(unsupported)}). "
            "Replace addresses, names, "
            "files and agreements with text or choice questions.",
            status=422,
        )
    problems = rules_problems(rules or [], form_version.schema)
    if problems:
        raise survey_error(
            "invalid_rules",
            " ".join(p.message_ja for p in problems),
            " ".join(p.message_en for p in problems),
            status=422,
        )
    chosen = list(dict.fromkeys(organisations))
    if not chosen:
        raise survey_error(
            "no_recipients", "照会先を1つ以上選んでください。", "Choose at least one respondent.", status=422
        )
    with transaction.atomic():
        survey = Survey.objects.create(
            unit=unit,
            title=title,
            instructions=instructions,
            form_version=form_version,
            deadline=deadline,
            series=series,
            period=period,
            rules=rules or [],
            remind_days_before=remind_days_before,
            previous=previous,
            created_by=actor,
        )
        SurveyRecipient.objects.bulk_create(
            [SurveyRecipient(survey=survey, organisation=organisation) for organisation in chosen]
        )
        audit_record(
            action="inquiries.survey_created",
            actor=actor,
            obj=survey,
            unit_code=unit.code,
            detail={"title": title, "recipients": len(chosen), "period": period},
        )
    return survey


def survey_attachment_add(*, survey: Survey, name: str, content: bytes, actor: User) -> SurveyAttachment:
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise survey_error(
            "too_large",
            "添付ファイルは20MBまでです。",
            "An attachment may be at most 20 MB.",
            status=422,
        )
    with transaction.atomic():
        attachment = SurveyAttachment(survey=survey, name=name[:200], size=len(content))
        attachment.file.save(name[-100:] or "attachment", ContentFile(content), save=True)
        audit_record(action="inquiries.attachment_added", actor=actor, obj=survey, detail={"name": name})
    return attachment


def _members_emails(organisation: RespondentOrganisation) -> list[tuple[str, str]]:
    """(address, language) of everyone who answers for the organisation, and its contact address."""
    people = [(user.email, user.preferred_language) for user in selectors.respondent_users(organisation)]
    if organisation.email:
        people.append((organisation.email, "ja"))
    return list(dict.fromkeys(people))


def _mail_recipient(recipient: SurveyRecipient, template: str, extra: dict[str, Any] | None = None) -> None:
    for address, language in _members_emails(recipient.organisation):
        email_send_templated(
            to=address,
            language=language,
            template=f"inquiries/email/{template}",
            context={"survey": recipient.survey, "recipient": recipient, **(extra or {})},
        )


def survey_send(*, survey: Survey, actor: User) -> Survey:
    """Open the survey and tell every respondent."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != SurveyStatus.DRAFT:
            raise survey_error(
                "already_sent", "この照会は送付済みです。", "This survey has already been sent."
            )
        survey.status = SurveyStatus.OPEN
        survey.sent_at = timezone.now()
        survey.save(update_fields=["status", "sent_at"])
        for recipient in survey.recipients.select_related("organisation", "survey"):
            _mail_recipient(recipient, "sent")
        audit_record(action="inquiries.survey_sent", actor=actor, obj=survey, unit_code=survey.unit.code)
    return survey


def survey_close(*, survey: Survey, actor: User) -> Survey:
    with transaction.atomic():
        survey.status = SurveyStatus.CLOSED
        survey.save(update_fields=["status"])
        audit_record(action="inquiries.survey_closed", actor=actor, obj=survey, unit_code=survey.unit.code)
    return survey


def survey_next_period(*, survey: Survey, period: str, deadline: datetime.date, actor: User) -> Survey:
    """The next period of a recurring survey: the same form, respondents, rules and instructions."""
    if Survey.objects.filter(previous=survey).exists():
        raise survey_error(
            "next_exists",
            "この照会の次の期間はすでに作成されています。",
            "The next period of this survey has already been made.",
        )
    return survey_create(
        unit=survey.unit,
        title=survey.title,
        form_version=survey.form_version,
        deadline=deadline,
        organisations=[r.organisation for r in survey.recipients.select_related("organisation")],
        actor=actor,
        instructions=survey.instructions,
        series=survey.series or f"survey-{survey.pk}",
        period=period,
        rules=survey.rules,
        remind_days_before=survey.remind_days_before,
        previous=survey,
    )


def _closed() -> Exception:
    return survey_error(
        "survey_closed",
        "この照会は回答を受け付けていません。照会元に問い合わせてください。",
        "This survey is not accepting answers. Contact the sender.",
    )


def answers_validate(*, survey: Survey, answers: dict[str, Any], strict: bool = False) -> dict[str, Any]:
    """The cleaned answers, or InvalidAnswers with the form engine's own messages."""
    result = validate_answers(survey.definition, answers, strict=strict)
    if not result.ok:
        raise InvalidAnswers(result.errors)
    return result.data


def submission_create(
    *,
    recipient: SurveyRecipient,
    answers: dict[str, Any],
    source: str,
    actor: User | None,
    strict: bool = False,
    file_name: str = "",
    request: Any = None,
) -> Submission:
    """A new version of the recipient's answer: validated, checked by the survey's rules, audited."""
    if recipient.survey.status != SurveyStatus.OPEN:
        raise _closed()
    data = answers_validate(survey=recipient.survey, answers=answers, strict=strict)
    return _submission_store(
        recipient=recipient, data=data, source=source, actor=actor, file_name=file_name, request=request
    )


def _submission_store(
    *,
    recipient: SurveyRecipient,
    data: dict[str, Any],
    source: str,
    actor: User | None,
    file_name: str,
    request: Any,
) -> Submission:
    """Store answers the form engine has already cleaned, as the recipient's next version."""
    survey = recipient.survey
    flags = [flag.as_dict() for flag in rules_evaluate(survey.rules, data)]
    with transaction.atomic():
        locked = SurveyRecipient.objects.select_for_update().get(pk=recipient.pk)
        number = (locked.submissions.aggregate(n=Max("number"))["n"] or 0) + 1
        submission = Submission.objects.create(
            recipient=locked,
            number=number,
            data=data,
            source=source,
            file_name=file_name[:200],
            flags=flags,
            submitted_by=actor,
        )
        locked.status = RecipientStatus.ANSWERED
        locked.return_reason = ""
        locked.save(update_fields=["status", "return_reason"])
        audit_record(
            action="inquiries.answer_submitted",
            actor=actor,
            obj=submission,
            unit_code=survey.unit.code,
            detail={
                "survey": str(survey.public_id),
                "organisation": locked.organisation.code,
                "version": number,
                "source": source,
                "flags": len(flags),
            },
            request=request,
        )
    recipient.status = locked.status
    return submission


def submission_from_workbook(
    *, recipient: SurveyRecipient, content: bytes, file_name: str, actor: User, request: Any = None
) -> Submission:
    """An answer uploaded as the survey's generated workbook. WorkbookRejected when the file is not
    the template; WorkbookInvalid listing each problem with its sheet and cell."""
    survey = recipient.survey
    if survey.status != SurveyStatus.OPEN:
        raise _closed()
    read = workbook_read(
        content,
        definition=survey.definition,
        survey_id=str(survey.public_id),
        form_version_id=survey.form_version_id,
    )
    result = validate_answers(survey.definition, read.answers, strict=False)
    problems = read.problems + [placed(error, read.layout) for error in result.errors]
    if problems:
        raise WorkbookInvalid(problems)
    return _submission_store(
        recipient=recipient,
        data=result.data,
        source=SubmissionSource.EXCEL,
        actor=actor,
        file_name=file_name,
        request=request,
    )


def recipient_return(*, recipient: SurveyRecipient, reason: str, actor: User) -> SurveyRecipient:
    """Send an answer back for correction, with the reason the respondent will read."""
    if not reason.strip():
        raise survey_error(
            "reason_required",
            "差戻しの理由を入力してください。",
            "Enter the reason for returning the answer.",
            status=422,
        )
    with transaction.atomic():
        recipient = (
            SurveyRecipient.objects.select_for_update()
            .select_related("survey", "organisation")
            .get(pk=recipient.pk)
        )
        if recipient.status != RecipientStatus.ANSWERED:
            raise survey_error(
                "not_answered",
                "回答済みの照会先だけ差し戻せます。",
                "Only an answered recipient can be returned.",
            )
        recipient.status = RecipientStatus.RETURNED
        recipient.return_reason = reason.strip()[:2000]
        recipient.save(update_fields=["status", "return_reason"])
        _mail_recipient(recipient, "returned")
        audit_record(
            action="inquiries.answer_returned",
            actor=actor,
            obj=recipient,
            unit_code=recipient.survey.unit.code,
            detail={"organisation": recipient.organisation.code, "reason": recipient.return_reason},
        )
    return recipient


def survey_remind(
    *,
    survey: Survey,
    actor: User | None,
    recipients: Iterable[SurveyRecipient] | None = None,
    at: datetime.datetime | None = None,
) -> int:
    """E-mail a reminder to the recipients who have not answered (all of them, or those given)."""
    if survey.status != SurveyStatus.OPEN:
        raise _closed()
    with transaction.atomic():
        waiting = survey.recipients.exclude(status=RecipientStatus.ANSWERED).select_related(
            "organisation", "survey"
        )
        if recipients is not None:
            waiting = waiting.filter(pk__in=[r.pk for r in recipients])
        sent = 0
        now = at or timezone.now()
        for recipient in waiting:
            _mail_recipient(recipient, "reminder")
            recipient.reminded_at = now
            recipient.reminder_count += 1
            recipient.save(update_fields=["reminded_at", "reminder_count"])
            sent += 1
        audit_record(
            action="inquiries.reminders_sent",
            actor=actor,
            obj=survey,
            unit_code=survey.unit.code,
            detail={"recipients": sent, "automatic": actor is None},
        )
    return sent


def reminders_send_due(*, today: datetime.date | None = None) -> int:
    """The automatic reminders of the day: open surveys whose deadline is `remind_days_before` days
    away or less (and not past), to recipients not reminded today. Safe to run more than once a day."""
    today = today or timezone.localdate()
    sent = 0
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN, deadline__gte=today).select_related("unit"):
        if (survey.deadline - today).days > survey.remind_days_before:
            continue
        start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        due = survey.recipients.exclude(status=RecipientStatus.ANSWERED).exclude(
            reminded_at__gte=start_of_day
        )
        if due.exists():
            sent += survey_remind(survey=survey, actor=None, recipients=list(due), at=start_of_day)
    return sent

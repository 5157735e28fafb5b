"""The sender's pages: surveys of the user's units, making one, and its dashboard (who has answered,
reminders, returns, the aggregate with charts, period-on-period changes and exports)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.access import staff_unit_ids
from kencho.core.i18n import current_language
from kencho.core.models import OrgUnit, User
from kencho.core.permissions import staff_required
from kencho.forms.display import answers_display
from kencho.forms.models import FormVersion
from kencho.procedures.errors import ProcedureError

from .. import access, selectors
from ..charts import survey_charts
from ..exports import XLSX, export_csv, export_xlsx
from ..forms import NextPeriodForm, RespondentImportForm, ReturnForm, SurveyCreateForm
from ..imports import respondents_import
from ..models import AggregationRun, RespondentOrganisation
from ..runs import aggregation_start
from ..services import (
    recipient_return,
    survey_attachment_add,
    survey_close,
    survey_create,
    survey_next_period,
    survey_remind,
    survey_send,
)
from ..workbook import WorkbookRejected

LIVE_LIMIT = 300  # answers; above this the dashboard shows the last background run instead


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _units(user: User) -> Any:
    ids = staff_unit_ids(user)
    units = OrgUnit.objects.order_by("path")
    return units if ids is None else units.filter(pk__in=ids)


def _versions(user: User) -> Any:
    ids = staff_unit_ids(user)
    versions = FormVersion.objects.filter(published_at__isnull=False).select_related("definition")
    if ids is not None:
        versions = versions.filter(definition__owner_unit_id__in=ids)
    return versions.order_by("definition__title_ja", "-number")


@staff_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    surveys = selectors.surveys_for_staff(_user(request)).order_by("-created_at")[:200]
    return render(request, "inquiries/staff_home.html", {"surveys": surveys})


@staff_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SurveyCreateForm(
        request.POST or None, request.FILES or None, units=_units(user), versions=_versions(user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = survey_create(
                unit=data["unit"],
                title=data["title"],
                form_version=data["form_version"],
                deadline=data["deadline"],
                organisations=data["organisations"],
                actor=user,
                instructions=data["instructions"],
                series=data["series"],
                period=data["period"],
                rules=data["rules"],
            )
        except ProcedureError as exc:
            form.add_error(None, exc.message(current_language()))
        else:
            if data.get("attachment"):
                upload = data["attachment"]
                survey_attachment_add(survey=survey, name=upload.name, content=upload.read(), actor=user)
            messages.success(request, _("照会を作成しました。内容を確かめて送付してください。"))
            return redirect("inquiries:dashboard", public_id=survey.public_id)
    return render(request, "inquiries/survey_new.html", {"form": form}, status=422 if form.errors else 200)


def _dashboard_context(request: HttpRequest, survey: Any) -> dict[str, Any]:
    counts = selectors.status_counts(survey)
    answered = counts["answered"] + counts["returned"]
    latest = {r.pk: s for r, s in selectors.latest_submissions(survey)}
    recipients = list(survey.recipients.select_related("organisation"))
    rows = [{"recipient": r, "submission": latest.get(r.pk)} for r in recipients]
    flags = [
        {"recipient": r, "flag": flag} for r in recipients if r.pk in latest for flag in latest[r.pk].flags
    ]
    run = survey.aggregation_runs.first()
    result: dict[str, Any] | None
    if answered <= LIVE_LIMIT:
        result = selectors.survey_aggregate(survey)
    else:
        result = run.result if run is not None and run.status == AggregationRun.Status.DONE else None
    language = current_language()
    return {
        "survey": survey,
        "counts": counts,
        "answered": answered,
        "rows": rows,
        "flags": flags[:500],
        "result": result,
        "changes": selectors.survey_changes(survey, result) if result else [],
        "charts": survey_charts(result, language) if result else [],
        "run": run,
        "live": answered <= LIVE_LIMIT,
        "next_form": NextPeriodForm(),
        "language": language,
    }


@staff_required
@require_GET
def dashboard(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    survey = access.survey_for_staff(user=_user(request), public_id=public_id)
    return render(request, "inquiries/dashboard.html", _dashboard_context(request, survey))


def _act(request: HttpRequest, survey: Any, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except ProcedureError as exc:
        messages.error(request, exc.message(current_language()))
    else:
        messages.success(request, success)
    return redirect("inquiries:dashboard", public_id=survey.public_id)


@staff_required
@require_POST
def send(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    survey = access.survey_for_staff(user=_user(request), public_id=public_id)
    return _act(
        request, survey, lambda: survey_send(survey=survey, actor=_user(request)), _("照会を送付しました。")
    )


@staff_required
@require_POST
def close(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    survey = access.survey_for_staff(user=_user(request), public_id=public_id)
    return _act(
        request,
        survey,
        lambda: survey_close(survey=survey, actor=_user(request)),
        _("照会を締め切りました。"),
    )


@staff_required
@require_POST
def remind(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    survey = access.survey_for_staff(user=user, public_id=public_id)
    chosen = None
    if request.POST.get("recipient", "").isdigit():
        chosen = [
            access.recipient_for_staff(user=user, survey=survey, recipient_id=int(request.POST["recipient"]))
        ]
    sent: list[int] = []
    return _act(
        request,
        survey,
        lambda: sent.append(survey_remind(survey=survey, actor=user, recipients=chosen)),
        _("未回答の照会先に督促のメールを送りました。"),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def recipient_detail(request: HttpRequest, public_id: uuid.UUID, recipient_id: int) -> HttpResponse:
    user = _user(request)
    survey = access.survey_for_staff(user=user, public_id=public_id)
    recipient = access.recipient_for_staff(user=user, survey=survey, recipient_id=recipient_id)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recipient_return(recipient=recipient, reason=form.cleaned_data["reason"], actor=user)
        except ProcedureError as exc:
            form.add_error(None, exc.message(current_language()))
        else:
            messages.success(request, _("回答を差し戻しました。"))
            return redirect("inquiries:dashboard", public_id=survey.public_id)
    submissions = list(recipient.submissions.select_related("submitted_by").order_by("-number"))
    summary = (
        answers_display(survey.definition, submissions[0].data, language=current_language())
        if submissions
        else []
    )
    return render(
        request,
        "inquiries/recipient_detail.html",
        {
            "survey": survey,
            "recipient": recipient,
            "submissions": submissions,
            "summary": summary,
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@staff_required
@require_POST
def next_period(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    survey = access.survey_for_staff(user=user, public_id=public_id)
    form = NextPeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("次の対象期間と回答期限を入力してください。"))
        return redirect("inquiries:dashboard", public_id=survey.public_id)
    try:
        following = survey_next_period(
            survey=survey,
            period=form.cleaned_data["period"],
            deadline=form.cleaned_data["deadline"],
            actor=user,
        )
    except ProcedureError as exc:
        messages.error(request, exc.message(current_language()))
        return redirect("inquiries:dashboard", public_id=survey.public_id)
    messages.success(request, _("次の期間の照会を作成しました。内容を確かめて送付してください。"))
    return redirect("inquiries:dashboard", public_id=following.public_id)


@staff_required
@require_GET
def export(request: HttpRequest, public_id: uuid.UUID, file_format: str) -> HttpResponse:
    if file_format not in {"xlsx", "csv"}:
        raise Http404
    survey = access.survey_for_staff(user=_user(request), public_id=public_id)
    name = f"survey-{survey.pk}{('-' + survey.period) if survey.period else ''}"
    if file_format == "xlsx":
        response = HttpResponse(export_xlsx(survey), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    kind = "totals" if request.GET.get("kind") == "totals" else "rows"
    response = HttpResponse(export_csv(survey, kind=kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{kind}.csv"'
    return response


@staff_required
@require_GET
def template(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    survey = access.survey_for_staff(user=_user(request), public_id=public_id)
    response = HttpResponse(selectors.survey_template_xlsx(survey), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-template.xlsx"'
    return response


@staff_required
@require_POST
def aggregate_start(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    survey = access.survey_for_staff(user=_user(request), public_id=public_id)
    run = aggregation_start(survey=survey, actor=_user(request))
    return redirect("inquiries:run", public_id=run.public_id)


def _progress(run: AggregationRun) -> dict[str, Any]:
    return {
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "total": run.total,
        "done": run.done,
        "processed": run.done,
        "failed": 0,
        "percent": run.percent,
        "finished": run.is_finished,
    }


@staff_required
@require_GET
def run_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    run = access.run_for_staff(user=_user(request), public_id=public_id)
    return render(
        request,
        "inquiries/run_detail.html",
        {
            "run": run,
            "survey": run.survey,
            "progress": _progress(run),
            "progress_url": reverse("inquiries:run_progress", args=[run.public_id]),
        },
    )


@staff_required
@require_GET
def run_progress(request: HttpRequest, public_id: uuid.UUID) -> JsonResponse:
    run = access.run_for_staff(user=_user(request), public_id=public_id)
    response = JsonResponse(_progress(run))
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def respondents(request: HttpRequest) -> HttpResponse:
    form = RespondentImportForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            saved, problems = respondents_import(
                kind=form.cleaned_data["kind"],
                content=upload.read(),
                file_name=upload.name,
                actor=_user(request),
            )
        except ProcedureError as exc:
            form.add_error("file", exc.message(current_language()))
        except WorkbookRejected as exc:
            form.add_error("file", exc.problem.message(current_language()))
        else:
            if not problems:
                messages.success(request, _("%(count)d 件の照会先を登録しました。") % {"count": saved})
                return redirect("inquiries:respondents")
    organisations = RespondentOrganisation.objects.order_by("kind", "code")[:1000]
    return render(
        request,
        "inquiries/respondents.html",
        {"form": form, "problems": problems, "organisations": organisations, "language": current_language()},
        status=422 if (form.errors or problems) else 200,
    )

"""Staff pages: programmes of the staff member's units, the cases of a programme with the budget,
one case with its stages, the reviewers' scores and the 交付決定 / 確定 / 支払 decisions."""

from __future__ import annotations

import datetime
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.japanese.text import to_halfwidth_digits
from kencho.core.models import User
from kencho.core.permissions import staff_required

from .. import access, exports, selectors
from ..errors import SubsidyError
from ..forms import ProgrammeForm
from ..models import Programme, Stage
from ..services import (
    case_record_staff_view,
    grant_confirm,
    grant_decide,
    grant_pay,
    grant_refuse,
    programme_save,
    review_save,
)


def _viewer(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind staff_required


@staff_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    return render(
        request,
        "subsidies/staff/programme_list.html",
        {
            "programmes": access.programmes_for_staff(user=viewer),
            "can_create": access.staff_units(user=viewer).exists(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, programme_id: int | None = None) -> HttpResponse:
    viewer = _viewer(request)
    units = access.staff_units(user=viewer)
    if programme_id is None:
        if not units.exists():
            raise PermissionDenied
        programme = Programme()
    else:
        programme = access.programme_for_staff(user=viewer, programme_id=programme_id)
    form = ProgrammeForm(request.POST or None, instance=programme, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            saved = programme_save(programme=form.save(commit=False), actor=viewer, request=request)
        except SubsidyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message(current_language()))
        else:
            messages.success(request, _("補助金の設定を保存しました。"))
            return redirect("subsidies:staff_cases", programme_id=saved.pk)
    return render(
        request,
        "subsidies/staff/programme_form.html",
        {"form": form, "programme": programme},
        status=422 if form.errors else 200,
    )


@staff_required
@require_GET
def case_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.programme_for_staff(user=_viewer(request), programme_id=programme_id)
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        stage = ""
    views = selectors.cases_of_programme(programme=programme, stage=stage)
    summaries = selectors.score_summaries(programme=programme)
    rows = sorted(
        ((view, summaries.get(view.case.pk)) for view in views),
        key=lambda row: (row[1].rank if row[1] and row[1].rank else 10**9, row[0].case.pk),
    )
    return render(
        request,
        "subsidies/staff/case_list.html",
        {"programme": programme, "rows": rows, "stage": stage, "stages": Stage.choices},
    )


@staff_required
@require_GET
def cases_export(request: HttpRequest, programme_id: int) -> HttpResponse:
    viewer = _viewer(request)
    programme = access.programme_for_staff(user=viewer, programme_id=programme_id)
    content = exports.cases_export(programme=programme, actor=viewer, request=request)
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="subsidy-{programme.slug}-cases.xlsx"'
    return response


@staff_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = _viewer(request)
    case = access.case_for_staff(user=viewer, case_id=case_id)
    case_record_staff_view(case=case, viewer=viewer, request=request)
    view = selectors.case_view(case)
    summary = selectors.score_summaries(programme=case.programme).get(case.pk)
    reviews = list(case.reviews.all())
    mine = next((r for r in reviews if r.reviewer_id == viewer.pk), None)
    language = current_language()
    criteria = [
        {
            "key": c["key"],
            "title": c["title"].get(language) or c["title"]["ja"],
            "max": c["max"],
            "value": mine.points.get(c["key"], "") if mine else "",
        }
        for c in case.programme.scoring_sheet
    ]
    return render(
        request,
        "subsidies/staff/case_detail.html",
        {
            "case": case,
            "programme": case.programme,
            "view": view,
            "reviews": reviews,
            "mine": mine,
            "criteria": criteria,
            "summary": summary,
            "today": timezone.localdate(),
            "staff": True,
        },
    )


def _amount(value: str) -> int | str:
    text = to_halfwidth_digits(value).replace(",", "").replace("円", "").strip()
    return int(text) if text.isdigit() else text


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()[:10]) if value.strip() else None
    except ValueError:
        return None


@staff_required
@require_POST
def case_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = _viewer(request)
    case = access.case_for_staff(user=viewer, case_id=case_id)
    action = request.POST.get("action", "")
    amount = _amount(request.POST.get("amount", "")[:30])
    raw_date = request.POST.get("decided_on", "")[:30]
    on = _date(raw_date)
    if raw_date.strip() and on is None:
        messages.error(request, _("日付は 2026-04-01 のように年-月-日で入力してください。"))
        return redirect("subsidies:staff_case", case_id=case.pk)
    try:
        if action == "grant":
            grant_decide(
                case=case,
                amount=amount,
                actor=viewer,
                decided_on=on,
                reference=request.POST.get("reference", "")[:100],
                request=request,
            )
            messages.success(request, _("交付決定を記録しました。"))
        elif action == "refuse":
            grant_refuse(
                case=case,
                actor=viewer,
                reason=request.POST.get("reason", "")[:2000],
                decided_on=on,
                request=request,
            )
            messages.success(request, _("不交付を記録しました。"))
        elif action == "confirm":
            grant_confirm(case=case, amount=amount, actor=viewer, decided_on=on, request=request)
            messages.success(request, _("補助金の額の確定を記録しました。"))
        elif action == "pay":
            grant_pay(case=case, amount=amount, actor=viewer, paid_on=on, request=request)
            messages.success(request, _("支払を記録しました。"))
        else:
            messages.error(request, _("操作を選んでください。"))
    except SubsidyError as exc:
        messages.error(request, exc.message(current_language()))
    return redirect("subsidies:staff_case", case_id=case.pk)


@staff_required
@require_POST
def case_review(request: HttpRequest, case_id: int) -> HttpResponse:
    viewer = _viewer(request)
    case = access.case_for_staff(user=viewer, case_id=case_id)
    points = {c["key"]: request.POST.get(f"points-{c['key']}", "")[:10] for c in case.programme.scoring_sheet}
    try:
        review_save(
            case=case,
            reviewer=viewer,
            points=points,
            comment=request.POST.get("comment", "")[:4000],
            request=request,
        )
    except SubsidyError as exc:
        messages.error(request, exc.message(current_language()))
    else:
        messages.success(request, _("採点を保存しました。"))
    return redirect("subsidies:staff_case", case_id=case.pk)

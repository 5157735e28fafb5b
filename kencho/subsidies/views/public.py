"""Pages for applicants: the programmes, the eligibility questions, starting a stage's form (filled
in through the procedures pages) and "my cases"."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.accounts import user_can_apply
from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.procedures.drafts import draft_next_page
from kencho.procedures.models import Draft

from .. import access, selectors
from ..eligibility import eligibility_parse, eligibility_reasons
from ..errors import SubsidyError
from ..models import Programme, Stage
from ..services import case_open, case_stage_start


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or ""


def _answers_key(programme: Programme) -> str:
    return f"subsidies:eligible:{programme.pk}"


def _user(request: HttpRequest) -> User | None:
    return cast(User, request.user) if request.user.is_authenticated else None


def _existing_case(request: HttpRequest, programme: Programme) -> Any:
    user = _user(request)
    if user is None:
        return None
    return selectors.cases_of_applicant(user=user).filter(programme=programme).first()


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "subsidies/programme_list.html", {"programmes": list(selectors.programmes_published())}
    )


@require_GET
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.programme_published(slug=slug)
    return render(
        request,
        "subsidies/programme_detail.html",
        {"programme": programme, "case": _existing_case(request, programme)},
    )


def _questions(programme: Programme, language: str) -> list[dict[str, Any]]:
    return [
        {
            **q,
            "label": (q["text"].get(language) or q["text"]["ja"]),
            "id": f"q-{q['key']}",
        }
        for q in programme.eligibility
    ]


@require_http_methods(["GET", "POST"])
def eligibility(request: HttpRequest, slug: str) -> HttpResponse:
    """The eligibility questions. Ineligible answers stop here with the reasons; eligible ones are
    kept in the session for the 申請 to start from."""
    programme = access.programme_published(slug=slug)
    language = current_language()
    questions = _questions(programme, language)
    answers: dict[str, Any] = request.session.get(_answers_key(programme), {})
    problems: dict[str, str] = {}
    reasons: list[str] = []
    eligible = bool(answers) or not questions
    status = 200
    if request.method == "POST":
        raw = {q["key"]: request.POST.get(q["id"], "") for q in questions}
        answers, missing = eligibility_parse(programme.eligibility, raw)
        problems = {m.key: (m.en if language == "en" else m.ja) for m in missing}
        if problems:
            eligible, status = False, 422
        else:
            reasons = [r.text(language) for r in eligibility_reasons(programme.eligibility, answers)]
            eligible = not reasons
        if eligible:
            request.session[_answers_key(programme)] = answers
        else:
            request.session.pop(_answers_key(programme), None)
    for question in questions:
        question["value"] = str(answers.get(question["key"], "")) if answers else ""
        question["error"] = problems.get(question["key"], "")
    return render(
        request,
        "subsidies/eligibility.html",
        {
            "programme": programme,
            "questions": questions,
            "reasons": reasons,
            "eligible": eligible,
            "problems": problems,
            "can_apply": user_can_apply(request.user),
            "case": _existing_case(request, programme),
            "login_url": f"{reverse('core:login')}?next={reverse('subsidies:eligibility', args=[slug])}",
        },
        status=status,
    )


def _to_draft(draft: Draft) -> HttpResponse:
    page = draft_next_page(draft)
    if page is None:
        return redirect("procedures:draft_check", draft_id=draft.pk)
    return redirect("procedures:draft_page", draft_id=draft.pk, page=page)


@login_required
@require_POST
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Open the case with the answers that passed the eligibility questions, and start its 申請 form."""
    programme = access.programme_published(slug=slug)
    user = cast(User, request.user)
    answers = request.session.get(_answers_key(programme))
    if answers is None and programme.eligibility:
        messages.error(request, _("先に申請要件の質問に答えてください。"))
        return redirect("subsidies:eligibility", slug=slug)
    try:
        case = case_open(programme=programme, user=user, answers=answers or {}, request=request)
        if selectors.case_view(case).stage != Stage.APPLICATION:
            messages.info(request, _("この補助金の申請は既に提出されています。"))
            return redirect("subsidies:case", case_id=case.pk)
        draft = case_stage_start(
            case=case, stage=Stage.APPLICATION, user=user, session_key=_session_key(request), request=request
        )
    except SubsidyError as exc:
        messages.error(request, exc.message(current_language()))
        return redirect("subsidies:eligibility", slug=slug)
    return _to_draft(draft)


@login_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    views = selectors.case_views(selectors.cases_of_applicant(user=user))
    return render(request, "subsidies/my_cases.html", {"views": views})


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = cast(User, request.user)
    case = access.case_for_applicant(user=user, case_id=case_id)
    view = selectors.case_view(case)
    own_drafts = [d for d in view.drafts.get(view.stage, []) if d.owner_id == user.pk]
    return render(
        request,
        "subsidies/case_detail.html",
        {"case": case, "view": view, "own_draft": own_drafts[-1] if own_drafts else None},
    )


@login_required
@require_POST
def stage_start(request: HttpRequest, case_id: int, stage: str) -> HttpResponse:
    user = cast(User, request.user)
    case = access.case_for_applicant(user=user, case_id=case_id)
    try:
        draft = case_stage_start(
            case=case, stage=stage, user=user, session_key=_session_key(request), request=request
        )
    except SubsidyError as exc:
        messages.error(request, exc.message(current_language()))
        return redirect("subsidies:case", case_id=case.pk)
    return _to_draft(draft)

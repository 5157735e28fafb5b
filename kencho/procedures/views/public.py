"""Pages for residents and businesses: find a procedure, fill in its form, follow the application."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.forms.definition import page_keys
from kencho.forms.display import answers_display
from kencho.forms.rendering import group_action, page_context, parse_post
from kencho.forms.uploads import UploadRejected, upload_store
from kencho.forms.validation import FieldError
from kencho.notices.selectors import notices_for_applicant

from .. import access, errors, selectors
from ..drafts import (
    draft_next_page,
    draft_resume,
    draft_resume_link_create,
    draft_save_page,
    draft_start,
    draft_submit,
)
from ..links import local_path_ok
from ..models import Category, Draft, Procedure
from ..services import application_resubmit, application_withdraw, correction_editable_keys, correction_items
from ..status import APPLICANT_WITHDRAWABLE
from ..tasks import application_render_pdf


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or ""


def _user(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    category = request.GET.get("category", "")[:50]
    procedures = selectors.procedures_for_catalogue(query=query, category=category)
    return render(
        request,
        "procedures/catalogue.html",
        {
            "procedures": procedures,
            "query": query,
            "category": category,
            "categories": Category.objects.all(),
        },
    )


@require_GET
def procedure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    procedure = get_object_or_404(
        Procedure.objects.select_related("owning_unit", "category"), slug=slug, is_published=True
    )
    start_url = procedure.start_url if local_path_ok(procedure.start_url) else ""
    return render(
        request, "procedures/procedure_detail.html", {"procedure": procedure, "start_url": start_url}
    )


@require_POST
def apply_start(request: HttpRequest, slug: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, slug=slug, is_published=True)
    if not procedure.is_listed:
        # Started only by the flow that links to it: send the person to that page.
        messages.error(request, errors.start_elsewhere_error(procedure.start_url).message(current_language()))
        if procedure.start_url and local_path_ok(procedure.start_url):
            return redirect(procedure.start_url)
        return redirect("procedures:procedure", slug=slug)
    try:
        draft = draft_start(procedure=procedure, owner=_user(request), session_key=_session_key(request))
    except errors.ProcedureError as exc:
        if exc.code == "login_required":
            return redirect(f"{reverse('core:login')}?next={reverse('procedures:procedure', args=[slug])}")
        messages.error(request, exc.message(current_language()))
        return redirect("procedures:procedure", slug=slug)
    first = draft_next_page(draft)
    return redirect("procedures:draft_page", draft_id=draft.pk, page=first)


def _draft(request: HttpRequest, draft_id: str) -> Draft:
    draft = access.draft_for(draft_id=draft_id, user=_user(request), session_key=request.session.session_key)
    if draft.application_id is not None:
        raise PermissionDenied
    return draft


def _store_uploads(
    request: HttpRequest, draft: Draft, schema: dict[str, Any], page_key: str, answers: dict[str, Any]
) -> list[FieldError]:
    """Store files chosen on this page and add them to the field's list of uploads."""
    problems: list[FieldError] = []
    page = next(p for p in schema["pages"] if p["key"] == page_key)
    for field in page["fields"]:
        if field["type"] != "file":
            continue
        for uploaded in request.FILES.getlist(f"f-{field['key']}"):
            try:
                upload = upload_store(
                    field=field, uploaded_file=uploaded, owner=draft.owner, session_key=draft.session_key
                )
            except UploadRejected as exc:
                problems.append(FieldError(field["key"], exc.code, exc.message_ja, exc.message_en))
                continue
            current = answers.get(field["key"]) or []
            answers[field["key"]] = [*current, {"upload_id": str(upload.pk)}]
    return problems


@require_http_methods(["GET", "POST"])
def draft_page(request: HttpRequest, draft_id: str, page: str) -> HttpResponse:
    draft = _draft(request, draft_id)
    schema = draft.form_version.schema
    keys = page_keys(schema)
    if page not in keys:
        return redirect("procedures:draft_page", draft_id=draft.pk, page=keys[0])
    field_errors: list[FieldError] = []
    answers = draft.data
    if request.method == "POST":
        page_answers = parse_post(schema, page, request.POST)
        field_errors = _store_uploads(request, draft, schema, page, page_answers)
        action = group_action(request.POST)
        if action is not None or "save_draft" in request.POST:
            draft_save_page(draft=draft, page_key=page, page_answers=page_answers, validate=False)
            if action is None:
                if draft.owner_id is None:
                    secret = draft_resume_link_create(draft=draft)
                    resume_url = request.build_absolute_uri(
                        reverse("procedures:draft_resume", args=[draft.pk]) + f"?key={secret}"
                    )
                    request.session[f"resume:{draft.pk}"] = resume_url
                else:
                    messages.success(
                        request, _("入力内容を一時保存しました。あとで「申請履歴」から続きを入力できます。")
                    )
                return redirect("procedures:draft_page", draft_id=draft.pk, page=page)
            answers = draft.data
        else:
            field_errors += draft_save_page(
                draft=draft, page_key=page, page_answers=page_answers, validate=True
            )
            if not field_errors:
                next_page = draft_next_page(draft, after=page)
                if next_page is None or request.POST.get("return_to") == "check":
                    return redirect("procedures:draft_check", draft_id=draft.pk)
                return redirect("procedures:draft_page", draft_id=draft.pk, page=next_page)
            answers = {**draft.data, **page_answers}
    context = page_context(schema, page, answers, field_errors, current_language())
    resume_url = request.session.pop(f"resume:{draft.pk}", "") if request.method == "GET" else ""
    status_code = 422 if field_errors else 200
    return render(
        request,
        "procedures/draft_page.html",
        {
            "draft": draft,
            "procedure": draft.procedure,
            "page_key": page,
            "form": context,
            "errors": field_errors,
            "steps": _steps(draft, keys, current=page),
            "step_number": keys.index(page) + 1,
            "step_count": len(keys) + 1,
            "return_to": request.GET.get("return_to", request.POST.get("return_to", "")),
            "previous_page": keys[keys.index(page) - 1] if keys.index(page) > 0 else None,
            "resume_url": resume_url,
        },
        status=status_code,
    )


def _steps(draft: Draft, keys: list[str], current: str) -> list[dict[str, Any]]:
    titles = {p["key"]: p.get("title", {}) for p in draft.form_version.schema["pages"]}
    language = current_language()
    steps = [
        {
            "key": key,
            "title": titles[key].get(language) or titles[key].get("ja", key),
            "done": key in draft.completed_pages,
            "current": key == current,
        }
        for key in keys
    ]
    steps.append({"key": "check", "title": _("確認"), "done": False, "current": current == "check"})
    return steps


@require_GET
def draft_resume_view(request: HttpRequest, draft_id: str) -> HttpResponse:
    """A guest's saved draft, reopened from the link shown when it was saved."""
    draft = draft_resume(
        draft_id=draft_id, secret=request.GET.get("key", "")[:100], session_key=_session_key(request)
    )
    if draft is None:
        raise Http404
    next_page = draft_next_page(draft)
    if next_page is None:
        return redirect("procedures:draft_check", draft_id=draft.pk)
    return redirect("procedures:draft_page", draft_id=draft.pk, page=next_page)


@require_http_methods(["GET", "POST"])
def draft_check(request: HttpRequest, draft_id: str) -> HttpResponse:
    """The "check your answers" page, whose form carries the draft's one-time submit token."""
    draft = access.draft_for(draft_id=draft_id, user=_user(request), session_key=request.session.session_key)
    if draft.application is not None:
        return redirect("procedures:application_complete", receipt_number=draft.application.receipt_number)
    keys = page_keys(draft.form_version.schema)
    missing = draft_next_page(draft)
    if missing is not None:
        return redirect("procedures:draft_page", draft_id=draft.pk, page=missing)
    submit_errors: list[FieldError] = []
    if request.method == "POST":
        if request.POST.get("submit_token") != str(draft.submit_token):
            raise PermissionDenied
        try:
            result = draft_submit(
                draft=draft,
                applicant=_user(request),
                language=current_language(),
                session_key=_session_key(request),
                request=request,
            )
        except errors.InvalidAnswers as exc:
            submit_errors = exc.errors
        except errors.ProcedureError as exc:
            messages.error(request, exc.message(current_language()))
            return redirect("procedures:procedure", slug=draft.procedure.slug)
        else:
            if result.guest_secret:
                request.session[f"guest_secret:{result.application.receipt_number}"] = result.guest_secret
            return redirect(
                "procedures:application_complete", receipt_number=result.application.receipt_number
            )
    return render(
        request,
        "procedures/draft_check.html",
        {
            "draft": draft,
            "procedure": draft.procedure,
            "pages": answers_display(draft.form_version.schema, draft.data, language=current_language()),
            "errors": submit_errors,
            "steps": _steps(draft, keys, current="check"),
            "step_number": len(keys) + 1,
            "step_count": len(keys) + 1,
        },
        status=422 if submit_errors else 200,
    )


@require_GET
def application_complete(request: HttpRequest, receipt_number: str) -> HttpResponse:
    secret = request.session.get(f"guest_secret:{receipt_number}", "")
    application = access.application_for_applicant(
        user=_user(request), receipt_number=receipt_number, secret=secret
    )
    status_url = reverse("procedures:application_status", args=[application.receipt_number])
    if secret:
        status_url = request.build_absolute_uri(f"{status_url}?key={secret}")
    return render(
        request,
        "procedures/application_complete.html",
        {
            "application": application,
            "guest_secret": secret,
            "status_url": status_url,
            "return_link": selectors.application_return_link(application),
        },
    )


def _applicant_application(request: HttpRequest, receipt_number: str) -> tuple[Any, str]:
    secret = (request.GET.get("key") or request.POST.get("key") or "")[:100]
    application = access.application_for_applicant(
        user=_user(request), receipt_number=receipt_number, secret=secret
    )
    return application, secret


@require_GET
def application_status(request: HttpRequest, receipt_number: str) -> HttpResponse:
    application, secret = _applicant_application(request, receipt_number)
    events = application.events.filter(visible_to_applicant=True).select_related("actor")
    return render(
        request,
        "procedures/application_status.html",
        {
            "application": application,
            "procedure": application.procedure,
            "events": events,
            "secret": secret,
            "pages": answers_display(
                application.form_version.schema, application.data, language=current_language()
            ),
            "can_withdraw": application.status in APPLICANT_WITHDRAWABLE,
            "correction_items": correction_items(application, current_language()),
            "notices": notices_for_applicant(application=application, secret=secret),
            "return_link": selectors.application_return_link(application),
        },
    )


@require_http_methods(["GET", "POST"])
def application_lookup(request: HttpRequest) -> HttpResponse:
    """Guests follow their application with the receipt number and the secret key they were given."""
    problem = ""
    if request.method == "POST":
        receipt_number = request.POST.get("receipt_number", "").strip().upper()[:20]
        secret = request.POST.get("key", "").strip()[:100]
        try:
            access.application_for_applicant(user=None, receipt_number=receipt_number, secret=secret)
        except Http404:
            problem = _(
                "受付番号または確認キーが正しくありません。受付完了時に表示された内容を確認してください。"
            )
        else:
            url = reverse("procedures:application_status", args=[receipt_number])
            return HttpResponseRedirect(f"{url}?key={secret}")
    return render(
        request, "procedures/application_lookup.html", {"problem": problem}, status=422 if problem else 200
    )


@require_http_methods(["GET", "POST"])
def application_correct(request: HttpRequest, receipt_number: str) -> HttpResponse:
    """補正: the applicant edits only the fields the officer marked."""
    application, secret = _applicant_application(request, receipt_number)
    schema = application.form_version.schema
    editable = correction_editable_keys(application)
    if not editable:
        return redirect(_status_url(application, secret))
    field_errors: list[FieldError] = []
    answers = application.data
    if request.method == "POST":
        answers = dict(application.data)
        for page_key in page_keys(schema):
            answers.update(
                {k: v for k, v in parse_post(schema, page_key, request.POST).items() if k in editable}
            )
        try:
            application_resubmit(
                application=application,
                answers=answers,
                actor=_user(request),
                upload_owner=application.applicant,
                upload_session_key=_session_key(request),
                request=request,
            )
        except errors.InvalidAnswers as exc:
            field_errors = exc.errors
        except errors.ProcedureError as exc:
            messages.error(request, exc.message(current_language()))
            return redirect(_status_url(application, secret))
        else:
            messages.success(request, _("補正した内容を提出しました。"))
            return redirect(_status_url(application, secret))
    pages = [
        page_context(schema, page_key, answers, field_errors, current_language(), only=editable)
        for page_key in page_keys(schema)
    ]
    return render(
        request,
        "procedures/application_correct.html",
        {
            "application": application,
            "procedure": application.procedure,
            "pages": [p for p in pages if p["fields"]],
            "correction_items": correction_items(application, current_language()),
            "errors": field_errors,
            "secret": secret,
        },
        status=422 if field_errors else 200,
    )


def _status_url(application: Any, secret: str) -> str:
    url = reverse("procedures:application_status", args=[application.receipt_number])
    return f"{url}?key={secret}" if secret else url


@require_POST
def application_withdraw_view(request: HttpRequest, receipt_number: str) -> HttpResponse:
    application, secret = _applicant_application(request, receipt_number)
    try:
        application_withdraw(
            application=application,
            actor=_user(request),
            reason=request.POST.get("reason", "")[:1000],
            request=request,
        )
    except errors.ProcedureError as exc:
        messages.error(request, exc.message(current_language()))
    else:
        messages.success(request, _("申請を取り下げました。"))
    return redirect(_status_url(application, secret))


@require_GET
def application_pdf(request: HttpRequest, receipt_number: str) -> HttpResponseBase:
    application, _secret = _applicant_application(request, receipt_number)
    return pdf_response(application)


def pdf_response(application: Any) -> HttpResponseBase:
    if not application.pdf:
        application_render_pdf(application.pk)
        application.refresh_from_db(fields=["pdf"])
    return FileResponse(
        application.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"{application.receipt_number}.pdf",
    )


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    return render(
        request,
        "procedures/my_applications.html",
        {
            "applications": selectors.applications_of(user=user),
            "drafts": Draft.objects.filter(owner=user, application__isnull=True).select_related("procedure"),
        },
    )

"""The FAQ pages residents and visitors use, mounted at /faq/ (namespace "faq"): the list of
collections (with the chat widget as a demonstration), the full page of a collection — a search form
that works without JavaScript, the top answer and its alternatives, "did this solve it?" — and the
hand-over contact form that becomes an inquiry for the owning unit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User

from ..access import collection_for_asker
from ..cors import allow_any_origin
from ..forms import FeedbackForm, HandoverForm
from ..handover import (
    feedback_allowed,
    inquiries_per_hour,
    inquiry_allowed,
    inquiry_reference,
)
from ..languages import EASY_JAPANESE, SERVED_LANGUAGE_CODES
from ..models import FaqCollection, FaqEntry
from ..records import feedback_record, inquiry_submit
from ..search import faq_search, question_from_input
from ..selectors import collection_entries, collections_for_asker
from ..throttle import search_allowed, searches_per_minute

RESULTS = 5  # the top answer and up to four alternatives
SENT_SESSION_KEY = "faq_inquiry_sent"


def _asker(request: HttpRequest) -> User | None:
    return cast(User, request.user) if request.user.is_authenticated else None


def _collection(request: HttpRequest, slug: str) -> FaqCollection:
    return collection_for_asker(user=_asker(request), slug=slug)


def _easy(request: HttpRequest) -> bool:
    """The やさしい日本語 toggle; it applies to Japanese pages only."""
    return request.GET.get("easy") == "1" and current_language() == "ja"


def _answer_language(easy: bool) -> str | None:
    """English pages are answered from English translations, the toggle from やさしい日本語 versions;
    otherwise the language is read from the question (an English question gets English answers)."""
    if current_language() == "en":
        return "en"
    return EASY_JAPANESE if easy else None


def _ask_url(collection: FaqCollection, query: str, **extra: str) -> str:
    params = {"q": query, **{k: v for k, v in extra.items() if v}} if query else {}
    url = reverse("faq:ask", args=[collection.slug])
    return f"{url}?{urlencode(params)}" if params else url


def _contact_url(collection: FaqCollection, query: str) -> str:
    url = reverse("faq:contact", args=[collection.slug])
    return f"{url}?{urlencode({'q': query})}" if query else url


def _by_category(entries: Iterable[FaqEntry]) -> list[FaqEntry]:
    """Entries in the order of their categories (for {% regroup %}), uncategorised last."""
    return sorted(
        entries,
        key=lambda e: (e.category is None, e.category.position if e.category else 0, e.category_id or 0),
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    collections = list(collections_for_asker(user=_asker(request)))
    public = [c for c in collections if c.audience == FaqCollection.Audience.PUBLIC]
    demo = next((c for c in public if c.slug == "kanko"), public[0] if public else None)
    return render(request, "faq/index.html", {"collections": collections, "widget_collection": demo})


@require_GET
def ask(request: HttpRequest, collection: str) -> HttpResponse:
    found = _collection(request, collection)
    query = question_from_input(request.GET.get("q", ""))
    easy = _easy(request)
    result, limited = None, False
    if query:
        if _asker(request) is None and not search_allowed(request):
            limited = True
        else:
            result = faq_search(collection=found, query=query, k=RESULTS, language=_answer_language(easy))
    given = request.GET.get("feedback", "")
    context: dict[str, Any] = {
        "collection": found,
        "query": query,
        "easy": easy,
        "result": result,
        "top": result.top if result else None,
        "alternatives": (result.alternatives[: RESULTS - 1] if result else []),
        "no_match": bool(result and result.no_good_match),
        "feedback_given": given if given in {"yes", "no"} else "",
        "limited": limited,
        "searches_per_minute": searches_per_minute(),
        "contact_url": _contact_url(found, query),
        "easy_url": _ask_url(found, query, easy="" if easy else "1"),
        "entries": [] if query else _by_category(collection_entries(collection=found)),
    }
    return render(request, "faq/ask.html", context, status=429 if limited else 200)


def _feedback(request: HttpRequest, collection: FaqCollection) -> tuple[FeedbackForm, dict[str, Any]]:
    """Record the feedback of the request's form. The outcome says what happened, for the page and
    for the JSON answer alike: {"ok": bool, "status": int, "message": str, ...}."""
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return form, {"ok": False, "status": 422, "message": _("回答の評価を受け付けられませんでした。")}
    entry = collection.entries.filter(pk=form.cleaned_data["entry"], is_active=True).first()
    if entry is None:
        return form, {"ok": False, "status": 422, "message": _("評価する回答が見つかりません。")}
    if _asker(request) is None and not feedback_allowed(request):
        return form, {
            "ok": False,
            "status": 429,
            "message": _("評価の送信が多すぎます。少し待ってからお試しください。"),
        }
    helpful = form.cleaned_data["helpful"] == "yes"
    query = question_from_input(form.cleaned_data["q"])
    language = form.cleaned_data["lang"]
    feedback_record(
        collection=collection,
        entry=entry,
        query=query,
        helpful=helpful,
        language=language if language in SERVED_LANGUAGE_CODES else "",
    )
    message = (
        _("ご協力ありがとうございました。")
        if helpful
        else _("ご意見ありがとうございました。解決しないときは、担当課に問い合わせることができます。")
    )
    return form, {
        "ok": True,
        "status": 200,
        "helpful": helpful,
        "message": message,
        "contact_url": "" if helpful else _contact_url(collection, query),
    }


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def feedback(request: HttpRequest, collection: str) -> HttpResponse:
    """「この回答で解決しましたか？」 from the full page: a small CSRF-protected form. Without
    JavaScript it redirects back to the answer with a thank-you message; with it, it answers JSON."""
    found = _collection(request, collection)
    form, outcome = _feedback(request, found)
    if _wants_json(request):
        return JsonResponse(outcome, status=outcome["status"])
    query = question_from_input(form.data.get("q", ""))
    if not outcome["ok"]:
        messages.error(request, outcome["message"])
        return redirect(_ask_url(found, query))
    messages.success(request, outcome["message"])
    easy = "1" if form.cleaned_data.get("easy") == "1" else ""
    verdict = "yes" if outcome["helpful"] else "no"
    return redirect(_ask_url(found, query, easy=easy, feedback=verdict) + "#feedback")


@csrf_exempt
@require_http_methods(["POST"])
def widget_feedback(request: HttpRequest, collection: str) -> HttpResponse:
    """The same from the chat widget, which may sit on another site's page and so cannot hold this
    site's CSRF token. The feedback is anonymous and changes nothing but counts (limited per client
    address), so it is exempt from CSRF and readable from any origin; answers JSON."""
    found = _collection(request, collection)
    _form, outcome = _feedback(request, found)
    return allow_any_origin(JsonResponse(outcome, status=outcome["status"]))


def _submit(request: HttpRequest, collection: FaqCollection, form: HandoverForm) -> str | None:
    """Send the inquiry; its reference number, or None with the service's problems put on the form."""
    data = form.cleaned_data
    try:
        inquiry = inquiry_submit(
            collection=collection,
            message=data["message"],
            query=question_from_input(data["query"]),
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            language=current_language(),
            request=request,
        )
    except ValidationError as error:
        form.add_model_errors(error)
        return None
    return inquiry_reference(inquiry)


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, collection: str) -> HttpResponse:
    """The hand-over form: name (optional), e-mail or phone, the message prefilled with the question.
    422 with the problems next to the fields; 429 when one address sends too many."""
    found = _collection(request, collection)
    query = question_from_input(request.GET.get("q", "") or request.POST.get("query", ""))
    status = 200
    if request.method == "POST":
        form = HandoverForm(request.POST)
        if not form.is_valid():
            status = 422
        elif _asker(request) is None and not inquiry_allowed(request):
            form.add_error(
                None,
                _("お問い合わせの送信が多すぎます（1時間に%(n)s件まで）。時間をおいてお試しください。")
                % {"n": inquiries_per_hour()},
            )
            status = 429
        elif reference := _submit(request, found, form):
            request.session[SENT_SESSION_KEY] = {"collection": found.slug, "reference": reference}
            return redirect("faq:contact_sent", collection=found.slug)
        else:
            status = 422
    else:
        form = HandoverForm(initial={"message": query, "query": query})
    context = {"collection": found, "form": form, "query": query, "back_url": _ask_url(found, query)}
    return render(request, "faq/contact.html", context, status=status)


@require_GET
def contact_sent(request: HttpRequest, collection: str) -> HttpResponse:
    """The confirmation with the reference number, shown to the browser that sent the inquiry."""
    found = _collection(request, collection)
    sent = request.session.get(SENT_SESSION_KEY) or {}
    if sent.get("collection") != found.slug:
        return redirect("faq:contact", collection=found.slug)
    return render(request, "faq/contact_sent.html", {"collection": found, "reference": sent["reference"]})

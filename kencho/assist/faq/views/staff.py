"""Staff pages of the FAQ: the collections of one's units, their entries with feedback counts, the
questions the FAQ did not answer (grouped by similarity) and writing entries, also from such a group.
Every collection is fetched through access.collection_for_staff (not found outside one's units)."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.models import User
from kencho.core.permissions import staff_required

from ..access import collection_for_staff
from ..forms import EntryForm
from ..models import FaqCollection, FaqEntry
from ..records import unanswered_resolve
from ..selectors import unanswered_groups
from ..services import entry_delete
from ..staff_selectors import (
    category_names,
    collections_overview,
    draft_from_asked,
    embedding_progress,
    entry_in_collection,
    entry_rows,
    new_entry_key,
)
from ..staff_services import entry_save_answering


def _user(request: HttpRequest) -> User:
    """The staff member; every view here is behind staff_required."""
    return cast(User, request.user)


def _collection(request: HttpRequest, slug: str) -> FaqCollection:
    return collection_for_staff(user=_user(request), slug=slug)


def _entry(collection: FaqCollection, key: str) -> FaqEntry:
    entry = entry_in_collection(collection=collection, key=key)
    if entry is None:
        raise Http404("no such entry")
    return entry


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()][:100]


@staff_required
@require_GET
def collection_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "faq/staff/collection_list.html", {"collections": collections_overview(user=_user(request))}
    )


@staff_required
@require_GET
def collection_detail(request: HttpRequest, collection: str) -> HttpResponse:
    found = _collection(request, collection)
    done, total = embedding_progress(collection=found)
    return render(
        request,
        "faq/staff/collection.html",
        {"collection": found, "rows": entry_rows(collection=found), "embedded": done, "total": total},
    )


@staff_required
@require_GET
def question_groups(request: HttpRequest, collection: str) -> HttpResponse:
    """Unanswered and low-rated questions, grouped by similarity, each group with a link that opens
    the entry form prefilled from its questions."""
    found = _collection(request, collection)
    groups = []
    for group in unanswered_groups(collection=found):
        unanswered = [q.record_id for q in group.questions if q.kind == "unanswered"]
        unhelpful = [q.record_id for q in group.questions if q.kind == "unhelpful"]
        draft_query = urlencode([("u", i) for i in unanswered[:50]] + [("f", i) for i in unhelpful[:50]])
        groups.append({"group": group, "unanswered": unanswered, "draft_query": draft_query})
    return render(request, "faq/staff/questions.html", {"collection": found, "groups": groups})


@staff_required
@require_POST
def questions_dismiss(request: HttpRequest, collection: str) -> HttpResponse:
    """Mark a group's unanswered questions as dealt with, without writing an entry."""
    found = _collection(request, collection)
    count = unanswered_resolve(
        collection=found, query_ids=_ids(request.POST.getlist("u")), entry=None, actor=_user(request)
    )
    messages.success(request, _("%(n)s件の質問を対応済みにしました。") % {"n": count})
    return redirect("faq_staff:questions", collection=found.slug)


def _entry_form_page(
    request: HttpRequest, collection: FaqCollection, form: EntryForm, entry: FaqEntry | None
) -> HttpResponse:
    return render(
        request,
        "faq/staff/entry_form.html",
        {
            "collection": collection,
            "form": form,
            "entry": entry,
            "categories": category_names(collection=collection),
        },
        status=422 if form.errors else 200,
    )


def _save(request: HttpRequest, collection: FaqCollection, form: EntryForm, key: str) -> FaqEntry | None:
    try:
        return entry_save_answering(
            collection=collection,
            content=form.content(key=key),
            answers=form.cleaned_data["answers"],
            actor=_user(request),
        )
    except ValidationError as error:
        form.add_model_errors(error, {"alternative_questions": "alternative_questions"})
        return None


@staff_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, collection: str) -> HttpResponse:
    """A new entry; `?u=<id>&f=<id>...` (from a question group) prefills it from those questions."""
    found = _collection(request, collection)
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            key = form.cleaned_data["key"] or new_entry_key(collection=found)
            if entry_in_collection(collection=found, key=key) is not None:
                form.add_error("key", _("このキーはもう使われています。別のキーにしてください。"))
            elif (entry := _save(request, found, form, key)) is not None:
                messages.success(
                    request, _("回答を保存しました。検索に反映されるまで少しかかることがあります。")
                )
                return redirect("faq_staff:entry_edit", collection=found.slug, key=entry.key)
        return _entry_form_page(request, found, form, None)
    draft = draft_from_asked(
        collection=found,
        unanswered_ids=_ids(request.GET.getlist("u")),
        feedback_ids=_ids(request.GET.getlist("f")),
    )
    initial: dict[str, object] = {"is_active": True}
    if draft is not None:
        initial |= {
            "question": draft.question,
            "alternative_questions": "\n".join(draft.alternatives),
            "answers": ",".join(str(i) for i in draft.unanswered_ids),
        }
    return _entry_form_page(request, found, EntryForm(initial=initial), None)


@staff_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, collection: str, key: str) -> HttpResponse:
    found = _collection(request, collection)
    entry = _entry(found, key)
    form = EntryForm(request.POST if request.method == "POST" else None, entry=entry)
    if request.method == "POST" and form.is_valid() and _save(request, found, form, entry.key) is not None:
        messages.success(request, _("回答を保存しました。検索に反映されるまで少しかかることがあります。"))
        return redirect("faq_staff:entry_edit", collection=found.slug, key=entry.key)
    return _entry_form_page(request, found, form, entry)


@staff_required
@require_http_methods(["GET", "POST"])
def entry_delete_view(request: HttpRequest, collection: str, key: str) -> HttpResponse:
    found = _collection(request, collection)
    entry = _entry(found, key)
    if request.method == "POST":
        entry_delete(entry=entry, actor=_user(request))
        messages.success(request, _("回答「%(question)s」を削除しました。") % {"question": entry.question})
        return redirect("faq_staff:collection", collection=found.slug)
    return render(request, "faq/staff/entry_delete.html", {"collection": found, "entry": entry})

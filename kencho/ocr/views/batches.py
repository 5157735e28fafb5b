"""Staff pages for batches: upload, the progress bar, and the review queue of each page."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required

from .. import access, selectors
from ..errors import OcrError, OcrInvalid
from ..forms import BatchUploadForm
from ..intake import page_accept
from ..models import Batch, PageStatus
from ..services import batch_create


def batch_progress_state(batch: Batch) -> dict[str, object]:
    counts = dict.fromkeys(PageStatus.values, 0)
    for status in batch.pages.values_list("status", flat=True):
        counts[status] += 1
    return {
        "status": batch.status,
        "status_label": str(batch.get_status_display()),
        "total": batch.total,
        "processed": batch.processed,
        "percent": batch.percent,
        "finished": batch.is_finished,
        "review": counts[PageStatus.REVIEW],
        "unreadable": counts[PageStatus.UNREADABLE],
        "accepted": counts[PageStatus.ACCEPTED],
        # The names the shared progress script (notices/progress.js) fills in.
        "done": batch.processed - counts[PageStatus.UNREADABLE],
        "failed": counts[PageStatus.UNREADABLE],
    }


@staff_required
@require_POST
def batch_upload(request: HttpRequest, template_id: int) -> HttpResponse:
    user = cast(User, request.user)
    template = access.template_for_staff(user=user, template_id=template_id)
    form = BatchUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            batch = batch_create(
                template=template,
                files=[(f.name, f.read()) for f in form.cleaned_data["files"]],
                actor=user,
                name=form.cleaned_data["name"],
                make_archive=form.cleaned_data["make_archive"],
            )
        except OcrError as exc:
            form.add_error("files", exc.message(current_language()))
        else:
            messages.success(request, _("%(count)s ページの読み取りを始めました。") % {"count": batch.total})
            return redirect("ocr:batch", public_id=batch.public_id)
    return render(request, "ocr/batch_upload.html", {"template": template, "upload_form": form}, status=422)


@staff_required
@require_GET
def batch_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    batch = access.batch_for_staff(user=cast(User, request.user), public_id=public_id)
    return render(
        request,
        "ocr/batch_detail.html",
        {
            "batch": batch,
            "progress": batch_progress_state(batch),
            "progress_url": reverse("ocr:batch_progress", args=[batch.public_id]),
            "pages": batch.pages.select_related("application"),
            "next_page": selectors.next_page_for_review(batch=batch),
        },
    )


@staff_required
@require_GET
def batch_progress(request: HttpRequest, public_id: uuid.UUID) -> JsonResponse:
    batch = access.batch_for_staff(user=cast(User, request.user), public_id=public_id)
    return JsonResponse(batch_progress_state(batch))


@staff_required
@require_GET
def batch_archive_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    batch = access.batch_for_staff(user=cast(User, request.user), public_id=public_id)
    if not batch.archive:
        raise Http404
    with batch.archive.open("rb") as stream:
        response = HttpResponse(stream.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ocr-{batch.public_id.hex[:8]}.pdf"'
    return response


@staff_required
@require_GET
def page_image(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    page = access.page_for_staff(user=cast(User, request.user), public_id=public_id, number=number)
    shown = page.aligned or page.image  # the registered page lines up with the boxes drawn over it
    if not shown:
        raise Http404
    with shown.open("rb") as stream:
        return HttpResponse(stream.read(), content_type="image/png")


@staff_required
@require_http_methods(["GET", "POST"])
def page_review(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    """The page beside its fields, doubtful ones first; Tab moves between them, Enter accepts."""
    user = cast(User, request.user)
    page = access.page_for_staff(user=user, public_id=public_id, number=number)
    fields = list(selectors.fields_for_review(page=page))
    language = "en" if current_language().startswith("en") else "ja"
    problems: dict[str, str] = {}
    other_problems: list[str] = []
    posted: dict[int, str] = {}
    if request.method == "POST":
        posted = {f.pk: request.POST.get(f"field-{f.pk}", f.text) for f in fields}
        try:
            application = page_accept(page=page, edits=posted, actor=user, request=request)
        except OcrInvalid as exc:
            for problem in exc.errors:
                if str(problem["field"]).startswith("fields."):
                    problems[str(problem["field"]).removeprefix("fields.")] = problem["message"][language]
                else:
                    other_problems.append(problem["message"][language])
        except OcrError as exc:
            other_problems.append(exc.message(language))
        else:
            messages.success(
                request,
                _("申請 %(receipt)s として受け付けました。") % {"receipt": application.receipt_number},
            )
            following = selectors.next_page_for_review(batch=page.batch)
            if following is not None:
                return redirect("ocr:page", public_id=page.batch.public_id, number=following.number)
            return redirect("ocr:batch", public_id=page.batch.public_id)
    rows = [
        {
            "field": f,
            "value": posted.get(f.pk, f.text),
            "problem": problems.get(str(f.pk)) or (f.message_en if language == "en" else f.message_ja),
            "doubtful": f.needs_review or str(f.pk) in problems,
        }
        for f in fields
    ]
    return render(
        request,
        "ocr/page_review.html",
        {
            "page": page,
            "batch": page.batch,
            "rows": rows,
            "other_problems": other_problems,
            "template": page.batch.template,
        },
        status=422 if (problems or other_problems) else 200,
    )

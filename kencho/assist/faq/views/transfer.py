"""Moving entries in and out of a collection as spreadsheets: upload a CSV or xlsx (the page shows the
upload's progress, then how far the embeddings of the new entries have come), download CSV (UTF-8
with BOM, or Shift_JIS) or xlsx in the layout columns.py describes."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required

from ..access import collection_for_staff
from ..exporting import collection_csv, collection_xlsx
from ..forms import ImportForm
from ..importing import MAX_FILE_BYTES, FaqImportError, entries_import
from ..staff_selectors import embedding_progress

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_required
@require_http_methods(["GET", "POST"])
def entries_import_view(request: HttpRequest, collection: str) -> HttpResponse:
    user = cast(User, request.user)
    found = collection_for_staff(user=user, slug=collection)
    form = ImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = entries_import(
                collection=found,
                name=upload.name or "",
                data=upload.read(),
                replace=form.cleaned_data["replace"],
                actor=user,
            )
        except FaqImportError as error:
            english = current_language() == "en"
            problems = [
                _problem_text(p.row, p.column, p.message_en if english else p.message_ja)
                for p in error.problems
            ]
        else:
            messages.success(
                request,
                _("読み込みました: 追加 %(created)s件、更新 %(updated)s件、削除 %(deleted)s件。")
                % {"created": report.created, "updated": report.updated, "deleted": report.deleted},
            )
            return redirect("faq_staff:collection", collection=found.slug)
    status = 422 if (problems or form.errors) else 200
    return render(
        request,
        "faq/staff/import.html",
        {"collection": found, "form": form, "problems": problems, "max_bytes": MAX_FILE_BYTES},
        status=status,
    )


def _problem_text(row: int | None, column: str | None, message: str) -> str:
    where = _("%(row)s行目") % {"row": row} if row else _("ファイル")
    if column:
        where += _("「%(column)s」列") % {"column": column}
    return f"{where}: {message}"


@staff_required
@require_GET
def entries_export(request: HttpRequest, collection: str, fmt: str) -> HttpResponse:
    found = collection_for_staff(user=cast(User, request.user), slug=collection)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        response = HttpResponse(collection_xlsx(found), content_type=XLSX_TYPE)
    elif fmt == "csv":
        cp932 = request.GET.get("encoding") == "cp932"
        data = collection_csv(found, encoding="cp932" if cp932 else "utf-8-sig")
        response = HttpResponse(data, content_type=f"text/csv; charset={'cp932' if cp932 else 'utf-8'}")
    else:
        return HttpResponse(status=404)
    response["Content-Disposition"] = f'attachment; filename="faq-{found.slug}-{stamp}.{fmt}"'
    return response


@staff_required
@require_GET
def embedding_progress_view(request: HttpRequest, collection: str) -> JsonResponse:
    """How far the background embedding of the collection has come, for the progress bar."""
    found = collection_for_staff(user=cast(User, request.user), slug=collection)
    done, total = embedding_progress(collection=found)
    return JsonResponse({"done": done, "total": total, "complete": done >= total})

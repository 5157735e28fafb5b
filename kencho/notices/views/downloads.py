"""Downloading an issued notice: the applicant (owner, or a guest with the status page's key) gets
the PDF; staff of the unit get PDF or Word, and each staff download is audited."""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from kencho.core.models import User
from kencho.core.permissions import staff_refusal

from .. import access, services
from .responses import DOCX_TYPE


@require_GET
def notice_download(request: HttpRequest, public_id: uuid.UUID, file_format: str) -> HttpResponseBase:
    if file_format not in {"pdf", "docx"}:
        raise Http404
    user = request.user if request.user.is_authenticated else None
    if isinstance(user, User) and user.kind == User.Kind.STAFF and (refusal := staff_refusal(request)):
        return refusal  # staff must have passed the one-time code step, as on every staff page
    secret = request.GET.get("key", "")[:100]
    notice, as_staff = access.notice_for_download(user=user, public_id=public_id, secret=secret)
    field = notice.pdf if file_format == "pdf" else notice.docx
    if not field or (file_format == "docx" and not as_staff and notice.pdf):
        raise Http404  # applicants get the PDF when there is one; the Word file is for staff
    if as_staff and isinstance(user, User):
        services.notice_download_record(notice=notice, actor=user, file_format=file_format, request=request)
    name = f"{notice.number or notice.application.receipt_number}.{file_format}"
    response = FileResponse(
        field.open("rb"),
        content_type="application/pdf" if file_format == "pdf" else DOCX_TYPE,
        as_attachment=True,
        filename=name,
    )
    response["Cache-Control"] = "private, no-store"
    return response

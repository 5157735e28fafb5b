from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_response(
    content: bytes, content_type: str, filename: str, *, attachment: bool = True
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(attachment, filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response

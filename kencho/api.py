"""The REST API at /api/v1/, with its OpenAPI document at /api/v1/openapi.json.

Errors always have the same shape, in both languages:
    {"errors": [{"field": "birth_date" | null, "code": "...", "message": {"ja": "...", "en": "..."}}]}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kencho.approvals.api import public_router as approvals_public_router
from kencho.approvals.api import staff_router as approvals_staff_router
from kencho.assist.faq.api import router as faq_router
from kencho.assist.proofread.api import router as proofread_router
from kencho.core.api import router as core_router
from kencho.inquiries.api import public_router as inquiries_public_router
from kencho.inquiries.api import staff_router as inquiries_staff_router
from kencho.ocr.api import public_router as ocr_public_router
from kencho.ocr.api import staff_router as ocr_staff_router
from kencho.payments.api import public_router as payments_public_router
from kencho.payments.api import staff_router as payments_staff_router
from kencho.procedures.api import public_router, staff_router
from kencho.procedures.errors import InvalidAnswers, ProcedureError
from kencho.subsidies.api import public_router as subsidies_public_router
from kencho.subsidies.api import staff_router as subsidies_staff_router

api = NinjaAPI(
    title="Kencho API",
    version="1.0.0",
    description=(
        "手続の一覧・申請・状況確認と、職員向けの申請処理のAPIです。/ "
        "Procedures, applications and their status, and staff case handling."
    ),
    urls_namespace="api",
)


def error_body(code: str, ja: str, en: str, field: str | None = None) -> dict[str, Any]:
    return {"errors": [{"field": field, "code": code, "message": {"ja": ja, "en": en}}]}


def _location(loc: Any) -> str | None:
    parts = [str(p) for p in (loc or []) if p not in {"body", "query", "path", "header", "payload"}]
    return ".".join(parts) or None


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        field = _location(error.get("loc"))
        kind = str(error.get("type", "invalid"))
        name = field or "request"
        if kind == "missing":
            ja, en = f"「{name}」を指定してください。", f"Provide '{name}'."
        elif kind == "extra_forbidden":
            ja, en = (
                f"「{name}」という項目はありません。削除してください。",
                f"'{name}' is not a known field. Remove it.",
            )
        elif kind in {"json_invalid", "json_type"}:
            ja, en = "リクエスト本文が正しいJSONではありません。", "The request body is not valid JSON."
        else:
            ja = f"「{name}」の形式が正しくありません（{error.get('msg', '')}）。"
            en = f"'{name}' has the wrong form ({error.get('msg', '')})."
        errors.append({"field": field, "code": kind, "message": {"ja": ja, "en": en}})
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(InvalidAnswers)
def on_invalid_answers(request: HttpRequest, exc: InvalidAnswers) -> HttpResponse:
    return api.create_response(
        request,
        {
            "errors": [
                {
                    "field": f"data.{e.path}",
                    "code": e.code,
                    "message": {"ja": e.message_ja, "en": e.message_en},
                }
                for e in exc.errors
            ]
        },
        status=422,
    )


@api.exception_handler(ProcedureError)
def on_procedure_error(request: HttpRequest, exc: ProcedureError) -> HttpResponse:
    return api.create_response(
        request,
        # Subclasses (approvals' errors, for one) may name the field the message is about.
        error_body(exc.code, exc.message_ja, exc.message_en, field=getattr(exc, "field", None)),
        status=exc.http_status,
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        error_body(
            "unauthorized",
            "APIトークンを Authorization: Bearer ヘッダーで送ってください。",
            "Send an API token in the header Authorization: Bearer <token>.",
        ),
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return api.create_response(
            request,
            error_body(
                "malformed_request",
                "リクエスト本文を読み取れません。正しいJSON（UTF-8）で送ってください。",
                "The request body could not be read. Send valid JSON in UTF-8.",
            ),
            status=400,
        )
    if exc.status_code == 403:
        return api.create_response(
            request,
            error_body("forbidden", "この操作は許可されていません。", "You are not allowed to do this."),
            status=403,
        )
    if exc.status_code == 404:
        return api.create_response(
            request, error_body("not_found", "見つかりません。", "Not found."), status=404
        )
    return api.create_response(request, error_body("error", str(exc), str(exc)), status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", "見つかりません。", "Not found."), status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request,
        error_body("forbidden", "この操作は許可されていません。", "You are not allowed to do this."),
        status=403,
    )


api.add_router("/", core_router)
api.add_router("/", public_router)
api.add_router("/staff/", staff_router)
api.add_router("/", payments_public_router)
api.add_router("/staff/", payments_staff_router)
api.add_router("/", proofread_router)
api.add_router("/", faq_router)
api.add_router("/", approvals_public_router)
api.add_router("/staff/", approvals_staff_router)
api.add_router("/", subsidies_public_router)
api.add_router("/staff/", subsidies_staff_router)
api.add_router("/", inquiries_public_router)
api.add_router("/staff/", inquiries_staff_router)
api.add_router("/", ocr_public_router)
api.add_router("/staff/", ocr_staff_router)

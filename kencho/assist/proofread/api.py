"""POST /api/v1/proofread: the findings for a text, for staff tools (an API token of a staff user).

Offsets are Python str indices, that is Unicode code points (not UTF-16 units, not bytes):
text[start:end] is the flagged part. JavaScript callers index with Array.from(text).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict

from kencho.core.api import ErrorsOut
from kencho.core.tokens import TokenAuth

from .document_types import DocumentType
from .engine import all_rule_ids
from .services import text_proofread
from .uploads import UploadRejected, check_text_length

router = Router(tags=["proofreading"], auth=TokenAuth())


class ProofreadIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(..., description="校正する文章 / the text to proofread")
    document_type: DocumentType = Field(
        DocumentType.PUBLIC_NOTICE, description="文書の種類。種類ごとの規則設定が使われます / document type"
    )
    rules: list[str] | None = Field(
        None, max_length=100, description="使う規則のID（省略時は文書の種類の設定）/ rule ids to run"
    )
    markdown: bool = False


class MessageOut(Schema):
    ja: str
    en: str


class FindingOut(Schema):
    start: int = Field(..., description="開始位置（Unicodeコードポイント）/ start, in code points")
    end: int = Field(..., description="終了位置（含まない）/ end (exclusive), in code points")
    rule: str
    message: MessageOut
    suggestion: str | None = Field(None, description='置き換える文字列。""は削除、nullは提案なし')


def _error(status: int, code: str, ja: str, en: str, field: str | None = None) -> Status:
    return Status(status, {"errors": [{"field": field, "code": code, "message": {"ja": ja, "en": en}}]})


@router.post(
    "/proofread",
    response={200: list[FindingOut], 401: ErrorsOut, 403: ErrorsOut, 413: ErrorsOut, 422: ErrorsOut},
    summary="文章を校正する / Proofread a text",
    description=(
        "start と end は Unicode コードポイント単位の位置です（text[start:end] が指摘の箇所）。"
        " start and end are offsets in Unicode code points into the text."
    ),
)
def proofread_text(request: HttpRequest, payload: ProofreadIn) -> Any:
    if getattr(request.auth, "kind", None) != "staff":  # type: ignore[attr-defined]
        raise HttpError(403, "staff only")
    try:
        check_text_length(payload.text)
    except UploadRejected as rejected:
        status = 413 if rejected.code == "too_long" else 422
        return _error(status, rejected.code, rejected.message_ja, rejected.message_en, "text")
    rules = payload.rules
    if rules is not None:
        unknown = sorted(set(rules) - set(all_rule_ids()))
        if unknown:
            return _error(
                422,
                "unknown_rule",
                f"規則「{'、'.join(unknown)}」はありません。使える規則: {', '.join(all_rule_ids())}",
                f"Unknown rule(s) {', '.join(unknown)}. Known: {', '.join(all_rule_ids())}",
                "rules",
            )
    return text_proofread(
        text=payload.text, document_type=payload.document_type, rules=rules, markdown=payload.markdown
    )

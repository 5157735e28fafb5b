"""Reading one Action API call: who is calling, the parameters, and typed values inside them.

Parameters come as CKAN takes them: the query string for a GET, a JSON object as the body of a POST,
or a form (multipart with the file in `upload`). The caller is known only by an API token in
`Authorization` (raw, as CKAN clients send it, or "Bearer <token>") or `X-CKAN-API-Key`; a session
cookie is ignored, so that these CSRF-exempt paths cannot be driven by another site's page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, overload

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError

from kencho.core.models import User
from kencho.core.tokens import api_token_user

from ..errors import CatalogError, InvalidInput, Message, NotAuthorized
from ..files import max_upload_bytes, too_large_message
from ..validation import bool_value

# Room for the form fields that travel with an upload: a body is refused unread only when it is
# larger than the file limit plus this; a file over the limit inside it is stopped while it streams.
FORM_ALLOWANCE_BYTES = 64 * 1024
MISSING: Message = ("値がありません。", "Missing value")
_INTEGER = re.compile(r"-?[0-9]{1,18}")


@dataclass
class BadRequest(CatalogError):
    """CKAN's "Bad request - ..." (400): the call itself cannot be read."""

    ckan_type = "Bad Request"
    http_status = 400


@dataclass
class MethodNotAllowed(CatalogError):
    ckan_type = "Bad Request"
    http_status = 405


@dataclass
class Call:
    user: User | AnonymousUser
    data: dict[str, Any] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)


def caller(request: HttpRequest) -> User | AnonymousUser:
    """The token's user, or anonymous without a token. A token that is not valid is refused rather
    than ignored, so that a client with an expired token learns it at once."""
    raw = request.headers.get("Authorization") or request.headers.get("X-CKAN-API-Key") or ""
    raw = raw.strip()
    if raw[:7].lower() == "bearer ":
        raw = raw[7:].strip()
    if not raw:
        return AnonymousUser()
    user = api_token_user(raw)
    if user is None:
        raise NotAuthorized(
            "APIトークンが無効です（期限切れ・取り消し済み・誤り）。新しいトークンを発行してください。",
            "The API token is not valid (expired, revoked or mistyped). Create a new token.",
        )
    return user


def upload_too_large() -> InvalidInput:
    return InvalidInput(errors={"upload": [too_large_message()]})


def content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class _UploadLimit(FileUploadHandler):
    """Stops reading a multipart body once its files pass the upload limit."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            # connection_reset=False: the rest of the body (bounded by the Content-Length check) is
            # read and dropped, so the client receives the answer instead of a broken connection.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _mixed(values: QueryDict) -> dict[str, Any]:
    """CKAN's reading of a query string or form: a repeated key gives a list, others a string."""
    return {key: items[0] if len(items) == 1 else items for key, items in values.lists()}


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise BadRequest(
            f"JSONとして読めません: {str(error)[:200]}",
            f"JSON Error: cannot decode the body: {str(error)[:200]}",
        ) from None
    if not isinstance(data, dict):
        raise BadRequest(
            f"本文はJSONオブジェクト（{{...}}）にしてください（{type(data).__name__} でした）。",
            f"JSON Error: the body decoded to {type(data).__name__}, but an object ({{...}}) was expected.",
        )
    return data


def call_data(request: HttpRequest, *, reads: bool) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """The parameters and files of the call. Raises BadRequest for a body that cannot be read and
    InvalidInput when an uploaded file passes the size limit."""
    try:
        if request.method == "GET":
            return _mixed(request.GET), {}
        if request.content_type == "multipart/form-data":
            limit = _UploadLimit(request, max_upload_bytes())
            request.upload_handlers.insert(0, limit)
            form, files = request.POST, request.FILES
            if limit.exceeded:
                raise upload_too_large()
            uploads = {key: upload for key in files if isinstance(upload := files.get(key), UploadedFile)}
            return _mixed(form), uploads
        body = request.body.strip()
        if not body:
            return (_mixed(request.GET) if reads else {}), {}
        if request.content_type == "application/x-www-form-urlencoded" and not body.startswith(b"{"):
            return _mixed(request.POST), {}
        return _json_object(body), {}
    except (MultiPartParserError, SuspiciousOperation) as error:
        # SuspiciousOperation covers a body over DATA_UPLOAD_MAX_MEMORY_SIZE and too many fields.
        raise BadRequest(
            f"リクエストの本文を読めません: {str(error)[:200]}",
            f"Cannot read the request body: {str(error)[:200]}",
        ) from None


def _problem(key: str, message: Message) -> InvalidInput:
    return InvalidInput(errors={key: [message]})


def text(data: dict[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _problem(key, ("文字列で指定してください。", "Send a string."))
    return str(value)


def required(data: dict[str, Any], key: str, *alternatives: str) -> str:
    """A text parameter that must be given, under `key` or one of the older names CKAN accepts."""
    for name in (key, *alternatives):
        if value := text(data, name).strip():
            return value
    raise _problem(key, MISSING)


@overload
def integer(
    data: dict[str, Any], key: str, default: int, *, minimum: int = ..., maximum: int | None = ...
) -> int: ...
@overload
def integer(
    data: dict[str, Any], key: str, default: None, *, minimum: int = ..., maximum: int | None = ...
) -> int | None: ...
def integer(
    data: dict[str, Any], key: str, default: int | None, *, minimum: int = 0, maximum: int | None = None
) -> int | None:
    value = data.get(key)
    if value is None or value == "":
        return default
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value)
    if number is None:
        raise _problem(key, ("整数で指定してください。", "Invalid integer"))
    if number < minimum or (maximum is not None and number > maximum):
        raise _problem(
            key,
            (
                f"{minimum}〜{maximum} の整数で指定してください。",
                f"Give a whole number from {minimum} to {maximum}.",
            )
            if maximum is not None
            else (f"{minimum} 以上の整数で指定してください。", f"Give a whole number of {minimum} or more."),
        )
    return number


def boolean(data: dict[str, Any], key: str, default: bool) -> bool:
    value = data.get(key)
    if value is None:
        return default
    parsed = bool_value(value)
    if parsed is None:
        raise _problem(key, ("true か false を指定してください。", "Send true or false."))
    return parsed


def text_list(data: dict[str, Any], key: str) -> list[str]:
    """A list of strings, given as a list or (one item) as a string."""
    value = data.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise _problem(key, ("文字列のリストで指定してください。", "Send a list of strings."))

"""CKAN's Action API: `/api/3/action/<name>` (and `/api/action/<name>`), answered in CKAN's envelope.

    {"help": "<site>/api/3/action/help_show?name=<name>", "success": true, "result": ...}
    {"help": ..., "success": false, "error": {"__type": "Not Found Error", "message": "Not found: ..."}}

HTTP statuses are CKAN's: 400 for a call that cannot be read (unknown action, a body that is not
JSON) and for a Search Query Error, 403 Authorization Error, 404 Not Found Error, 409 Validation Error
with the messages of each field next to `__type`. Every message carries both languages, Japanese
first ("日本語 / English", as errors.both writes them), whatever the Accept-Language: clients show
CKAN's messages as they are, and a harvester's log is read by people of either language.

An upload over the limit is a 409 Validation Error on the field `upload`, as CKAN reports a file it
refuses, rather than a bare 413: a body whose Content-Length passes the limit is refused before it
is read, and a file that passes it while streaming is stopped by an upload handler.

Writes need an API token of someone who may publish for the dataset's organisation; the services
they call write the audit entries.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from ..dicts import absolute_url
from ..errors import CatalogError, InvalidInput, both
from ..files import max_upload_bytes
from .actions import ACTIONS, READ_ACTIONS
from .params import (
    FORM_ALLOWANCE_BYTES,
    BadRequest,
    Call,
    MethodNotAllowed,
    call_data,
    caller,
    content_length,
    upload_too_large,
)

# The message prefixes CKAN puts before the detail; ckanapi cuts them off at the first ": ".
_PREFIXES = {
    "Not Found Error": "Not found: ",
    "Authorization Error": "Access denied: ",
    "Search Query Error": "Search Query is invalid: ",
    "Bad Request": "Bad request - ",
}


def _help_url(name: str) -> str:
    return absolute_url(reverse("ckan:action", kwargs={"name": "help_show"})) + "?name=" + quote(name[:100])


def _json(payload: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json;charset=utf-8"
    return response


def error_body(error: CatalogError) -> dict[str, Any]:
    body: dict[str, Any] = {"__type": error.ckan_type}
    if isinstance(error, InvalidInput):
        for key, messages in error.errors.items():
            body[key] = [both(message) for message in messages]
    if error.message_ja or error.message_en or not isinstance(error, InvalidInput):
        body["message"] = _PREFIXES.get(error.ckan_type, "") + both((error.message_ja, error.message_en))
    return body


def _unknown_action(name: str) -> BadRequest:
    shown = name[:100]
    return BadRequest(
        f"アクション「{shown}」はありません。アクション名を確かめてください。",
        f"Action name not known: {shown}",
    )


def _run(request: HttpRequest, name: str) -> Any:
    function = ACTIONS.get(name)
    if function is None:
        raise _unknown_action(name)
    reads = name in READ_ACTIONS
    if request.method not in {"GET", "POST"}:
        raise MethodNotAllowed("GET か POST で送信してください。", "Use GET or POST.")
    if request.method == "GET" and not reads:
        raise BadRequest(
            f"{name} は変更のアクションなので POST で送信してください。",
            f"Invalid request. Please use POST method for {name}.",
        )
    user = caller(request)
    if request.method == "POST" and content_length(request) > FORM_ALLOWANCE_BYTES + max_upload_bytes():
        raise upload_too_large()
    data, files = call_data(request, reads=reads)
    return function(Call(user=user, data=data, files=files))


@csrf_exempt
def action(request: HttpRequest, name: str) -> JsonResponse:
    """Run one action and answer in CKAN's envelope."""
    help_url = _help_url(name)
    try:
        result = _run(request, name)
    except CatalogError as error:
        response = _json({"help": help_url, "success": False, "error": error_body(error)}, error.http_status)
        if isinstance(error, MethodNotAllowed):
            response["Allow"] = "GET, POST"
        return response
    return _json({"help": help_url, "success": True, "result": result})


@csrf_exempt
def api_version(request: HttpRequest) -> JsonResponse:
    """`/api/3`: the version of the Action API, as CKAN answers it."""
    return _json({"version": 3})

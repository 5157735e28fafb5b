"""Cross-origin reads of the public FAQ search, for the chat widget embedded on other sites.

`GET /api/v1/faq/{collection}/search` answers any origin (`Access-Control-Allow-Origin: *`), without
credentials: a browser sends no cookie and no Authorization header with such a request, so a page on
another site sees exactly what an anonymous visitor sees (public collections, the per-address search
limit), never a staff member's view. Preflight requests (OPTIONS) are answered here, allowing only
GET and the Accept header, so a staff API token cannot be sent from another site's page.

The widget's "did this solve it?" endpoint sets the same header itself (views/public.py); every other
URL is left alone. Installed in settings.MIDDLEWARE as "kencho.assist.faq.cors.PublicSearchCors"."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PUBLIC_SEARCH_PATH = re.compile(r"^/api/v1/faq/[^/]+/search/?$")
PREFLIGHT_MAX_AGE = 86400


def allow_any_origin(response: HttpResponse) -> HttpResponse:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


class PublicSearchCors:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not PUBLIC_SEARCH_PATH.match(request.path_info):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response.headers["Access-Control-Allow-Methods"] = "GET"
            response.headers["Access-Control-Allow-Headers"] = "Accept"
            response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            return allow_any_origin(response)
        response = self.get_response(request)
        if request.method in {"GET", "HEAD"}:
            allow_any_origin(response)
        return response

"""HTTP calls to payment providers: a timeout on every call, JSON answers, and every failure turned
into a ProviderError that names the provider and the status without the request's secrets."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from .base import ProviderError

logger = logging.getLogger(__name__)


def provider_request(
    provider: str,
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    data: dict[str, Any] | None = None,
    json_body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    import requests

    timeout = float(getattr(settings, "KENCHO_PAYMENTS_HTTP_TIMEOUT", 10))
    try:
        response = requests.request(method, url, headers=headers, data=data, json=json_body, timeout=timeout)
    except requests.RequestException as error:
        logger.warning("%s: %s %s failed: %s", provider, method, url, type(error).__name__)
        raise ProviderError(f"{provider} could not be reached") from error
    try:
        body = response.json()
    except ValueError:
        body = None
    if not 200 <= response.status_code < 300:
        detail = body.get("error") if isinstance(body, dict) else None
        logger.warning("%s: %s %s answered %s: %s", provider, method, url, response.status_code, detail)
        raise ProviderError(f"{provider} answered {response.status_code}")
    if not isinstance(body, dict):
        raise ProviderError(f"{provider} answered with something other than a JSON object")
    return body

"""The public side of asking: the reference number a resident gets for a hand-over inquiry, the
question as the pages take it from a query string, and limits on what anonymous visitors may write
(feedback and inquiries) from one client address.

The limits are counted in Django's cache like throttle.py's search limit: shared by every app
process with Redis, per process with the local memory cache."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from kencho.core.audit import client_ip

from .models import FaqInquiry

_REFERENCE = re.compile(r"^FAQ-(\d{6,})$")


def inquiry_reference(inquiry: FaqInquiry) -> str:
    """The number a resident quotes when they call about their inquiry: FAQ-000123."""
    return f"FAQ-{inquiry.pk:06d}"


def inquiry_id_from_reference(reference: str) -> int | None:
    match = _REFERENCE.match(reference.strip().upper())
    return int(match.group(1)) if match else None


def feedback_per_minute() -> int:
    return int(getattr(settings, "KENCHO_FAQ_FEEDBACK_PER_MINUTE", 30))


def inquiries_per_hour() -> int:
    return int(getattr(settings, "KENCHO_FAQ_INQUIRIES_PER_HOUR", 10))


def _allowed(request: HttpRequest, name: str, limit: int, window: int) -> bool:
    if limit <= 0:
        return True
    key = f"faq-{name}:{client_ip(request) or 'unknown'}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window + 30):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 30)
        return True
    return count <= limit


def feedback_allowed(request: HttpRequest) -> bool:
    """Count one "did this solve it?" answer; False once the address has given too many this minute."""
    return _allowed(request, "feedback", feedback_per_minute(), 60)


def inquiry_allowed(request: HttpRequest) -> bool:
    """Count one hand-over inquiry; False once the address has sent too many this hour."""
    return _allowed(request, "inquiry", inquiries_per_hour(), 3600)

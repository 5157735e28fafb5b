"""A limit on anonymous searches per client address: KENCHO_FAQ_SEARCHES_PER_MINUTE (default 60, a
person chatting asks far fewer; a scraper or a loop is stopped). Counted in Django's cache: shared by
every app process when the cache is Redis (REDIS_URL), per process with the default local memory
cache, where the effective limit is that many per process."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from kencho.core.audit import client_ip


def searches_per_minute() -> int:
    return int(getattr(settings, "KENCHO_FAQ_SEARCHES_PER_MINUTE", 60))


def search_allowed(request: HttpRequest) -> bool:
    """Count this search; False when the address has used up its searches of the current minute."""
    limit = searches_per_minute()
    if limit <= 0:
        return True
    key = f"faq-search:{client_ip(request) or 'unknown'}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=90):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=90)
        return True
    return count <= limit

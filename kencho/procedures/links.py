"""Links to other pages that a procedure or a draft carries (where to start, where to go next).
They must stay on this site: only a local path is accepted, so a link cannot send the applicant to
another site (open redirect)."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme

LINK_MAX_LENGTH = 300


def local_path_ok(url: str) -> bool:
    """True for a path on this site such as "/my/subsidies/12/"; False for anything with a host or
    a scheme ("https://…", "//host", "/\\\\host", "javascript:…"), a relative path, control
    characters or spaces."""
    if not url or len(url) > LINK_MAX_LENGTH or not url.startswith("/") or url.startswith("//"):
        return False
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url) or "\\" in url:
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts=set(), require_https=False)

"""Answers as a small, safe subset of HTML: paragraphs, line breaks, lists, emphasis and links
(http, https, mailto, tel). Anything else — scripts, styles, event handlers, other tags — is removed
by nh3 (the Ammonia sanitiser). Text without any tag, as staff type it into a spreadsheet, becomes
paragraphs with line breaks and its web addresses become links."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "a", "strong", "em", "b", "i"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_URL = re.compile(r"https?://[^\s<>\"'、。（）()「」]+")
_BLOCK_END = re.compile(r"</(p|li|ul|ol)>|<br\s*/?>", re.IGNORECASE)


def sanitize_answer(text: str) -> str:
    """The answer as safe HTML. Plain text is turned into paragraphs first."""
    text = text.strip()
    if not _TAG.search(text):
        text = plain_text_to_html(text)
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    ).strip()


def plain_text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    rendered = []
    for paragraph in paragraphs:
        escaped = html.escape(paragraph, quote=False)
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        rendered.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return "".join(rendered)


def answer_plain_text(answer_html: str) -> str:
    """The answer without markup, for search, CSV cells and API clients that show text only."""
    text = _BLOCK_END.sub("\n", answer_html)
    text = nh3.clean(text, tags=set())
    lines = [line.strip() for line in html.unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)

"""The prefecture's house style for minutes, read from settings when it is needed (never at import).

KENCHO_MINUTES_ARABIC_NUMERALS   True: 三億五千万円 → 3億5,000万円 (公用文, 横書き). Default True.
KENCHO_MINUTES_DATE_STYLE        "keep" (as said), "wareki" (令和7年12月15日) or "seireki"
                                 (2025年12月15日). Default "keep".
KENCHO_MINUTES_SUMMARY_ENDING    "plain" (〜である調: 〜を検討している。) or "tonokoto"
                                 (answers end 〜とのこと。). Default "plain".
KENCHO_MINUTES_DOCX_FONT         Japanese font of the Word file's body. Default "BIZ UD明朝".
KENCHO_MINUTES_DOCX_HEADING_FONT Japanese font of its headings. Default "BIZ UDゴシック".
KENCHO_MINUTES_MAX_UPLOAD_MB     Largest transcript accepted. Default 10.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

SUMMARY_ENDINGS = ("plain", "tonokoto")


@dataclass(frozen=True)
class MinutesStyle:
    arabic_numerals: bool = True
    date_style: str = "keep"
    summary_ending: str = "plain"
    docx_font: str = "BIZ UD明朝"
    docx_heading_font: str = "BIZ UDゴシック"


def minutes_style() -> MinutesStyle:
    defaults = MinutesStyle()
    return MinutesStyle(
        arabic_numerals=bool(getattr(settings, "KENCHO_MINUTES_ARABIC_NUMERALS", defaults.arabic_numerals)),
        date_style=str(getattr(settings, "KENCHO_MINUTES_DATE_STYLE", defaults.date_style)),
        summary_ending=str(getattr(settings, "KENCHO_MINUTES_SUMMARY_ENDING", defaults.summary_ending)),
        docx_font=str(getattr(settings, "KENCHO_MINUTES_DOCX_FONT", defaults.docx_font)),
        docx_heading_font=str(
            getattr(settings, "KENCHO_MINUTES_DOCX_HEADING_FONT", defaults.docx_heading_font)
        ),
    )


def max_upload_bytes() -> int:
    return int(getattr(settings, "KENCHO_MINUTES_MAX_UPLOAD_MB", 10)) * 1024 * 1024

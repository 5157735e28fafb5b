"""Uploaded scans split into page images: a PDF is rendered page by page with pdfium at 200 dpi,
an image file is one page. A file that cannot be opened still becomes a page, marked unreadable with
the reason, so that nothing uploaded is lost."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import imaging

RENDER_DPI = 200
MAX_PAGES = 500


@dataclass(frozen=True)
class ScannedPage:
    source_name: str
    png: bytes | None  # None: unreadable
    reason_ja: str = ""
    reason_en: str = ""


def split(name: str, data: bytes) -> Iterator[ScannedPage]:
    if data[:5] == b"%PDF-":
        yield from _pdf_pages(name, data)
        return
    try:
        gray = imaging.decode(data)
    except imaging.UnreadablePage as exc:
        yield ScannedPage(name, None, exc.reason_ja, exc.reason_en)
        return
    yield ScannedPage(name, imaging.encode_png(gray))


def _pdf_pages(name: str, data: bytes) -> Iterator[ScannedPage]:
    import numpy as np
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        yield ScannedPage(name, None, "PDFを開けません。", f"The PDF cannot be opened ({exc}).")
        return
    try:
        for index in range(len(document)):
            if index >= MAX_PAGES:  # kept as unreadable pages, so that the queue shows what was left out
                yield ScannedPage(
                    f"{name} p.{index + 1}",
                    None,
                    f"1回に読み取れるのは{MAX_PAGES}ページまでです。このページは分けて送ってください。",
                    f"At most {MAX_PAGES} pages are read at once; send this page in another batch.",
                )
                continue
            label = f"{name} p.{index + 1}"
            try:
                bitmap = document[index].render(scale=RENDER_DPI / 72, grayscale=True)
                pixels = np.asarray(bitmap.to_pil().convert("L"), dtype=np.uint8)
            except pypdfium2.PdfiumError as exc:
                yield ScannedPage(
                    label, None, "このページを描画できません。", f"This page cannot be rendered ({exc})."
                )
                continue
            yield ScannedPage(label, imaging.encode_png(pixels))
    finally:
        document.close()

"""Searchable PDFs for the archive: the scanned pages as they are, with an invisible text layer from
Tesseract (Japanese data) laid over them by ocrmypdf, so that the archive can be searched and text
copied. The "sandwich" renderer keeps every Japanese character (Tesseract's own text-only PDF)."""

from __future__ import annotations

import io
import logging
import os
import tempfile
from pathlib import Path

from PIL import Image

from .scans import RENDER_DPI


class ArchiveError(RuntimeError):
    pass


def images_pdf(pages: list[bytes], *, dpi: int = RENDER_DPI) -> bytes:
    """Page images (PNG or JPEG bytes) as one PDF at their scanning resolution."""
    images = [Image.open(io.BytesIO(data)).convert("L") for data in pages]
    if not images:
        raise ArchiveError("no pages")
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def searchable_pdf(pdf: bytes, *, language: str = "jpn") -> bytes:
    """The same PDF with a text layer. Raises ArchiveError with ocrmypdf's reason when it fails."""
    import ocrmypdf

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    for noisy in ("fontTools", "ocrmypdf", "pikepdf"):  # they log every glyph and step at INFO
        logging.getLogger(noisy).setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="kencho-ocr-") as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(pdf)
        try:
            code = ocrmypdf.ocr(
                source,
                target,
                language=[language],
                pdf_renderer="sandwich",
                output_type="pdf",
                optimize=0,
                jobs=1,
                progress_bar=False,
                skip_text=True,
            )
        except ocrmypdf.exceptions.ExitCodeException as exc:
            raise ArchiveError(f"{exc.__class__.__name__}: {exc}") from exc
        if code != ocrmypdf.ExitCode.ok or not target.exists():
            raise ArchiveError(f"ocrmypdf exit code {code}")
        return target.read_bytes()

"""Configuration checks for AI-OCR: the models must be on the machine (nothing is downloaded at run
time), and the review threshold must be a share."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

RAPIDOCR_MODELS = (
    "PP-OCRv6_det_small.onnx",
    "PP-OCRv6_rec_small.onnx",
    "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
)


def missing_rapidocr_models() -> list[str]:
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or spec.origin is None:
        return list(RAPIDOCR_MODELS)
    folder = Path(spec.origin).parent / "models"
    return [name for name in RAPIDOCR_MODELS if not (folder / name).exists()]


@register()
def check_ocr_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from .engines.tesseract import tessdata_path, tesseract_available

    problems: list[CheckMessage] = []
    missing = missing_rapidocr_models()
    if missing:
        problems.append(
            Error(
                f"the PP-OCR models are not in the rapidocr package ({', '.join(missing)}); "
                "rapidocr would try to download them",
                hint="pip install 'rapidocr>=3.10,<4' (its wheel carries the models)",
                id="ocr.E001",
            )
        )
    if not tesseract_available():
        problems.append(
            Warning(
                f"Tesseract's Japanese data is not in {tessdata_path()}: fields are read by PP-OCR alone "
                "and searchable PDFs cannot be made",
                hint="apt-get install tesseract-ocr-jpn tesseract-ocr-script-jpan; or KENCHO_OCR_TESSDATA",
                id="ocr.W001",
            )
        )
    if shutil.which("tesseract") is None:
        problems.append(
            Warning(
                "the tesseract command was not found: searchable PDFs cannot be made",
                hint="apt-get install tesseract-ocr",
                id="ocr.W002",
            )
        )
    threshold = getattr(settings, "KENCHO_OCR_REVIEW_BELOW", 0.95)
    if not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        problems.append(Error("KENCHO_OCR_REVIEW_BELOW must be a number from 0 to 1", id="ocr.E002"))
    return problems

from __future__ import annotations

from typing import Any

from kencho.ocr.checks import check_ocr_settings, missing_rapidocr_models


def test_the_installed_wheel_carries_the_pp_ocr_models() -> None:
    assert missing_rapidocr_models() == []


def test_a_machine_with_everything_installed_passes(settings: Any) -> None:
    assert check_ocr_settings(None) == []


def test_missing_tesseract_data_and_a_bad_threshold_are_reported(settings: Any, tmp_path: Any) -> None:
    settings.KENCHO_OCR_TESSDATA = str(tmp_path)
    settings.KENCHO_OCR_REVIEW_BELOW = 3
    assert {problem.id for problem in check_ocr_settings(None)} == {"ocr.W001", "ocr.E002"}

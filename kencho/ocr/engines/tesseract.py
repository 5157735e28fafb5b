"""Tesseract (LSTM) with Debian's Japanese data, through tesserocr so that the model stays loaded
between reads. One API object per process, used under the engine's lock."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from PIL import Image as PILImage

from . import Engine, Hint, Image, Reading, engines

DEFAULT_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata/"
WHITELISTS = {"digits": "0123456789-", "date": ""}


def tessdata_path() -> str:
    return str(getattr(settings, "KENCHO_OCR_TESSDATA", DEFAULT_TESSDATA))


def tesseract_available() -> bool:
    return (Path(tessdata_path()) / "jpn.traineddata").exists()


@engines.register("tesseract")
class TesseractEngine(Engine):
    label = "Tesseract"

    def load(self) -> None:
        # Tesseract's OpenMP threads fight each other on small machines; one thread is faster.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        import tesserocr

        self._tesserocr: Any = tesserocr
        self._api: Any = tesserocr.PyTessBaseAPI(
            path=tessdata_path(), lang="jpn", psm=tesserocr.PSM.SINGLE_LINE, oem=tesserocr.OEM.LSTM_ONLY
        )

    def recognise(self, image: Image, *, hint: Hint) -> Reading:
        api = self._api
        api.SetPageSegMode(self._tesserocr.PSM.SINGLE_LINE)
        api.SetVariable("tessedit_char_whitelist", WHITELISTS.get(hint, ""))
        api.SetImage(PILImage.fromarray(image))
        text = "".join(api.GetUTF8Text().split())
        confidence = max(0, api.MeanTextConf()) / 100
        api.SetVariable("tessedit_char_whitelist", "")
        return Reading(engine=self.plugin_id, text=text, confidence=confidence)

    def read_page(self, image: Image) -> str:
        self.ensure_loaded()
        with self._lock:
            api = self._api
            api.SetPageSegMode(self._tesserocr.PSM.AUTO)
            api.SetVariable("tessedit_char_whitelist", "")
            api.SetImage(PILImage.fromarray(image))
            text: str = api.GetUTF8Text()
            api.SetPageSegMode(self._tesserocr.PSM.SINGLE_LINE)
        return text

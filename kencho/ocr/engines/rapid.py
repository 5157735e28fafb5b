"""PP-OCR (the detector and multilingual recogniser the rapidocr wheel carries) run with onnxruntime.
The recogniser reads Japanese kana and kanji, Latin letters and digits. Crops of a single line go to
the recogniser alone; whole pages go through the detector first."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import Engine, Hint, Image, Reading, engines

DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "Z": "2"})


@engines.register("rapidocr")
class RapidOcrEngine(Engine):
    label = "PP-OCR"

    def load(self) -> None:
        from rapidocr import RapidOCR

        # Only files inside the wheel are used: rapidocr downloads nothing when its default models are
        # present, and the checks in kencho.ocr.checks say so if they are not.
        self._ocr: Any = RapidOCR(
            params={
                "Global.log_level": "error",
                "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )

    def recognise(self, image: Image, *, hint: Hint) -> Reading:
        rgb = np.dstack([image, image, image])
        result = self._ocr(rgb, use_det=False, use_cls=False, use_rec=True)
        texts = list(result.txts or ())
        scores = [float(s) for s in (result.scores or ())]
        text = "".join(texts).strip()
        confidence = min(scores) if scores else 0.0
        if hint == "digits":
            text = text.translate(DIGIT_LOOKALIKES)
        return Reading(engine=self.plugin_id, text=text, confidence=confidence)

    def read_page(self, image: Image) -> str:
        self.ensure_loaded()
        with self._lock:
            rgb = np.dstack([image, image, image])
            result = self._ocr(rgb)
        return "\n".join(result.txts or ())

"""Speech to text: turning a meeting's recording into utterances, on this machine only.

An engine is chosen by KENCHO_STT_ENGINE ("" = none, "vosk"); its model is a directory the operator
downloads and names in KENCHO_STT_MODEL_DIR. Nothing is ever downloaded at run time. Engines read
WAV files (PCM, 16-bit, mono); other recordings are converted first (see docs/assist-minutes.md).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import BinaryIO, ClassVar

from django.conf import settings

from kencho.core.registry import Registry

from ..transcript import TranscriptError, Utterance


class SpeechEngine(ABC):
    plugin_id: ClassVar[str]

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir

    @classmethod
    @abstractmethod
    def missing(cls, model_dir: Path | None) -> str:
        """Why the engine cannot run here ("" when it can): its package or its model is absent."""

    @abstractmethod
    def transcribe(self, audio: BinaryIO) -> list[Utterance]:
        """The utterances of a WAV recording, with times. Raises TranscriptError for audio it cannot read."""


speech_engines: Registry[SpeechEngine] = Registry("speech engine")


def configured_engine() -> SpeechEngine:
    """The engine the settings name, ready to use. Raises TranscriptError (code "stt_unavailable")
    with what the operator must do when it is not set up."""
    engine_id = str(getattr(settings, "KENCHO_STT_ENGINE", "") or "")
    model_setting = getattr(settings, "KENCHO_STT_MODEL_DIR", "") or ""
    model_dir = Path(model_setting) if model_setting else None
    if not engine_id or engine_id not in speech_engines:
        raise _unavailable('KENCHO_STT_ENGINE is not set to a known engine (for example "vosk")')
    engine_class = speech_engines.get(engine_id)
    if problem := engine_class.missing(model_dir):
        raise _unavailable(problem)
    assert model_dir is not None  # noqa: S101 - missing() reports an absent model directory
    return engine_class(model_dir)


def _unavailable(reason: str) -> TranscriptError:
    return TranscriptError(
        "stt_unavailable",
        f"音声認識が設定されていません（{reason}）。管理者に docs/assist-minutes.md の設定を"
        "依頼してください。",
        f"Speech recognition is not set up ({reason}). Ask the operator to follow docs/assist-minutes.md.",
    )

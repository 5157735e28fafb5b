"""Vosk (Kaldi) speech recognition, offline. The `vosk` package is the optional extra `[stt]`; the
Japanese model (vosk-model-ja-0.22 or vosk-model-small-ja-0.22) is unpacked by the operator into
KENCHO_STT_MODEL_DIR. Vosk does not tell speakers apart: every utterance has an empty speaker, and
each pause Vosk detects starts a new one."""

from __future__ import annotations

import importlib.util
import json
import re
import wave
from pathlib import Path
from typing import Any, BinaryIO

from ..transcript import TranscriptError, Utterance
from .base import SpeechEngine, speech_engines

_FRAMES_PER_READ = 4000
# Vosk writes Japanese with a space between words and no punctuation; the minutes have neither
# spaces next to Japanese (DX 推進 → DX推進) nor a pause without a full stop.
_SPACE_IN_JAPANESE = re.compile(r"(?<=[^\x00-\x7f]) +(?=\S)|(?<=\S) +(?=[^\x00-\x7f])")


@speech_engines.register("vosk")
class VoskEngine(SpeechEngine):
    @classmethod
    def missing(cls, model_dir: Path | None) -> str:
        if importlib.util.find_spec("vosk") is None:
            return "the vosk package is not installed: pip install 'kencho[stt]'"
        if model_dir is None:
            return "KENCHO_STT_MODEL_DIR is not set"
        if not (model_dir / "am").is_dir() and not (model_dir / "conf").is_dir():
            return f"{model_dir} does not hold a Vosk model (no am/ or conf/ directory)"
        return ""

    def transcribe(self, audio: BinaryIO) -> list[Utterance]:
        import vosk  # imported here: the optional extra, and a model that takes seconds to load

        try:
            with wave.open(audio, "rb") as recording:
                results = _read_results(vosk, recording, self.model_dir)
        except (wave.Error, EOFError) as error:
            raise _not_wav() from error
        return [utterance for result in results if (utterance := _utterance(result)) is not None]


def _read_results(vosk: Any, recording: wave.Wave_read, model_dir: Path) -> list[dict[str, Any]]:
    if recording.getnchannels() != 1 or recording.getsampwidth() != 2 or recording.getcomptype() != "NONE":
        raise _not_wav()
    vosk.SetLogLevel(-1)
    recognizer = vosk.KaldiRecognizer(vosk.Model(str(model_dir)), recording.getframerate())
    recognizer.SetWords(True)
    results: list[dict[str, Any]] = []
    while data := recording.readframes(_FRAMES_PER_READ):
        if recognizer.AcceptWaveform(data):
            results.append(json.loads(recognizer.Result()))
    results.append(json.loads(recognizer.FinalResult()))
    return results


def _utterance(result: dict[str, Any]) -> Utterance | None:
    text = _SPACE_IN_JAPANESE.sub("", str(result.get("text", "")).strip())
    if not text:
        return None
    words = result.get("result") or []
    start = float(words[0]["start"]) if words else None
    end = float(words[-1]["end"]) if words else None
    return Utterance("", text + "。", start, end)


def _not_wav() -> TranscriptError:
    return TranscriptError(
        "audio",
        "音声は WAV（PCM 16ビット、モノラル）で送ってください。",
        "Send the recording as WAV (16-bit PCM, mono).",
    )

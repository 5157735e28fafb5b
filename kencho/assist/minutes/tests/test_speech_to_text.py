"""Speech to text: the engine registry and the Vosk glue, with a stand-in for the vosk package; the
real engine runs only where the operator has installed the package and a model."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import types
import wave
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks

from ..stt.base import configured_engine
from ..stt.vosk_engine import VoskEngine
from ..transcript import TranscriptError


def wav(seconds: float = 0.5, *, channels: int = 1) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(channels)
        recording.setsampwidth(2)
        recording.setframerate(16000)
        recording.writeframes(b"\x00\x00" * channels * int(16000 * seconds))
    return buffer.getvalue()


class FakeRecognizer:
    """Answers like Vosk: a result per pause, words with times, Japanese words separated by spaces."""

    def __init__(self, model: Any, rate: int) -> None:
        self.rate = rate
        self.chunks = 0

    def SetWords(self, on: bool) -> None:  # Vosk's method names
        pass

    def AcceptWaveform(self, data: bytes) -> bool:
        self.chunks += 1
        return self.chunks == 1

    def Result(self) -> str:
        words = [{"word": "ただいま", "start": 0.1, "end": 0.4}, {"word": "から", "start": 0.4, "end": 0.5}]
        return json.dumps({"text": "ただいま から 会議 を 開き ます", "result": words})

    def FinalResult(self) -> str:
        return json.dumps(
            {"text": "DX 推進 計画 について", "result": [{"word": "DX", "start": 1.0, "end": 1.8}]}
        )


@pytest.fixture
def fake_vosk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: Any) -> Path:
    module = types.ModuleType("vosk")
    module.Model = lambda path: ("model", path)  # type: ignore[attr-defined]
    module.KaldiRecognizer = FakeRecognizer  # type: ignore[attr-defined]
    module.SetLogLevel = lambda level: None  # type: ignore[attr-defined]
    module.__spec__ = types.SimpleNamespace(name="vosk")  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "vosk", module)
    model = tmp_path / "vosk-model-ja-0.22"
    (model / "am").mkdir(parents=True)
    settings.KENCHO_STT_ENGINE = "vosk"
    settings.KENCHO_STT_MODEL_DIR = str(model)
    return model


def test_vosk_output_becomes_utterances_without_spaces_between_japanese_words(fake_vosk: Path) -> None:
    utterances = configured_engine().transcribe(io.BytesIO(wav()))
    assert [(u.speaker, u.text, u.start, u.end) for u in utterances] == [
        ("", "ただいまから会議を開きます。", 0.1, 0.5),
        ("", "DX推進計画について。", 1.0, 1.8),
    ]


def test_stereo_or_other_audio_is_refused_with_what_to_send(fake_vosk: Path) -> None:
    engine = configured_engine()
    for data in (wav(channels=2), b"RIFF\x24\x00\x00\x00WAVEbroken"):
        with pytest.raises(TranscriptError) as raised:
            engine.transcribe(io.BytesIO(data))
        assert raised.value.code == "audio"


def test_without_an_engine_the_message_says_what_the_operator_must_do(settings: Any) -> None:
    settings.KENCHO_STT_ENGINE = ""
    with pytest.raises(TranscriptError) as raised:
        configured_engine()
    assert raised.value.code == "stt_unavailable"
    assert "docs/assist-minutes.md" in raised.value.message_en


def test_a_model_directory_that_holds_no_model_is_reported(
    fake_vosk: Path, tmp_path: Path, settings: Any
) -> None:
    settings.KENCHO_STT_MODEL_DIR = str(tmp_path / "empty")
    assert "does not hold a Vosk model" in VoskEngine.missing(tmp_path / "empty")
    warnings = [m for m in run_checks() if m.id == "minutes.W001"]
    assert warnings and "does not hold a Vosk model" in warnings[0].msg


def test_an_unknown_engine_or_style_fails_the_system_checks(settings: Any) -> None:
    settings.KENCHO_STT_ENGINE = "whisper"
    settings.KENCHO_MINUTES_DATE_STYLE = "heisei"
    ids = {m.id for m in run_checks()}
    assert {"minutes.E001", "minutes.E003"} <= ids


def test_the_command_transcribes_a_wav_recording(fake_vosk: Path, tmp_path: Path) -> None:
    from django.core.management import call_command

    recording = tmp_path / "committee.wav"
    recording.write_bytes(wav())
    out = io.StringIO()
    call_command("minutes", str(recording), stdout=out, stderr=io.StringIO())
    assert "ただいまから会議を開きます。" in out.getvalue()


def _real_model() -> Path | None:
    from django.conf import settings

    model = getattr(settings, "KENCHO_STT_MODEL_DIR", "") or ""
    if not model or VoskEngine.missing(Path(model)):
        return None
    return Path(model)


@pytest.mark.skipif(
    _real_model() is None, reason="needs the vosk package and a model in KENCHO_STT_MODEL_DIR"
)
def test_the_real_vosk_engine_hears_japanese(settings: Any, tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("needs espeak-ng to make Japanese speech")
    raw = tmp_path / "speech.wav"
    subprocess.run(["espeak-ng", "-v", "ja", "-w", str(raw), "かいぎをはじめます"], check=True)
    converted = tmp_path / "speech16k.wav"
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(converted)], check=True)
    settings.KENCHO_STT_ENGINE = "vosk"
    utterances = configured_engine().transcribe(converted.open("rb"))
    assert utterances and all(u.text for u in utterances)

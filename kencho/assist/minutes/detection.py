"""Reading an uploaded transcript: decode it, ask every registered format how sure it is, and let
the surest one read it. The file name is never consulted."""

from __future__ import annotations

from .decoding import decode_transcript
from .parsers.base import transcript_formats
from .transcript import Transcript, TranscriptError


def detect_format(text: str) -> str | None:
    """The id of the format surest of the text, or None when none recognises it."""
    scored = [
        (transcript_formats.get(format_id)().confidence(text), format_id) for format_id in transcript_formats
    ]
    confidence, format_id = max(scored, default=(0.0, ""))
    return format_id if confidence > 0 else None


def read_transcript(data: bytes) -> Transcript:
    """Every utterance of the uploaded file. Raises TranscriptError with a message for people."""
    decoded = decode_transcript(data)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    format_id = detect_format(text)
    if format_id is None:
        raise TranscriptError(
            "unknown_format",
            "文字起こしの形式を判別できません。WebVTT（.vtt）、SRT（.srt）、Teams・Zoom の文字起こし、"
            "または「氏名：発言」の形のテキストを選んでください。",
            "The transcript format was not recognised. Choose WebVTT (.vtt), SRT (.srt), a Teams or Zoom "
            "transcript, or text with lines like 'Name: what was said'.",
        )
    utterances = [u for u in transcript_formats.get(format_id)().parse(text) if u.text.strip()]
    if not utterances:
        raise TranscriptError(
            "no_speech",
            "ファイルに発言が見つかりません。文字起こしの本文が入っているか確認してください。",
            "No speech was found in the file. Check that it holds the transcript's text.",
        )
    return Transcript(format_id=format_id, utterances=utterances, container=decoded.container)

"""Transcript formats. Importing this package registers every format (done in AppConfig.ready)."""

from . import council, plain_speakers, srt, teams_text, webvtt, zoom_text

__all__ = ["council", "plain_speakers", "srt", "teams_text", "webvtt", "zoom_text"]

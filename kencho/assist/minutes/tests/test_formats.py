"""Each transcript format is read from its content, in every encoding meeting tools write; anything
else is refused with a message in both languages."""

from __future__ import annotations

import io
import wave

import pytest

from ..detection import read_transcript
from ..transcript import TranscriptError
from .transcripts import (
    COMMITTEE_VTT,
    COUNCIL_RECORD,
    EXPERT_SRT,
    SPEAKER_TEXT,
    TEAMS_OLD_TEXT,
    TEAMS_TEXT,
    ZOOM_CHAT,
    ZOOM_TRANSCRIPT,
    ZOOM_VTT,
    teams_docx,
)


def test_teams_webvtt_names_speakers_from_voice_tags_and_keeps_times() -> None:
    transcript = read_transcript(COMMITTEE_VTT.encode())
    assert transcript.format_id == "webvtt"
    assert transcript.speakers == ["三重 太郎", "田中 一郎", "医療政策課長"]
    first = transcript.utterances[0]
    assert first.text == "えー、ただいまから、健康福祉病院常任委員会を開会いたします。"
    assert (first.start, first.end) == (2.14, 6.38)
    assert len(transcript.utterances) == 6


def test_webvtt_with_two_voices_in_one_cue_gives_two_utterances() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v 田中>はい。</v>\n<v.loud 佐藤>異議なし。</v>\n"
    utterances = read_transcript(text.encode()).utterances
    assert [(u.speaker, u.text) for u in utterances] == [("田中", "はい。"), ("佐藤", "異議なし。")]


def test_webvtt_markup_entities_and_note_blocks_are_not_text() -> None:
    text = (
        "WEBVTT\n\nNOTE 自動生成\n\nSTYLE\n::cue { color: red }\n\n"
        "00:01.000 --> 00:02.500 align:start\n<v 田中><c.yellow>予算</c>&amp;決算<00:01.500>について</v>\n"
    )
    assert [u.text for u in read_transcript(text.encode()).utterances] == ["予算&決算について"]


def test_zoom_webvtt_takes_the_speaker_from_the_start_of_the_text() -> None:
    utterances = read_transcript(ZOOM_VTT.encode()).utterances
    assert [(u.speaker, u.text) for u in utterances] == [
        ("座長 佐藤", "えー、それでは会議を始めます。"),
        ("山本 花子", "あの、DX推進計画について、意見を申し上げます。"),
    ]


def test_srt_reads_speakers_written_as_name_colon_or_in_brackets() -> None:
    transcript = read_transcript(EXPERT_SRT.encode())
    assert transcript.format_id == "srt"
    assert transcript.speakers == ["座長", "山本委員", "事務局"]
    assert transcript.utterances[3].start == 28.1


def test_srt_without_speakers_reads_as_one_unnamed_speaker() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n会議を始めます。\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n10: 議題です。\n"
    )
    utterances = read_transcript(text.encode()).utterances
    assert [(u.speaker, u.text) for u in utterances] == [("", "会議を始めます。"), ("", "10: 議題です。")]


def test_teams_text_skips_the_heading_and_reads_times_of_hours() -> None:
    transcript = read_transcript(TEAMS_TEXT.encode())
    assert transcript.format_id == "teams_text"
    assert transcript.speakers == ["三重 太郎", "田中 一郎", "医療政策課長"]
    assert transcript.utterances[2].start == 65 * 60 + 20


def test_teams_docx_is_read_from_its_content_whatever_its_name() -> None:
    transcript = read_transcript(teams_docx())
    assert (transcript.format_id, transcript.container) == ("teams_text", "docx")
    assert transcript.utterances[1].text == "あのー、二点伺います。まず、看護職員の確保について伺います。"


def test_earlier_teams_layout_with_arrows_is_read() -> None:
    transcript = read_transcript(TEAMS_OLD_TEXT.encode())
    assert transcript.format_id == "teams_text"
    assert [u.speaker for u in transcript.utterances] == ["三重 太郎", "田中 一郎"]
    assert transcript.utterances[1].end == 24.9


@pytest.mark.parametrize("text", [ZOOM_TRANSCRIPT, ZOOM_CHAT])
def test_zoom_transcript_and_chat_text(text: str) -> None:
    transcript = read_transcript(text.encode())
    assert transcript.format_id == "zoom_text"
    assert transcript.speakers == ["座長 佐藤", "山本 花子"]
    assert transcript.utterances[0].start == 10 * 3600 + 60 + 23


def test_plain_text_with_name_and_colon_continues_turns_on_unlabelled_lines() -> None:
    transcript = read_transcript(SPEAKER_TEXT.encode())
    assert transcript.format_id == "speaker_text"
    assert [(u.speaker, u.text) for u in transcript.utterances] == [
        ("田中委員", "えー、二点伺います。看護職員の確保について伺います。"),
        ("医療政策課長", "お答えいたします。修学資金の貸与枠を拡大しております。"),
    ]


def test_council_record_labels_keep_the_title_and_name_and_skip_the_heading() -> None:
    transcript = read_transcript(COUNCIL_RECORD.encode())
    assert transcript.format_id == "council"
    assert transcript.speakers == ["委員長（三重太郎君）", "田中委員", "医療政策課長（森下道夫君）"]
    assert transcript.utterances[1].text == "えー、二点伺います。看護職員の確保について伺います。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16", "utf-16-le", "utf-16-be"])
def test_every_encoding_meeting_tools_write_is_read(encoding: str) -> None:
    transcript = read_transcript(COUNCIL_RECORD.encode(encoding))
    assert transcript.format_id == "council"
    assert transcript.utterances[0].text == "ただいまから健康福祉病院常任委員会を開会いたします。"


def test_teams_webvtt_in_utf16_with_bom_and_crlf_line_ends() -> None:
    transcript = read_transcript(COMMITTEE_VTT.replace("\n", "\r\n").encode("utf-16"))
    assert transcript.format_id == "webvtt"
    assert len(transcript.utterances) == 6


def _wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(16000)
        recording.writeframes(b"\x00\x00" * 1600)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (_wav(), "audio"),
        (b'{"meeting": "dx", "items": [1, 2, 3]}', "unknown_format"),
        (b"<html><body><p>hello</p></body></html>", "unknown_format"),
        (b"PK\x03\x04not really a zip", "docx"),
        (b"abc \x8f\xff\xff " * 30, "encoding"),
        (b"WEBVTT\n\nNOTE nothing here\n", "no_speech"),
    ],
)
def test_what_is_not_a_transcript_is_refused_with_a_message_in_both_languages(data: bytes, code: str) -> None:
    with pytest.raises(TranscriptError) as raised:
        read_transcript(data)
    assert raised.value.code == code
    assert raised.value.message_ja and raised.value.message_en
    assert raised.value.message_for("en") == raised.value.message_en
    assert raised.value.message_for("ja") == raised.value.message_ja

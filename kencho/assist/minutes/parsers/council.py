"""Japanese council records (会議録) and minutes typed in their style: each turn starts with a mark
and the speaker, then a full-width space.

    ○議長（三重太郎君）　ただいまから本日の会議を開きます。
    ○田中委員　えー、二点伺います。
    ◎健康福祉部長（森下道夫君）　お答えいたします。

Marks: ○ ◯ 〇 ◆ ◎ △ ▲ ● ■ □. Lines without a mark continue the turn before them; lines before the
first turn (the heading, 出席委員, 開会日時) are not talk. Rules such as ――――― are dropped.
"""

from __future__ import annotations

import re

from ..transcript import Utterance
from .base import TranscriptFormat, head_lines, transcript_formats

_TURN = re.compile(r"^[○◯〇◆◎△▲●■□]\s*([^\s\u3000（(]{1,30}(?:[（(][^）)\n]{1,30}[）)])?)[\s\u3000]*(.*)$")
_RULE = re.compile(r"^[-―─━=＝~〜・*＊\s\u3000]+$")


@transcript_formats.register("council")
class CouncilRecord(TranscriptFormat):
    label = "会議録形式（○議長（氏名君）　発言）"

    def confidence(self, text: str) -> float:
        lines = head_lines(text, 200)
        turns = sum(1 for line in lines if _TURN.match(line))
        return 0.85 if turns >= 2 else 0.0

    def parse(self, text: str) -> list[Utterance]:
        utterances: list[Utterance] = []
        speaker: str | None = None
        talk: list[str] = []

        def flush() -> None:
            if speaker is not None and talk:
                utterances.append(Utterance(speaker, "".join(talk)))

        for raw in text.splitlines():
            line = raw.strip()
            if not line or _RULE.match(line):
                continue
            if match := _TURN.match(line):
                flush()
                speaker, talk = match[1], [match[2]] if match[2] else []
            elif speaker is not None:
                talk.append(line)
        flush()
        return utterances

"""Decisions (決定事項), action items (対応事項: 担当・期限) and questions left open (継続検討事項),
found by cue phrases in the cleaned turns. Each finding keeps where it was said (the turn and the
character span of its sentence) so that staff can check it against the record before export.

Rule-based, sentence by sentence:
- decision: 〜することとする / こととなりました / 〜で決定 / 決定しました / 〜を了承 / 原案のとおり
  可決 / 異議なしと認め / 〜に決しました / 〜で合意; not when the sentence asks (〜か, ？) or says it
  is not decided yet (決まっていない, 予定, 見込み).
- action item: a deadline (due_dates.py) followed by まで / までに / 中に / を目途に, together with
  a task verb (対応, 提出, 報告, 送付, 作成, 確認...), or the word 担当 or 宿題. The assignee is the
  one named before が / の方で / において / から (県土整備課が, 事務局の方で), or after 担当は; when the
  speaker commits themself (〜します, 〜いたします) it is the speaker.
- open question: 引き続き検討 / 継続審査 / 持ち帰 / 後日回答 / 改めて報告 / 今後検討 / 結論に至らない
  / 次回に持ち越し / 保留 / 未定; not when the sentence only asks whether something will be.
A sentence can be more than one kind: 「継続審査とすることに決定しました」 is a decision and an
open question.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .due_dates import DUE_PHRASE, resolve_due
from .sentences import split_sentences
from .transcript import Turn

DECISION = "decision"
ACTION = "action"
OPEN_QUESTION = "open_question"
KINDS = (DECISION, ACTION, OPEN_QUESTION)

_DECISION_CUES = re.compile(
    r"(?:する|とする|とした|ものとする)?こと(?:と|に)(?:する|します|いたします|いたしました|なりました|なった|決定|決ま)"
    r"|こととし|ことで(?:合意|決定|了承|一致)|(?:で|に|と|を)(?:正式に)?決定(?:し|いたし|され|と)?"
    r"|決定(?:しました|いたしました|されました|とします|とさせていただ)|決まりました|決まった"
    r"|了承(?:しました|いたしました|され|を得|とします|いただきました)"
    r"|(?:原案の?(?:とおり|通り)|全会一致で|全員賛成で|賛成多数で)(?:可決|承認|決定|認定|了承|採択)"
    r"|(?:可決|承認|認定|採択)(?:されました|しました|いたしました|すべきもの)"
    r"|異議なしと認め|に決しました|と決しました|で合意(?:し|いたし|され)?"
)
_DECISION_TAIL = 12  # characters after the cue that may still belong to it (いたしました, ものとします)
_NOT_DECIDED = re.compile(
    r"決ま(?:って|り)(?:い|お)?(?:ない|ません|りません)|決定(?:して|されて)(?:い|お)(?:ない|ません|りません)"
    r"|未定|予定|見込み|かどうか|べきか|でしょうか|ですか|ますか|ませんか|[？?]$|伺い|問う"
)
_TASK_VERBS = re.compile(
    r"対応|提出|報告|送付|送り|作成|確認|共有|回答|調整|準備|整理|連絡|修正|取りまとめ|取り纏め|まとめ|実施|周知|配布|"
    r"提示|お示し|示し|説明|照会|手配|見直|更新|公表|掲載|発送"
)
_DEADLINE_LINK = re.compile(
    r"^\s*(?:まで(?:に)?|中に|を目途に|をめどに|を目途として|目途で|めどで|までの間に)"
)
# A phrase that is itself a period (来月中, 年度内, 今月末) needs only に: 来月中に発出します.
_PERIOD_LINK = re.compile(r"^\s*(?:に|で|まで)")
_ASSIGNEE = re.compile(
    r"([\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9・]{1,15}?(?:課|室|班|係|局|部|委員会|センター|さん|様|委員|チーム|担当))"
    r"(?:が|の方で|のほうで|において|から|で|より)"
)
_ASSIGNEE_AFTER_TANTO = re.compile(r"担当(?:は|：|:|を)\s*([^、。\s]{1,20}?)(?:が|で|とし|に|、|。|$)")
_SELF_COMMITMENT = re.compile(
    r"(?:いた|し|致)します|まいります|参ります|させていただきます|お送りします|お示しします"
)
_OPEN_CUES = re.compile(
    r"引き続き(?:の)?(?:検討|協議|議論|調整|審議|審査)|継続(?:して)?(?:審議|審査|検討|協議|議論)|持ち帰"
    r"|後日(?:ご?回答|ご?報告|お答え)|改めて(?:ご?報告|ご?回答|お答え|議論|協議|検討|お諮り)"
    r"|今後(?:の)?(?:検討|協議|議論)(?:課題|事項|して|する|とさせ|とし)|検討課題|結論(?:が|は)?(?:出て(?:い|お)(?:ない|りません|ません)|に至ら|を得られ)"
    r"|次回(?:に|まで|以降)?(?:持ち越|議論|検討|審議|ご?報告|改めて)|保留|未定|宿題とさせ"
    r"|決ま(?:って|り)(?:い|お)(?:ない|ません|りません)|決定(?:して|されて)(?:い|お)(?:ない|ません|りません)"
)
_ASKS = re.compile(
    r"(?:か|ですか|ますか|でしょうか)[。]?$|[？?]$|(?:伺|お聞き|お尋ね|質問)(?:い|し|いたし)?(?:ます|たい)"
)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    speaker: str
    turn: int  # index of the turn in the cleaned turns
    start: int  # character span of the sentence in that turn's text
    end: int
    assignee: str = ""
    due_phrase: str = ""
    due_date: datetime.date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "speaker": self.speaker,
            "turn": self.turn,
            "start": self.start,
            "end": self.end,
            "assignee": self.assignee,
            "due_phrase": self.due_phrase,
            "due_date": self.due_date.isoformat() if self.due_date else None,
        }


def is_decision(sentence: str) -> bool:
    """A decision is the sentence's main predicate: the cue ends near the end of the sentence, so
    「前回了承された方針に沿って、素案を作成しました」 is not one."""
    body = sentence.rstrip("。 ")
    near_end = any(match.end() >= len(body) - _DECISION_TAIL for match in _DECISION_CUES.finditer(body))
    return near_end and not _NOT_DECIDED.search(sentence)


def is_open_question(sentence: str) -> bool:
    return bool(_OPEN_CUES.search(sentence)) and not _ASKS.search(sentence)


def deadline_in(sentence: str) -> str:
    """The deadline phrase of the sentence ("来週金曜", "12月15日"), or "" without one."""
    for match in DUE_PHRASE.finditer(sentence):
        rest = sentence[match.end() :]
        if _DEADLINE_LINK.match(rest) or (match[0].endswith(("中", "内", "末")) and _PERIOD_LINK.match(rest)):
            return match[0]
    return ""


def is_action_item(sentence: str) -> bool:
    if _ASKS.search(sentence):
        return False
    if "宿題" in sentence or re.search(r"担当(?:は|：|:|を|として|し)", sentence):
        return True
    return bool(deadline_in(sentence)) and bool(_TASK_VERBS.search(sentence))


def assignee_in(sentence: str, speaker: str) -> str:
    if match := _ASSIGNEE_AFTER_TANTO.search(sentence):
        return match[1]
    if match := _ASSIGNEE.search(sentence):
        return match[1]
    return speaker if _SELF_COMMITMENT.search(sentence) else ""


def find_in_sentence(sentence: str) -> list[str]:
    """The kinds a sentence is, in the order of KINDS."""
    found = []
    if is_decision(sentence):
        found.append(DECISION)
    if is_action_item(sentence):
        found.append(ACTION)
    if is_open_question(sentence):
        found.append(OPEN_QUESTION)
    return found


def find_items(
    turns: Sequence[Turn], *, meeting_date: datetime.date | None, speaker_names: dict[str, str] | None = None
) -> list[Finding]:
    """Every decision, action item and open question in the turns, in the order they were said."""
    names = speaker_names or {}
    findings: list[Finding] = []
    for turn_index, turn in enumerate(turns):
        speaker = names.get(turn.speaker) or turn.speaker
        for sentence in split_sentences(turn.text):
            for kind in find_in_sentence(sentence.text):
                assignee, phrase, due = "", "", None
                if kind == ACTION:
                    assignee = assignee_in(sentence.text, speaker)
                    phrase = deadline_in(sentence.text)
                    due = resolve_due(phrase, meeting_date).date if phrase else None
                findings.append(
                    Finding(
                        kind,
                        sentence.text,
                        speaker,
                        turn_index,
                        sentence.start,
                        sentence.end,
                        assignee,
                        phrase,
                        due,
                    )
                )
    return findings

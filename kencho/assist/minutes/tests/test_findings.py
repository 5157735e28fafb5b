"""Decisions, action items and open questions: measured on a labelled set, with the place each was
said and deadlines resolved against the meeting's date."""

from __future__ import annotations

import datetime

import pytest

from ..due_dates import resolve_due
from ..findings import (
    ACTION,
    DECISION,
    KINDS,
    OPEN_QUESTION,
    assignee_in,
    deadline_in,
    find_in_sentence,
    find_items,
)
from ..transcript import Turn
from .labelled_findings import HELD_OUT, LABELLED

MEETING = datetime.date(2025, 12, 3)  # a Wednesday


def precision_recall(labelled: list[tuple[str, set[str]]], kind: str) -> tuple[float, float]:
    found = {sentence for sentence, _ in labelled if kind in find_in_sentence(sentence)}
    wanted = {sentence for sentence, labels in labelled if kind in labels}
    true = len(found & wanted)
    return (true / len(found) if found else 1.0), (true / len(wanted) if wanted else 1.0)


@pytest.mark.parametrize("kind", KINDS)
def test_detection_on_the_labelled_set(kind: str) -> None:
    precision, recall = precision_recall(LABELLED, kind)
    print(f"{kind}: precision {precision:.2f} recall {recall:.2f} on {len(LABELLED)} sentences")
    assert precision >= 0.9
    assert recall >= 0.9


@pytest.mark.parametrize("kind", KINDS)
def test_detection_on_sentences_written_after_the_rules(kind: str) -> None:
    precision, recall = precision_recall(HELD_OUT, kind)
    print(f"{kind}: precision {precision:.2f} recall {recall:.2f} on {len(HELD_OUT)} held-out sentences")
    assert precision >= 0.8
    assert recall >= 0.75


def test_each_finding_points_at_the_sentence_it_came_from() -> None:
    turns = [
        Turn("委員長", "ご異議なしと認めます。よって、本件は原案のとおり可決すべきものと決定しました。"),
        Turn(
            "課長", "資料は、来週金曜までに事務局から送付いたします。夜勤体制は引き続き検討してまいります。"
        ),
    ]
    findings = find_items(turns, meeting_date=MEETING, speaker_names={"課長": "医療政策課長"})
    assert [(f.kind, f.turn) for f in findings] == [
        (DECISION, 0),
        (DECISION, 0),
        (ACTION, 1),
        (OPEN_QUESTION, 1),
    ]
    for finding in findings:
        assert turns[finding.turn].text[finding.start : finding.end] == finding.text
    action = findings[2]
    assert (action.assignee, action.due_phrase, action.due_date) == (
        "事務局",
        "来週金曜",
        datetime.date(2025, 12, 12),
    )
    assert findings[3].speaker == "医療政策課長"


@pytest.mark.parametrize(
    ("sentence", "assignee"),
    [
        ("12月15日までに、県土整備課が回答案を作成します。", "県土整備課"),
        ("担当は医療政策課とし、年度内に報告します。", "医療政策課"),
        ("アンケートの集計は、田中さんの方で今週中に整理してください。", "田中さん"),
        ("明日までに資料をお送りします。", "課長"),  # the speaker commits themself
        ("明日までに資料を確認してください。", ""),
    ],
)
def test_the_assignee_is_who_is_named_or_the_speaker_who_commits(sentence: str, assignee: str) -> None:
    assert assignee_in(sentence, "課長") == assignee


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("来週金曜", datetime.date(2025, 12, 12)),
        ("今週金曜日", datetime.date(2025, 12, 5)),
        ("再来週の月曜", datetime.date(2025, 12, 15)),
        ("金曜", datetime.date(2025, 12, 5)),
        ("水曜", datetime.date(2025, 12, 10)),  # the meeting's own weekday means the next one
        ("12月15日", datetime.date(2025, 12, 15)),
        ("十二月十五日", datetime.date(2025, 12, 15)),
        ("1月9日", datetime.date(2026, 1, 9)),  # said in December: next year
        ("令和8年1月9日", datetime.date(2026, 1, 9)),
        ("20日", datetime.date(2025, 12, 20)),
        ("1日", datetime.date(2026, 1, 1)),
        ("明日", datetime.date(2025, 12, 4)),
        ("今週中", datetime.date(2025, 12, 5)),
        ("来週中", datetime.date(2025, 12, 12)),
        ("今月末", datetime.date(2025, 12, 31)),
        ("来月末", datetime.date(2026, 1, 31)),
        ("年度内", datetime.date(2026, 3, 31)),
        ("1週間後", datetime.date(2025, 12, 10)),
        ("3か月後", datetime.date(2026, 3, 3)),
        ("2月末", datetime.date(2026, 2, 28)),
        ("次回会議", None),
        ("3月の委員会", None),
    ],
)
def test_deadlines_are_resolved_against_the_meeting_date(phrase: str, due: datetime.date | None) -> None:
    assert resolve_due(phrase, MEETING).date == due


def test_without_a_meeting_date_a_deadline_stays_words() -> None:
    assert resolve_due("来週金曜", None).date is None
    assert resolve_due("2月30日", MEETING).date is None  # no such day


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("来月中に地域連携課から発出します。", "来月中"),
        ("12月15日に開催された部会では意見が出ました。", ""),  # a date, but not a deadline
        ("次回会議までに準備します。", "次回会議"),
    ],
)
def test_a_date_is_a_deadline_only_with_made_or_within(sentence: str, phrase: str) -> None:
    assert deadline_in(sentence) == phrase

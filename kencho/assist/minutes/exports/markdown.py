"""Minutes as Markdown (CommonMark with pipe tables, as GitHub and most wikis read it)."""

from __future__ import annotations

from .content import MinutesContent


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def minutes_markdown(content: MinutesContent) -> str:
    lines = [f"# {content.title}", ""]
    if content.date_text:
        lines.append(f"- 日時：{content.date_text}")
    if content.place:
        lines.append(f"- 場所：{content.place}")
    if content.attendees:
        lines += ["", "## 出席者", "", "| 氏名 | 職名 |", "| --- | --- |"]
        lines += [f"| {_cell(name)} | {_cell(title)} |" for name, title in content.attendees]
    lines += ["", f"## {content.body_heading}", ""]
    for turn in content.turns:
        speaker = f"**○{turn.speaker}**　" if turn.speaker else ""
        paragraphs = turn.text.split("\n")
        lines += [speaker + paragraphs[0], ""]
        lines += [line for paragraph in paragraphs[1:] for line in (paragraph, "")]
    if content.decisions:
        lines += ["## 決定事項", ""]
        lines += [f"{n}. {text}" for n, text in enumerate(content.decisions, start=1)] + [""]
    if content.action_items:
        lines += ["## 対応事項", "", "| 内容 | 担当 | 期限 |", "| --- | --- | --- |"]
        lines += [f"| {_cell(a.text)} | {_cell(a.assignee)} | {_cell(a.due)} |" for a in content.action_items]
        lines.append("")
    if content.open_questions:
        lines += ["## 継続検討事項", ""]
        lines += [f"- {text}" for text in content.open_questions] + [""]
    return "\n".join(lines).rstrip() + "\n"

"""A dataset's history as staff read it: what each revision did and which fields it changed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kencho.core.i18n import in_language

from .licenses import license_get
from .models import DatasetRevision, DatasetState, Frequency

_ACTIONS = {
    "dataset_created": gettext_lazy("作成"),
    "dataset_updated": gettext_lazy("更新"),
    "dataset_deleted": gettext_lazy("削除"),
    "resource_created": gettext_lazy("リソースを追加"),
    "resource_updated": gettext_lazy("リソースを更新"),
    "resource_deleted": gettext_lazy("リソースを削除"),
}


def _in_language(item: dict[str, Any], ja_key: str = "title", en_key: str = "title_en") -> str:
    return in_language(str(item.get(ja_key) or ""), str(item.get(en_key) or ""))


def _state_text(value: Any) -> str:
    return str(DatasetState(value).label) if value in DatasetState.values else str(value or "")


def _licence_text(value: Any) -> str:
    licence = license_get(str(value or ""))
    return licence.title if licence else str(value or "")


def _resource_line(item: dict[str, Any]) -> str:
    where = f"SHA-256 {item['hash'][:12]}" if item.get("hash") else item.get("url") or ""
    standard = f" [{item['standard_dataset']}]" if item.get("standard_dataset") else ""
    return f"{item.get('name') or item.get('id')} ({item.get('format') or '-'}) {where}{standard}"


# What the history compares, in the order of the edit form: snapshot key, label, how to show it.
_COMPARED: tuple[tuple[str, Any, Any], ...] = (
    ("title", gettext_lazy("タイトル"), str),
    ("title_en", gettext_lazy("英語のタイトル"), str),
    ("name", gettext_lazy("URL名"), str),
    ("notes", gettext_lazy("説明"), str),
    ("notes_en", gettext_lazy("英語の説明"), str),
    ("state", gettext_lazy("状態"), _state_text),
    ("private", gettext_lazy("非公開"), lambda v: _("はい") if v else _("いいえ")),
    ("organization", gettext_lazy("公開組織"), lambda v: _in_language(v or {})),
    ("license_id", gettext_lazy("ライセンス"), _licence_text),
    ("tags", gettext_lazy("タグ"), lambda v: ", ".join(t["name"] for t in v or [])),
    ("groups", gettext_lazy("分類"), lambda v: ", ".join(_in_language(g) for g in v or [])),
    ("frequency", gettext_lazy("更新頻度"), lambda v: Frequency(v).label if v in Frequency.values else v),
    ("spatial", gettext_lazy("対象地域"), str),
    ("temporal_start", gettext_lazy("対象期間の開始"), str),
    ("temporal_end", gettext_lazy("対象期間の終了"), str),
    ("maintainer", gettext_lazy("問い合わせ先"), str),
    ("maintainer_email", gettext_lazy("問い合わせ先メールアドレス"), str),
    ("url", gettext_lazy("出典URL"), str),
    ("version", gettext_lazy("版"), str),
    ("extras", gettext_lazy("追加項目"), lambda v: "\n".join(f"{e['key']}: {e['value']}" for e in v or [])),
    ("resources", gettext_lazy("リソース"), lambda v: "\n".join(_resource_line(r) for r in v or [])),
)


def revision_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, str]]:
    """The compared fields whose shown value differs between two snapshots."""
    changes = []
    for key, label, show in _COMPARED:
        before, after = str(show(old.get(key)) or ""), str(show(new.get(key)) or "")
        if before != after:
            changes.append({"key": key, "label": str(label), "before": before, "after": after})
    return changes


def revision_rows(revisions: list[DatasetRevision]) -> list[dict[str, Any]]:
    """Newest first: each revision with what it did and which fields changed since the one before.
    A change of state alone is named as publishing or returning to a draft."""
    rows = []
    for index, revision in enumerate(revisions):
        previous = revisions[index + 1] if index + 1 < len(revisions) else None
        changes = revision_changes(previous.snapshot, revision.snapshot) if previous else []
        action = str(_ACTIONS.get(revision.action, revision.action))
        if revision.action == "dataset_updated" and [c["key"] for c in changes] == ["state"]:
            published = revision.snapshot.get("state") == DatasetState.ACTIVE
            action = _("公開") if published else _("下書きに戻す")
        rows.append({"revision": revision, "action": action, "changed": [c["label"] for c in changes]})
    return rows

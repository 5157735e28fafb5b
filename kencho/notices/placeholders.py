"""The placeholders a notice template may use, their sample values, the filters, and the values for
one application.

Each placeholder has a Japanese name and an English alias; a template may use either:
{{ 申請者氏名 }} and {{ applicant_name }} are the same value. Values marked `per_notice` are not in
the application: the caller passes them for the batch (共通の値, e.g. 理由 for every 不受理通知) or for
each application (e.g. each 交付決定額), and an item whose template needs one that is missing fails
with a message naming it instead of printing an empty line.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jaconv
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.japanese.wareki import InvalidDate, format_wareki, parse_date
from kencho.forms.display import value_display

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from kencho.procedures.models import Application


@dataclass(frozen=True)
class Placeholder:
    name: str
    alias: str
    description: Promise
    sample: Any
    per_notice: bool = False


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder(
        "文書番号", "document_number", _("文書番号（番号の体系がない様式では空）"), "三重県指令 環第123号"
    ),
    Placeholder("発行日", "issue_date", _("通知書の日付（和暦）"), "令和7年4月1日"),
    Placeholder("決定日", "decision_date", _("決定（決裁）の日（和暦）"), "令和7年3月28日"),
    Placeholder("年度", "fiscal_year", _("発行日の年度"), "令和7年度"),
    Placeholder("差出人", "sender", _("様式に設定した差出人"), "三重県知事 三重 一郎"),
    Placeholder("所属名", "unit_name", _("担当所属の名称"), "環境生活部 環境共生課"),
    Placeholder("手続名", "procedure_title", _("手続の名称"), "中小企業デジタル化支援補助金"),
    Placeholder("受付番号", "receipt_number", _("申請の受付番号"), "R7-00000123"),
    Placeholder("申請日", "application_date", _("申請の日（和暦）"), "令和7年3月3日"),
    Placeholder("申請者氏名", "applicant_name", _("申請者の氏名または名称"), "株式会社 伊勢テック"),
    Placeholder("申請者郵便番号", "applicant_postal_code", _("申請者の郵便番号（〒付き）"), "〒514-0006"),
    Placeholder("申請者住所", "applicant_address", _("申請者の住所"), "三重県津市広明町13番地"),
    Placeholder("回答", "answers", _("申請の回答。{{ 回答.項目キー }} のように使う"), {}),
    Placeholder("決定額", "amount", _("決定した金額（円、桁区切り付き）"), "1,234,000円", per_notice=True),
    Placeholder(
        "理由", "reason", _("理由（不受理の理由など）"), "申請期間を過ぎて提出されたため。", per_notice=True
    ),
    Placeholder(
        "条件",
        "conditions",
        _("許可・交付の条件"),
        "事業完了後30日以内に実績報告書を提出すること。",
        per_notice=True,
    ),
    Placeholder("備考", "remarks", _("備考"), "", per_notice=True),
)
_BY_NAME = {key: p for p in PLACEHOLDERS for key in (p.name, p.alias)}
PER_NOTICE_NAMES = frozenset(p.name for p in PLACEHOLDERS if p.per_notice)


def placeholder_known(name: str) -> bool:
    return name in _BY_NAME


def canonical_name(name: str) -> str | None:
    """The Japanese name for a name or alias; None for an unknown name."""
    placeholder = _BY_NAME.get(name)
    return placeholder.name if placeholder else None


# --- Filters: {{ 決定日|和暦 }}, {{ 決定額|円 }}, {{ 文書番号|全角 }} (or wareki, yen, zenkaku).


def filter_wareki(value: Any) -> str:
    """A date (or a date as text, ISO or 和暦) as 令和7年4月1日."""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, str) and value:
        try:
            value = parse_date(value)
        except InvalidDate:
            return value
    return format_wareki(value) if isinstance(value, datetime.date) else str(value or "")


def filter_yen(value: Any) -> str:
    """1234000 → 1,234,000円; text that is already formatted is kept."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}円"
    text = str(value or "").strip()
    digits = jaconv.z2h(text, kana=False, ascii=True, digit=True).replace(",", "")
    return f"{int(digits):,}円" if digits.isdigit() else text


def filter_zenkaku(value: Any) -> str:
    """ASCII letters, digits and signs in full width: 環第123号 → 環第１２３号,
    1,234,000円 → １，２３４，０００円."""
    return jaconv.h2z(str(value if value is not None else ""), kana=False, ascii=True, digit=True)


FILTERS = {
    "和暦": filter_wareki,
    "wareki": filter_wareki,
    "円": filter_yen,
    "yen": filter_yen,
    "全角": filter_zenkaku,
    "zenkaku": filter_zenkaku,
}


class Answers(dict[str, str]):
    """The application's answers by field key, as people read them; a key the form does not have
    (an optional question left empty, or another procedure's form) reads as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""


def _with_aliases(values: Mapping[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for name, value in values.items():
        placeholder = _BY_NAME[name]
        context[placeholder.name] = value
        context[placeholder.alias] = value
    return context


def per_notice_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values passed by the caller, under their Japanese names; amounts formatted with 円. Raises
    KeyError naming an unknown or not-per-notice key."""
    result: dict[str, Any] = {}
    for key, value in values.items():
        name = canonical_name(key)
        if name is None or name not in PER_NOTICE_NAMES:
            raise KeyError(key)
        result[name] = filter_yen(value) if name == "決定額" else ("" if value is None else str(value))
    return result


def sample_context() -> dict[str, Any]:
    """The values a preview uses: every placeholder filled with an example."""
    values: dict[str, Any] = {p.name: p.sample for p in PLACEHOLDERS}
    values["回答"] = Answers({"amount": "1,500,000", "project": "受発注システムの導入"})
    return _with_aliases(values)


def _first_field(schema: dict[str, Any], kind: str) -> str | None:
    for page in schema.get("pages", []):
        for field in page.get("fields", []):
            if field.get("type") == kind:
                return str(field["key"])
    return None


def answers_for(application: Application) -> Answers:
    answers = Answers()
    for page in application.form_version.schema.get("pages", []):
        for field in page.get("fields", []):
            key = field.get("key")
            if key and key in application.data:
                answers[key] = value_display(field, application.data[key], language="ja")
    return answers


def application_context(
    application: Application,
    *,
    number: str,
    issue_date: datetime.date,
    decided_on: datetime.date,
    sender: str,
    values: Mapping[str, Any],
    fiscal_year: str,
) -> dict[str, Any]:
    """Everything a template may use for one application. Per-notice values that were not given are
    left out, so that a template using one fails with its name (StrictUndefined)."""
    schema = application.form_version.schema
    address_key = _first_field(schema, "address")
    address = application.data.get(address_key) if address_key else None
    address = address if isinstance(address, dict) else {}
    postal_code = str(address.get("postal_code") or "")
    context: dict[str, Any] = {
        "文書番号": number,
        "発行日": format_wareki(issue_date),
        "決定日": format_wareki(decided_on),
        "年度": fiscal_year,
        "差出人": sender,
        "所属名": application.unit.name_ja,
        "手続名": application.procedure.title_ja,
        "受付番号": application.receipt_number,
        "申請日": format_wareki(timezone.localdate(application.submitted_at)),
        "申請者氏名": application.applicant_name,
        "申請者郵便番号": f"〒{postal_code}" if postal_code else "",
        "申請者住所": str(address.get("address") or ""),
        "回答": answers_for(application),
    }
    context.update(values)
    return _with_aliases(context)

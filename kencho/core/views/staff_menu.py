"""The staff menu (業務メニュー): every staff module on one page, so the header stays short."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kencho.core.permissions import staff_required


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    title: str | Promise
    description: str | Promise

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class MenuGroup:
    title: str | Promise
    items: tuple[MenuItem, ...]


STAFF_MENU = (
    MenuGroup(
        _("申請と決裁"),
        (
            MenuItem("procedures:inbox", _("受付一覧"), _("届いた申請の審査・補正依頼・処理")),
            MenuItem("approvals:inbox", _("電子決裁"), _("起案、承認・決裁を待つ文書、代決と後閲")),
            MenuItem("notices:home", _("通知書"), _("通知書の様式と一括作成、文書番号")),
            MenuItem("payments:staff_dashboard", _("手数料・決済"), _("支払状況、返金、日次の消込レポート")),
            MenuItem("subsidies:staff_programmes", _("補助金"), _("公募、審査・採点、交付決定から支払まで")),
        ),
    ),
    MenuGroup(
        _("照会と紙の書類"),
        (
            MenuItem("inquiries:staff_home", _("照会を送る"), _("市町・所属への照会、回答状況と自動集計")),
            MenuItem(
                "inquiries:respondent_home", _("照会に回答する"), _("届いた照会への回答（画面またはExcel）")
            ),
            MenuItem("ocr:home", _("AI-OCR"), _("紙の申請書の読取と確認、検索できるPDF")),
        ),
    ),
    MenuGroup(
        _("公開する情報"),
        (
            MenuItem("opendata_staff:dataset_list", _("オープンデータの管理"), _("データセットの作成・公開")),
            MenuItem(
                "faq_staff:collection_list", _("FAQの管理"), _("よくある質問、未回答の質問、問い合わせ")
            ),
        ),
    ),
    MenuGroup(
        _("職員の補助"),
        (
            MenuItem("proofread:start", _("文章校正"), _("公用文の表記と用字用語の確認")),
            MenuItem("minutes:list", _("議事録"), _("文字起こしから議事録を作成")),
        ),
    ),
    MenuGroup(
        _("設定"),
        (
            MenuItem("procedures:staff_procedures", _("手続の設定"), _("手続の公開、受付期間、添付書類")),
            MenuItem("forms:definition_list", _("フォーム作成"), _("申請フォームの作成と版の管理")),
        ),
    ),
)


@staff_required
def staff_menu(request: HttpRequest) -> HttpResponse:
    return render(request, "core/staff_menu.html", {"groups": STAFF_MENU})

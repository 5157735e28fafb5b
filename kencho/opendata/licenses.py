"""The licences a dataset can carry, with the attribution text users must give and the 5-star level.

Ids follow CKAN's own licence list where CKAN has one (cc-by, cc-zero, odc-odbl...) so that clients
and harvesters recognise them; the Japanese government's 公共データ利用規約 has its own id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kencho.core.i18n import current_language


@dataclass(frozen=True)
class License:
    id: str
    title_ja: str
    title_en: str
    url: str
    is_open: bool
    # What a re-user must write, with {publisher} and {title} filled in; empty for CC0 and closed.
    attribution_ja: str = ""
    attribution_en: str = ""

    @property
    def title(self) -> str:
        return self.title_en if current_language() == "en" else self.title_ja

    def attribution(self, *, publisher: str, title: str) -> str:
        template = self.attribution_en if current_language() == "en" else self.attribution_ja
        return template.format(publisher=publisher, title=title) if template else ""


_PDL_ATTRIBUTION_JA = "出典：{publisher}「{title}」（公共データ利用規約 第1.0版（PDL1.0）に基づき利用）"
_CC_ATTRIBUTION_JA = "出典：{publisher}「{title}」（クリエイティブ・コモンズ 表示 4.0 国際）"

LICENSES: tuple[License, ...] = (
    License(
        "pdl-1.0",
        "公共データ利用規約 第1.0版（PDL1.0）",
        "Public Data License (Version 1.0)",
        "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
        True,
        _PDL_ATTRIBUTION_JA,
        "Source: {publisher}, “{title}”, used under the Public Data License (Version 1.0)",
    ),
    License(
        "cc-by-4.0",
        "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）",
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "https://creativecommons.org/licenses/by/4.0/",
        True,
        _CC_ATTRIBUTION_JA,
        "Source: {publisher}, “{title}”, licensed under CC BY 4.0",
    ),
    License(
        "cc-by",
        "クリエイティブ・コモンズ 表示（CC BY）",
        "Creative Commons Attribution",
        "https://creativecommons.org/licenses/by/4.0/",
        True,
        "出典：{publisher}「{title}」（クリエイティブ・コモンズ 表示）",
        "Source: {publisher}, “{title}”, licensed under Creative Commons Attribution",
    ),
    License(
        "cc-by-sa-4.0",
        "クリエイティブ・コモンズ 表示-継承 4.0 国際（CC BY-SA 4.0）",
        "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        True,
        "出典：{publisher}「{title}」（CC BY-SA 4.0。改変したものは同じライセンスで公開してください）",
        "Source: {publisher}, “{title}”, licensed under CC BY-SA 4.0 (share adaptations alike)",
    ),
    License(
        "cc-zero",
        "CC0 1.0 全世界 パブリック・ドメイン提供",
        "Creative Commons CCZero (CC0 1.0)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        True,
    ),
    License(
        "odc-odbl",
        "オープンデータベースライセンス（ODbL）",
        "Open Data Commons Open Database License (ODbL)",
        "https://opendatacommons.org/licenses/odbl/1-0/",
        True,
        "出典：{publisher}「{title}」（ODbL 1.0）",
        "Source: {publisher}, “{title}”, licensed under the ODbL 1.0",
    ),
    License(
        "other-open",
        "その他（オープンライセンス）",
        "Other (Open)",
        "",
        True,
        "出典：{publisher}「{title}」",
        "Source: {publisher}, “{title}”",
    ),
    License("other-closed", "その他（非オープン）", "Other (Not Open)", "", False),
    License("notspecified", "ライセンス未設定", "License not specified", "", False),
)

_BY_ID = {licence.id: licence for licence in LICENSES}


def license_get(license_id: str) -> License | None:
    return _BY_ID.get(license_id)


def license_choices() -> list[tuple[str, str]]:
    return [(licence.id, licence.title) for licence in LICENSES]


# Formats by Tim Berners-Lee's 5-star scheme (https://5stardata.info/): 2 stars for structured data
# in a proprietary format, 3 for an open format, 4 for RDF that names things with URIs. Five stars
# (links to other people's data) cannot be told from the format, so it is never derived.
_STRUCTURED_FORMATS = frozenset({"XLS", "XLSX", "SHP", "MDB", "ACCDB", "DBF"})
_OPEN_FORMATS = frozenset(
    {"CSV", "TSV", "JSON", "GEOJSON", "XML", "KML", "KMZ", "GML", "ODS", "GPX", "TOPOJSON", "GEOPACKAGE"}
)
_RDF_FORMATS = frozenset({"RDF", "TTL", "TURTLE", "JSON-LD", "JSONLD", "N3", "NT", "N-TRIPLES"})


def open_data_stars(*, license_id: str, formats: Iterable[str]) -> int:
    """The 5-star level: 0 when the licence is not open, then the best of the resources' formats."""
    licence = license_get(license_id)
    if licence is None or not licence.is_open:
        return 0
    stars = 1
    for fmt in (f.upper() for f in formats):
        if fmt in _RDF_FORMATS:
            stars = max(stars, 4)
        elif fmt in _OPEN_FORMATS:
            stars = max(stars, 3)
        elif fmt in _STRUCTURED_FORMATS:
            stars = max(stars, 2)
    return stars


def open_data_stars_reason(stars: int) -> str:
    return {
        0: _("オープンなライセンスではありません。"),
        1: _("オープンなライセンスで公開されています。"),
        2: _("機械が読める構造化データです。"),
        3: _("特定のソフトウェアに依存しない形式です。"),
        4: _("URIで物事を示すRDF形式です。"),
    }.get(stars, "")

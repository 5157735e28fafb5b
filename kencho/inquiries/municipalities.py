"""The 29 municipalities of Mie Prefecture (14 市, 15 町) with their 全国地方公共団体コード; the
check digit is computed by `kencho.core.japanese.local_government_code`, never typed."""

from __future__ import annotations

from kencho.core.japanese.local_government_code import local_government_code_check_digit

_MIE: list[tuple[str, str, str]] = [
    ("24201", "津市", "Tsu"),
    ("24202", "四日市市", "Yokkaichi"),
    ("24203", "伊勢市", "Ise"),
    ("24204", "松阪市", "Matsusaka"),
    ("24205", "桑名市", "Kuwana"),
    ("24207", "鈴鹿市", "Suzuka"),
    ("24208", "名張市", "Nabari"),
    ("24209", "尾鷲市", "Owase"),
    ("24210", "亀山市", "Kameyama"),
    ("24211", "鳥羽市", "Toba"),
    ("24212", "熊野市", "Kumano"),
    ("24214", "いなべ市", "Inabe"),
    ("24215", "志摩市", "Shima"),
    ("24216", "伊賀市", "Iga"),
    ("24303", "木曽岬町", "Kisosaki"),
    ("24324", "東員町", "Toin"),
    ("24341", "菰野町", "Komono"),
    ("24343", "朝日町", "Asahi"),
    ("24344", "川越町", "Kawagoe"),
    ("24441", "多気町", "Taki"),
    ("24442", "明和町", "Meiwa"),
    ("24443", "大台町", "Odai"),
    ("24461", "玉城町", "Tamaki"),
    ("24470", "度会町", "Watarai"),
    ("24471", "大紀町", "Taiki"),
    ("24472", "南伊勢町", "Minamiise"),
    ("24543", "紀北町", "Kihoku"),
    ("24561", "御浜町", "Mihama"),
    ("24562", "紀宝町", "Kiho"),
]


def mie_municipalities() -> list[tuple[str, str, str]]:
    """(six-digit code, Japanese name, English name) of each municipality, in code order."""
    return [(base + local_government_code_check_digit(base), ja, en) for base, ja, en in _MIE]

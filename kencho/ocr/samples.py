"""Synthetic paper forms with known answers, for the tests, the demo data and the benchmark.

A blank page of a 児童扶養手当-style request form is drawn at 200 dpi with IPAex Gothic; a filled page
writes answers in its boxes in a typed font (IPAex Gothic / Noto Sans CJK) or a handwriting-style one
(Klee One), then is scanned badly: turned a little, moved, noisy and saved as a JPEG."""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from kencho.core.japanese.wareki import format_wareki

DPI = 200
PAGE_SIZE = (1654, 2339)  # A4 at 200 dpi
FONTS = {
    "gothic": "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "noto": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "klee": "/usr/share/fonts/truetype/klee/KleeOne-Regular.ttf",
}
Style = Literal["typed", "handwriting"]
STYLE_FONTS: dict[str, tuple[str, ...]] = {"typed": ("gothic", "noto"), "handwriting": ("klee",)}

FORM_DEFINITION: dict[str, Any] = {
    "format": 1,
    "title": {"ja": "児童扶養手当 認定請求書", "en": "Child-rearing allowance request"},
    "pages": [
        {
            "key": "request",
            "title": {"ja": "請求者", "en": "Requester"},
            "fields": [
                {
                    "key": "applicant_name",
                    "type": "name",
                    "label": {"ja": "氏名", "en": "Name"},
                    "required": True,
                },
                {
                    "key": "birth_date",
                    "type": "date",
                    "label": {"ja": "生年月日", "en": "Date of birth"},
                    "required": True,
                    "show_wareki": True,
                },
                {
                    "key": "postal_code",
                    "type": "postal_code",
                    "label": {"ja": "郵便番号", "en": "Postal code"},
                    "required": True,
                },
                {
                    "key": "address",
                    "type": "text",
                    "label": {"ja": "住所", "en": "Address"},
                    "required": True,
                    "max_length": 100,
                },
                {
                    "key": "phone",
                    "type": "phone",
                    "label": {"ja": "電話番号", "en": "Phone number"},
                    "required": True,
                },
                {
                    "key": "children",
                    "type": "integer",
                    "label": {"ja": "対象児童数", "en": "Children"},
                    "required": True,
                    "min": 1,
                    "max": 9,
                },
                {
                    "key": "income",
                    "type": "yen",
                    "label": {"ja": "前年の所得", "en": "Last year's income"},
                    "required": True,
                    "max": 99999999,
                },
                {
                    "key": "consent",
                    "type": "agreement",
                    "label": {"ja": "同意", "en": "Consent"},
                    "required": True,
                    "statement": {"ja": "記載内容に誤りはありません。", "en": "What I have written is true."},
                },
            ],
        }
    ],
}

LABEL_X = 130
BOX_X = 520
BOX_WIDTH = 1000
BOX_HEIGHT = 110
FIRST_Y = 330
STEP_Y = 175


def _box(index: int, key: str, label: str, kind: str, width: int = BOX_WIDTH) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "kind": kind,
        "part": "",
        "option": "",
        "x": BOX_X,
        "y": FIRST_Y + index * STEP_Y,
        "width": width,
        "height": BOX_HEIGHT,
    }


TEMPLATE_BOXES: list[dict[str, Any]] = [
    {**_box(0, "applicant_name", "フリガナ", "line", 700), "part": "kana"},
    {**_box(1, "applicant_name", "氏名", "line", 700), "part": "name"},
    _box(2, "birth_date", "生年月日", "date", 700),
    _box(3, "postal_code", "郵便番号", "digits", 400),
    _box(4, "address", "住所", "line"),
    _box(5, "phone", "電話番号", "digits", 600),
    _box(6, "children", "対象児童数", "digits", 200),
    _box(7, "income", "前年の所得（円）", "digits", 500),
    {
        "key": "consent",
        "label": "記載内容に誤りはありません",
        "kind": "checkbox",
        "part": "",
        "option": "",
        "x": BOX_X,
        "y": FIRST_Y + 8 * STEP_Y + 20,
        "width": 80,
        "height": 80,
    },
    {
        "key": "",
        "label": "署名・押印",
        "kind": "ignore",
        "part": "",
        "option": "",
        "x": BOX_X + 500,
        "y": FIRST_Y + 9 * STEP_Y - 40,
        "width": 500,
        "height": 200,
    },
]

FAMILY_NAMES = {
    "山田": "ヤマダ",
    "佐藤": "サトウ",
    "鈴木": "スズキ",
    "伊藤": "イトウ",
    "中村": "ナカムラ",
    "小林": "コバヤシ",
    "加藤": "カトウ",
    "吉田": "ヨシダ",
    "松本": "マツモト",
    "井上": "イノウエ",
    "木村": "キムラ",
    "林": "ハヤシ",
}
GIVEN_NAMES = {
    "太郎": "タロウ",
    "花子": "ハナコ",
    "一郎": "イチロウ",
    "美咲": "ミサキ",
    "健太": "ケンタ",
    "陽子": "ヨウコ",
    "大輔": "ダイスケ",
    "さくら": "サクラ",
    "翔太": "ショウタ",
    "由美": "ユミ",
    "直樹": "ナオキ",
    "愛": "アイ",
}
PLACES = [
    "三重県津市広明町13番地",
    "三重県四日市市諏訪町1番5号",
    "三重県伊勢市岩渕1丁目7番29号",
    "三重県松阪市殿町1340番地1",
    "三重県桑名市中央町2丁目37番地",
    "三重県鈴鹿市神戸1丁目18番18号",
    "三重県名張市鴻之台1番町1番地",
    "三重県亀山市本丸町577番地",
]


@cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONTS[name], size)


def fonts_available() -> bool:
    return all(Path(path).exists() for path in FONTS.values())


def _draw_frame(draw: ImageDraw.ImageDraw) -> None:
    width, height = PAGE_SIZE
    gothic = font("gothic", 56)
    draw.text((LABEL_X, 120), "児童扶養手当 認定請求書", font=gothic, fill=0)
    draw.text((LABEL_X, 205), "黒のボールペンで枠の中に記入してください。", font=font("gothic", 30), fill=0)
    for x, y in [(60, 60), (width - 110, 60), (60, height - 110), (width - 110, height - 110)]:
        draw.rectangle([x, y, x + 50, y + 50], fill=0)  # corner marks
    small = font("gothic", 36)
    for box in TEMPLATE_BOXES:
        x, y, w, h = box["x"], box["y"], box["width"], box["height"]
        draw.rectangle([x, y, x + w, y + h], outline=0, width=3)
        if box["kind"] == "checkbox":
            draw.text((x + w + 30, y + 18), box["label"], font=small, fill=0)
        elif box["kind"] == "ignore":
            draw.text((x - 500, y + 80), box["label"], font=small, fill=0)
            draw.ellipse([x + w - 170, y + 30, x + w - 30, y + 170], outline=0, width=2)
            draw.text((x + w - 118, y + 78), "印", font=small, fill=0)
        else:
            draw.text((LABEL_X, y + 35), box["label"], font=small, fill=0)
    draw.line([(LABEL_X, FIRST_Y - 40), (width - LABEL_X, FIRST_Y - 40)], fill=0, width=2)


def blank_page() -> Image.Image:
    """The form with no answers: what staff upload as the template."""
    page = Image.new("L", PAGE_SIZE, 255)
    _draw_frame(ImageDraw.Draw(page))
    return page


@dataclass
class Sample:
    """One filled page: the answers as written on paper, the values expected after normalisation,
    and the style of writing."""

    written: dict[str, str]
    expected: dict[str, Any]
    style: Style
    font_name: str
    seed: int
    meta: dict[str, Any] = field(default_factory=dict)


def sample_answers(seed: int, style: Style = "handwriting") -> Sample:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    birth = datetime.date(1989, 2, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 35))
    written_date = format_wareki(birth) if rng.random() < 0.6 else f"{birth.year}/{birth.month}/{birth.day}"
    postal = f"{rng.randrange(510, 520)}-{rng.randrange(0, 10000):04d}"
    area = rng.choice(["059", "0598", "0596", "0594"])
    middle = rng.randrange(100, 1000) if len(area) == 3 else rng.randrange(10, 100)
    phone = f"{area}-{middle}-{rng.randrange(1000, 10000)}"
    children = rng.randrange(1, 6)
    income = rng.randrange(500_000, 9_000_000)
    family, given = rng.choice(sorted(FAMILY_NAMES)), rng.choice(sorted(GIVEN_NAMES))
    name, kana = f"{family} {given}", f"{FAMILY_NAMES[family]} {GIVEN_NAMES[given]}"
    address = rng.choice(PLACES)
    consent = rng.random() < 0.8
    written = {
        "applicant_name.kana": kana,
        "applicant_name.name": name,
        "birth_date": written_date,
        "postal_code": postal,
        "address": address,
        "phone": phone,
        "children": str(children),
        "income": str(income),
        "consent": "✓" if consent else "",
    }
    expected: dict[str, Any] = {
        "applicant_name": {"name": name, "kana": kana},
        "birth_date": birth.isoformat(),
        "postal_code": postal,
        "address": address,
        "phone": phone,
        "children": children,
        "income": income,
    }
    if consent:
        expected["consent"] = True
    font_name = rng.choice(STYLE_FONTS[style])
    return Sample(written=written, expected=expected, style=style, font_name=font_name, seed=seed)


def _write(
    draw: ImageDraw.ImageDraw, box: dict[str, Any], text: str, sample: Sample, rng: random.Random
) -> None:
    x, y, h = box["x"], box["y"], box["height"]
    if box["kind"] == "checkbox":
        if text:
            w = box["width"]
            points = [(x + w * 0.2, y + h * 0.5), (x + w * 0.45, y + h * 0.8), (x + w * 0.85, y + h * 0.15)]
            draw.line(points, fill=20, width=8, joint="curve")
        return
    size = int(h * (0.52 if sample.style == "typed" else rng.uniform(0.5, 0.6)))
    face = font(sample.font_name, size)
    offset_x = 24 + (rng.randrange(0, 30) if sample.style == "handwriting" else 0)
    offset_y = (h - size) // 2 - size // 8 + (rng.randrange(-6, 7) if sample.style == "handwriting" else 0)
    draw.text((x + offset_x, y + offset_y), text, font=face, fill=rng.randrange(0, 60))


def _scan(page: Image.Image, rng: random.Random, *, quality: int | None = None) -> bytes:
    """Print and scan: a slight turn and shift, blur, noise, dust and JPEG artefacts."""
    angle = rng.uniform(-1.5, 1.5)
    shift = (rng.randrange(-20, 21), rng.randrange(-20, 21))
    turned = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255, translate=shift)
    turned = turned.filter(ImageFilter.GaussianBlur(0.6))
    pixels = np.asarray(turned, dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 9, pixels.shape)
    pixels = np.clip(pixels + noise, 0, 255).astype(np.uint8)
    for _ in range(60):  # dust
        px, py = rng.randrange(pixels.shape[1]), rng.randrange(pixels.shape[0])
        pixels[py : py + 2, px : px + 2] = 40
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="JPEG", quality=quality or rng.randrange(55, 80), dpi=(DPI, DPI))
    return out.getvalue()


def filled_page(sample: Sample, *, scanned: bool = True) -> bytes:
    """A filled page as JPEG bytes (scanned) or PNG bytes (clean)."""
    rng = random.Random(sample.seed * 7919 + 1)  # noqa: S311 - reproducible test data, not secrets
    page = blank_page()
    draw = ImageDraw.Draw(page)
    for box in TEMPLATE_BOXES:
        if box["key"]:
            _write(draw, box, sample.written[written_key(box)], sample, rng)
        elif box["kind"] == "ignore":  # a signature scribble and a seal, which must not be read
            x, y = box["x"], box["y"]
            draw.text((x + 20, y + 60), "山田", font=font("klee", 70), fill=30)
            draw.ellipse([x + 345, y + 45, x + 455, y + 155], outline=60, width=6)
    if scanned:
        return _scan(page, rng)
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()


def written_key(box: dict[str, Any]) -> str:
    return f"{box['key']}.{box['part']}" if box["part"] else str(box["key"])


def blank_page_bytes() -> bytes:
    out = io.BytesIO()
    blank_page().save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def samples(count: int, *, start: int = 0) -> list[Sample]:
    """`count` pages, alternately typed and handwriting-style."""
    return [sample_answers(start + i, "typed" if (start + i) % 2 else "handwriting") for i in range(count)]


def pages_pdf(pages: list[bytes]) -> bytes:
    """Several scanned pages as one PDF, as a scanner's batch would arrive."""
    images = [Image.open(io.BytesIO(data)).convert("L") for data in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=DPI)
    return out.getvalue()

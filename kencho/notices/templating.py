"""Word templates: checking an upload and rendering it.

Placeholders are Jinja expressions ({{ 申請者氏名 }}) rendered by docxtpl, which also joins a
placeholder that Word split across several runs (spell-check marks, a change of font). The Jinja
environment is sandboxed, escapes every value for XML, and refuses undefined names, so an uploaded
template can neither reach Python internals nor print an empty line where a value was expected.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .placeholders import FILTERS, placeholder_known, sample_context

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TemplateRejected(ValueError):
    """An upload that cannot be a notice template; `message` says why and what to do, in the
    language active when it is shown."""

    def __init__(self, code: str, message: Promise | str) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


class RenderFailed(ValueError):
    """A template that could not be filled in for one notice (a missing value, a broken expression)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class TemplateInspection:
    placeholders: list[str]
    sha256: str
    size: int


def jinja_environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    environment.filters.update(FILTERS)
    return environment


def _check_package(data: bytes, filename: str) -> None:
    lower = filename.lower()
    if lower.endswith((".docm", ".dotm")):
        raise TemplateRejected(
            "macro",
            _(
                "マクロ付きの文書（.docm）は使えません。"
                "Word で「Word 文書（*.docx）」として保存し直してください。"
            ),
        )
    if data.startswith(_OLE_MAGIC):
        raise TemplateRejected(
            "old_or_encrypted",
            _(
                "古い形式（.doc）かパスワード付きの文書です。"
                "パスワードを外し、「Word 文書（*.docx）」として保存し直してください。"
            ),
        )
    if not lower.endswith((".docx", ".dotx")):
        raise TemplateRejected("extension", _("Word 文書（.docx）を選んでください。"))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRejected(
            "too_large", _("ファイルが大きすぎます（10 MB まで）。画像を圧縮してください。")
        )
    broken = TemplateRejected(
        "broken", _("Word 文書として読めません。ファイルが壊れていないか、Word で開けるか確かめてください。")
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
        content_types = (
            archive.read("[Content_Types].xml").decode("utf-8", "replace")
            if "[Content_Types].xml" in names
            else ""
        )
        relationships = (
            archive.read("word/_rels/document.xml.rels").decode("utf-8", "replace")
            if "word/_rels/document.xml.rels" in names
            else ""
        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, EOFError):
        raise broken from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise broken
    if any(name.lower().endswith("vbaproject.bin") for name in names) or "macroEnabled" in content_types:
        raise TemplateRejected(
            "macro",
            _("マクロが含まれています。Word で「Word 文書（*.docx）」として保存し直してください。"),
        )
    if "word/document.xml" not in names or _DOCX_MAIN not in content_types:
        raise broken
    # Linked (not embedded) pictures or templates would make the PDF converter fetch from elsewhere.
    for line in relationships.split("<Relationship ")[1:]:
        if 'TargetMode="External"' in line and "/hyperlink" not in line:
            raise TemplateRejected(
                "external_link",
                _(
                    "外部のファイルにリンクした画像などがあります。画像は文書に埋め込んでください（リンクの解除）。"
                ),
            )


def template_inspect(data: bytes, filename: str) -> TemplateInspection:
    """Check an uploaded template and list its placeholders. Raises TemplateRejected with a message
    for the person who uploaded it: not a Word document, a macro document, a placeholder that does
    not exist, a broken {{ }} expression, or one that fails when filled with sample values."""
    _check_package(data, filename)
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    environment = jinja_environment()
    try:
        template = DocxTemplate(io.BytesIO(data))
        names = template.get_undeclared_template_variables(environment)
    except TemplateSyntaxError as exc:
        raise TemplateRejected(
            "syntax",
            _("差し込み項目の書き方が正しくありません（%(detail)s）。{{ 項目名 }} の形で書いてください。")
            % {"detail": exc.message or ""},
        ) from None
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise TemplateRejected(
            "broken", _("Word 文書として読めません（%(detail)s）。") % {"detail": str(exc)[:200]}
        ) from None
    unknown = sorted(name for name in names if not placeholder_known(name))
    if unknown:
        raise TemplateRejected(
            "unknown_placeholder",
            _("使えない差し込み項目があります: %(names)s。項目名の一覧を確かめてください。")
            % {"names": "、".join(f"{{{{ {name} }}}}" for name in unknown)},
        )
    try:
        render_docx(data, sample_context())
    except RenderFailed as exc:
        raise TemplateRejected(
            exc.code, _("見本の値で差し込むと失敗します: %(detail)s") % {"detail": exc.message}
        ) from None
    return TemplateInspection(
        placeholders=sorted(names), sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )


def render_docx(template: bytes, context: dict[str, Any]) -> bytes:
    """Fill the template in; raises RenderFailed naming what went wrong."""
    from docxtpl import DocxTemplate, Listing
    from jinja2 import TemplateError, UndefinedError

    values = {
        key: Listing(value) if isinstance(value, str) and "\n" in value else value
        for key, value in context.items()
    }
    document = DocxTemplate(io.BytesIO(template))
    try:
        document.render(values, jinja_environment())
    except UndefinedError as exc:
        raise RenderFailed("missing_value", _missing_message(exc)) from None
    except TemplateError as exc:
        raise RenderFailed("template_error", str(exc.message or exc)[:300]) from None
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _missing_message(exc: Exception) -> str:
    # Jinja says "'決定額' is undefined"; the name is what the officer needs.
    text = str(exc)
    name = text.split("'")[1] if text.count("'") >= 2 else text
    return str(_("「%(name)s」の値がありません。一括作成のときに値を入れてください。") % {"name": name})

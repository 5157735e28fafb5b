"""Word → PDF through LibreOffice, a whole chunk of notices in one `soffice --convert-to` process.

Why LibreOffice: the notices are designed in Word, and LibreOffice is the free renderer that lays out
a .docx (tables, 縦書き, ruby, headers, page breaks) closest to Word. Each process and thread gets a
user profile directory of its own (-env:UserInstallation), because two LibreOffice processes on one
profile hand their work to each other or refuse to start. The PDF is PDF/A-2b with tagged structure:
every font is embedded, and Windows font names in the templates (ＭＳ 明朝, 游ゴシック …) are mapped
to the IPAex fonts of the same style through a fontconfig file written next to the profile.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from django.conf import settings

# (families in templates, the installed family to use), mincho and gothic alike.
FONT_ALIASES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        (
            "ＭＳ 明朝",
            "MS Mincho",
            "ＭＳ Ｐ明朝",
            "MS PMincho",
            "游明朝",
            "Yu Mincho",
            "HG明朝B",
            "HG明朝E",
            "BIZ UD明朝",
        ),
        "IPAexMincho",
    ),
    (
        (
            "ＭＳ ゴシック",
            "MS Gothic",
            "ＭＳ Ｐゴシック",
            "MS PGothic",
            "游ゴシック",
            "Yu Gothic",
            "メイリオ",
            "Meiryo",
            "BIZ UDゴシック",
        ),
        "IPAexGothic",
    ),
)
_FALLBACK = {"IPAexMincho": "Noto Serif CJK JP", "IPAexGothic": "Noto Sans CJK JP"}
EXPORT_FILTER = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"}}'
)


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (or not where KENCHO_NOTICES_SOFFICE says)."""


class PdfConversionFailed(RuntimeError):
    pass


def soffice_path() -> str | None:
    configured = getattr(settings, "KENCHO_NOTICES_SOFFICE", "") or "soffice"
    return shutil.which(configured) or shutil.which("libreoffice")


def _fontconfig_text() -> str:
    aliases = []
    for families, target in FONT_ALIASES:
        for family in families:
            aliases.append(
                f'  <alias binding="same"><family>{family}</family><prefer><family>{target}</family>'
                f"<family>{_FALLBACK[target]}</family></prefer></alias>"
            )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "\n".join(aliases)
        + "\n</fontconfig>\n"
    )


_profiles: dict[tuple[int, int], Path] = {}
_profiles_lock = threading.Lock()


def _work_dir() -> Path:
    """This process's and thread's LibreOffice profile and fontconfig file, made on first use and
    removed when the process exits; the profile is kept between conversions (its first start costs
    a second or two)."""
    key = (os.getpid(), threading.get_ident())
    with _profiles_lock:
        if key not in _profiles:
            path = Path(tempfile.mkdtemp(prefix=f"kencho-soffice-{key[0]}-"))
            (path / "fonts.conf").write_text(_fontconfig_text(), encoding="utf-8")
            _profiles[key] = path
            atexit.register(shutil.rmtree, path, True)
        return _profiles[key]


def docx_to_pdf_many(documents: list[bytes]) -> list[bytes | None]:
    """Convert each .docx to PDF in one LibreOffice run. An entry is None where LibreOffice made no
    PDF for that document. Raises PdfUnavailable without LibreOffice, PdfConversionFailed when the
    run fails or takes longer than KENCHO_NOTICES_PDF_TIMEOUT seconds (plus 2 s per document)."""
    if not documents:
        return []
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(
            "LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui"
        )
    work = _work_dir()
    timeout = int(getattr(settings, "KENCHO_NOTICES_PDF_TIMEOUT", 120)) + 2 * len(documents)
    with tempfile.TemporaryDirectory(dir=work) as run_dir:
        source, output = Path(run_dir, "in"), Path(run_dir, "out")
        source.mkdir()
        output.mkdir()
        paths = []
        for index, content in enumerate(documents):
            path = source / f"n{index:05d}.docx"
            path.write_bytes(content)
            paths.append(path)
        command = [
            soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            EXPORT_FILTER,
            "--outdir",
            str(output),
            *map(str, paths),
        ]
        environment = {
            **os.environ,
            "HOME": str(work),
            "FONTCONFIG_FILE": str(work / "fonts.conf"),
            "SAL_USE_VCLPLUGIN": "svp",
        }
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own file names
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        try:
            _stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfConversionFailed(f"LibreOffice took longer than {timeout} s") from None
        if process.returncode != 0:
            raise PdfConversionFailed(
                f"LibreOffice exited with {process.returncode}: {stderr.decode('utf-8', 'replace')[-500:]}"
            )
        results: list[bytes | None] = []
        for path in paths:
            pdf = output / f"{path.stem}.pdf"
            results.append(pdf.read_bytes() if pdf.exists() and pdf.stat().st_size > 0 else None)
        return results


def docx_to_pdf(document: bytes) -> bytes:
    pdf = docx_to_pdf_many([document])[0]
    if pdf is None:
        raise PdfConversionFailed("LibreOffice made no PDF for the document")
    return pdf

"""Word files for the tests, made with python-docx the way Word would save them."""

from __future__ import annotations

import io
import zipfile

from docx import Document


def docx_with(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def docx_split_across_runs(*runs: str) -> bytes:
    document = Document()
    paragraph = document.add_paragraph()
    for text in runs:
        paragraph.add_run(text).bold = text.startswith("{{")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def docx_text(content: bytes) -> str:
    """All the text of a .docx: paragraphs and table cells, one per line."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def pdf_text(content: bytes) -> str:
    """The PDF's text with whitespace removed: PDF text extraction puts spaces between scripts."""
    from pypdf import PdfReader

    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return "".join(text.split())


def with_macro(content: bytes) -> bytes:
    """The same document with a VBA project inside, as Word stores one in a .docm."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really VBA")
    return output.getvalue()


def with_external_image(content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/image" Target="http://192.0.2.1/logo.png" TargetMode="External"/>'
                    b"</Relationships>",
                )
            target.writestr(item, data)
    return output.getvalue()


def pdf_fonts(content: bytes) -> dict[str, bool]:
    """Each font the PDF uses (subset prefix removed) and whether its program is embedded."""
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = page.get("/Resources")
        font_table = resources.get_object().get("/Font") if resources else None
        for reference in (font_table.get_object() if font_table else DictionaryObject()).values():
            font = reference.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            fonts[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts

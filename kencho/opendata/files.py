"""What an uploaded resource file is: its size, SHA-256, format, and whether it can be read.

A file that claims to be a table or a map but cannot be read is refused before anything is stored,
so a dataset never shows a resource whose preview would fail. Zipped shapefiles are converted to
GeoJSON here, once, for the map preview.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from .errors import InvalidInput

# Formats whose content is checked on upload; everything else is stored as it is.
TABLE_FORMATS = frozenset({"CSV", "TSV", "XLSX"})
MAP_FORMATS = frozenset({"GEOJSON", "SHP"})
# Content is read into memory for checks only up to this size; larger files are hashed and stored.
INSPECT_LIMIT_BYTES = 100 * 1024 * 1024

_FORMAT_BY_EXTENSION = {
    "csv": "CSV",
    "tsv": "TSV",
    "txt": "TXT",
    "xlsx": "XLSX",
    "xls": "XLS",
    "json": "JSON",
    "geojson": "GEOJSON",
    "pdf": "PDF",
    "zip": "ZIP",
    "kml": "KML",
    "kmz": "KMZ",
    "xml": "XML",
    "rdf": "RDF",
    "ttl": "TTL",
    "jsonld": "JSON-LD",
    "docx": "DOCX",
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "KENCHO_OPENDATA_MAX_UPLOAD_MB", 500)) * 1024 * 1024


def too_large_message() -> tuple[str, str]:
    limit = max_upload_bytes() // (1024 * 1024)
    return (
        f"ファイルが大きすぎます。{limit} MB 以下にするか、分割するか、外部のURLとして登録してください。",
        f"The file is too large. Keep it under {limit} MB, split it, or register it as an external URL.",
    )


@dataclass
class FileFacts:
    size: int
    sha256: str
    format: str
    mimetype: str
    geojson: dict[str, Any] | None = None
    standard_report: dict[str, Any] | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)


def format_for(filename: str, declared: str = "") -> str:
    if declared:
        return declared.lstrip(".").upper()
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return _FORMAT_BY_EXTENSION.get(extension, extension.upper())


def _zip_holds_shapefile(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            return any(name.lower().endswith(".shp") for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def file_inspect(upload: UploadedFile, *, declared_format: str = "", standard_dataset: str = "") -> FileFacts:
    """Hash and check an upload. Raises InvalidInput naming the problem when a table or map file
    cannot be read, or when the file is over the size limit."""
    digest = hashlib.sha256()
    size = 0
    head = BytesIO()
    for chunk in upload.chunks():
        size += len(chunk)
        digest.update(chunk)
        if size <= INSPECT_LIMIT_BYTES:
            head.write(chunk)
    upload.seek(0)
    if size > max_upload_bytes():
        raise InvalidInput(errors={"upload": [too_large_message()]})
    if size == 0:
        raise InvalidInput(
            errors={
                "upload": [
                    (
                        "ファイルが空です。内容のあるファイルを選んでください。",
                        "The file is empty. Choose a file with content.",
                    )
                ]
            }
        )
    filename = upload.name or ""
    content = head.getvalue() if size <= INSPECT_LIMIT_BYTES else b""
    fmt = format_for(filename, declared_format)
    if fmt == "ZIP" and content and _zip_holds_shapefile(content):
        fmt = "SHP"
    mimetype = upload.content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    facts = FileFacts(size=size, sha256=digest.hexdigest(), format=fmt, mimetype=mimetype)
    if not content:
        return facts
    _check_content(facts, content, filename)
    if standard_dataset:
        from .standards.validation import validate_standard_csv

        facts.standard_report = validate_standard_csv(content, standard_dataset).as_dict()
    return facts


def _check_content(facts: FileFacts, content: bytes, filename: str) -> None:
    from .tabular import PreviewError, table_page

    try:
        if facts.format in TABLE_FORMATS:
            table_page(content, filename=filename, page=1, per_page=1)
        elif facts.format == "SHP":
            from .geo import shapefile_zip_to_geojson

            facts.geojson = shapefile_zip_to_geojson(content)
            facts.mimetype = "application/zip"
        elif facts.format == "GEOJSON" or (facts.format == "JSON" and _looks_like_geojson(content)):
            from .geo import geojson_for_preview, geojson_validate

            facts.geojson = geojson_for_preview(geojson_validate(content))
            facts.format = "GEOJSON"
            facts.mimetype = "application/geo+json"
    except PreviewError as error:
        raise InvalidInput(errors={"upload": [(error.message["ja"], error.message["en"])]}) from error


def _looks_like_geojson(content: bytes) -> bool:
    try:
        data = json.loads(content[: 10 * 1024 * 1024])
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and data.get("type") in {"FeatureCollection", "Feature"}

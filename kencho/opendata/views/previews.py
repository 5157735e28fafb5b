"""What the resource page shows of a file: a page of a table with a chart of one numeric column, or
a map with the first features' attributes. A file that cannot be previewed gives a message on the
page, never an error.
"""

from __future__ import annotations

import json
import logging
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kencho.core.i18n import current_language

from ..charts import bar_chart_svg
from ..geo import geojson_bounds
from ..models import Resource
from ..tabular import PreviewError, numeric_columns, parse_number, table_page
from .params import page_numbers, plain_text, whole_number

logger = logging.getLogger(__name__)

TABLE_ROWS = 50
MAP_TABLE_ROWS = 20
MAP_TABLE_COLUMNS = 30
TABLE_FORMATS = frozenset({"CSV", "TSV", "XLSX"})
ENCODING_NAMES: dict[str, Any] = {
    "utf-8": "UTF-8",
    "utf-8-sig": gettext_lazy("UTF-8（BOM付き）"),
    "cp932": "Shift_JIS（CP932）",
    "euc_jp": "EUC-JP",
    "utf-16": "UTF-16",
}


def _unreadable(resource: Resource) -> dict[str, Any]:
    logger.exception("stored file of resource %s cannot be read", resource.id)
    return {
        "preview_error": _(
            "ファイルを読み込めませんでした。時間をおいてもう一度開くか、ダウンロードしてご覧ください。"
        )
    }


def table_preview(query: QueryDict, resource: Resource) -> dict[str, Any]:
    page = whole_number(query.get("page", "1")) or 1
    sheet = plain_text(query.get("sheet", ""))[:100] or None
    try:
        with resource.file.open("rb") as stream:
            table = table_page(
                cast(BinaryIO, stream), filename=resource.filename, format=resource.format, page=max(page, 1),
                per_page=TABLE_ROWS, sheet=sheet,
            )  # fmt: skip
    except PreviewError as error:
        return {"preview_error": error.message_in(current_language())}
    except OSError:
        return _unreadable(resource)
    first = (table.page - 1) * TABLE_ROWS + 1
    headers = [header or _("列%(n)s") % {"n": n} for n, header in enumerate(table.headers, start=1)]
    numeric = numeric_columns(table.headers, table.rows)
    chosen = whole_number(query.get("column"))
    column = chosen if chosen in numeric else (numeric[0] if numeric else None)
    chart = None
    if column is not None and table.rows:
        label_column = next((i for i in range(len(headers)) if i not in numeric), None)
        labels = [
            row[label_column] if label_column is not None else str(first + n)
            for n, row in enumerate(table.rows)
        ]
        title = _("%(column)s（%(first)s〜%(last)s 行目）") % {
            "column": headers[column],
            "first": first,
            "last": first + len(table.rows) - 1,
        }
        chart = bar_chart_svg(labels, [parse_number(row[column]) for row in table.rows], title=title)
    return {
        "table": table,
        "headers": headers,
        "rows": [(first + n, row) for n, row in enumerate(table.rows)],
        "first_row": first,
        "last_row": first + len(table.rows) - 1,
        "encoding_name": ENCODING_NAMES.get(table.encoding or "", table.encoding or ""),
        "numeric_columns": [(index, headers[index]) for index in numeric],
        "chart_column": column,
        "chart": chart,
        "page_numbers": page_numbers(table.page, table.pages) if table.pages > 1 else [],
    }


def _map_summary(resource: Resource) -> dict[str, Any]:
    """Bounds, warnings and the first features' properties of the stored preview GeoJSON, cached:
    the file may be tens of megabytes and does not change without the resource changing."""
    key = f"opendata:map:{resource.id}:{resource.metadata_modified.timestamp()}"
    summary: dict[str, Any] | None = cache.get(key)
    if summary is not None:
        return summary
    with resource.preview_geojson.open("rb") as stream:
        collection = json.load(stream)
    if not isinstance(collection, dict):
        raise ValueError("the preview is not a GeoJSON object")
    features = collection.get("features") or []
    columns: dict[str, None] = {}
    for feature in features[:MAP_TABLE_ROWS]:
        columns |= dict.fromkeys(str(k) for k in (feature.get("properties") or {}))
    names = list(columns)[:MAP_TABLE_COLUMNS]
    rows = []
    for feature in features[:MAP_TABLE_ROWS]:
        properties = feature.get("properties") or {}
        rows.append([_cell(properties.get(name)) for name in names])
    info = collection.get("preview") or {}
    summary = {
        "bounds": collection.get("bbox") or geojson_bounds(collection),
        "total": len(features),
        "columns": names,
        "columns_capped": len(columns) > MAP_TABLE_COLUMNS,
        "rows": rows,
        "warnings": info.get("warnings") or [],
        "truncated": bool(info.get("truncated")),
        "simplified": bool(info.get("simplified")),
        "source_total": info.get("total_features") or len(features),
    }
    cache.set(key, summary, 3600)
    return summary


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def map_preview(resource: Resource) -> dict[str, Any]:
    try:
        summary = _map_summary(resource)
    except ValueError:  # not JSON: the stored preview is damaged
        return {"preview_error": _("地図用のデータを読めませんでした。ダウンロードしてご覧ください。")}
    except OSError:
        return _unreadable(resource)
    language = current_language()
    bounds = summary["bounds"]
    return {
        "map": summary,
        "map_warnings": [w.get(language) or w.get("ja", "") for w in summary["warnings"]],
        "geojson_url": reverse(
            "opendata:resource_geojson",
            kwargs={"dataset_id": resource.dataset_id, "resource_id": resource.id},
        ),
        "map_bounds": ",".join(f"{value:.6f}" for value in bounds) if bounds and len(bounds) == 4 else "",
        # settings.KENCHO_MAP_TILE_*: empty URL for no background; the attribution is the operator's HTML
        "tile_url": settings.KENCHO_MAP_TILE_URL,
        "tile_attribution": settings.KENCHO_MAP_TILE_ATTRIBUTION,
    }

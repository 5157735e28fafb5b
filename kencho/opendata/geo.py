"""GeoJSON and zipped shapefiles made ready for a Leaflet map: WGS84 lon/lat, bounded in size.

shapefile_zip_to_geojson and geojson_for_preview return a FeatureCollection with a "bbox" and a
foreign member "preview": {"warnings", "truncated", "simplified", "total_features", "layers"}.
geojson_validate returns the parsed object as it is, plus "preview": {"warnings"}; pass it to
geojson_for_preview before storing it as a map preview.
Past max_vertices, lines and rings keep every n-th vertex ("simplified"); past max_features or
when a layer still exceeds the vertex budget, the remaining features are left out ("truncated").

A zip may hold several shapefiles (up to MAX_LAYERS): all go into the one collection, ordered by
file name, and each feature names its layer in the foreign member "layer" rather than in
"properties", so that a DBF column called LAYER (common in CAD exports) stays untouched.
Each layer needs its .shp, .shx, .dbf and .prj; the attribute encoding comes from the .cpg when
there is one, otherwise from the DBF's bytes (UTF-8, else CP932: most Japanese shapefiles are
Shift_JIS). Zips are refused when they would expand beyond max_uncompressed (200 MB), when a
member over 1 MiB is compressed more than max_ratio (100) to 1, or when a name leaves its folder.
pyproj and pyshp are imported only when a shapefile is converted.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime
import io
import json
import math
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from .tabular import PreviewError, detect_encoding, open_zip_checked

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_FEATURES = 5_000
MAX_VERTICES = 200_000
MAX_GEOJSON_BYTES = 50 * 1024 * 1024
MAX_LAYERS = 20

Position = list[float]
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_CPG_ALIASES = {"932": "cp932", "sjis": "cp932", "shift-jis": "cp932", "65001": "utf-8", "utf8": "utf-8"}


def _error(code: str, ja: str, en: str) -> PreviewError:
    return PreviewError(code, ja=ja, en=en)


def shapefile_zip_to_geojson(
    data: bytes | BinaryIO,
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
    max_features: int = MAX_FEATURES,
    max_vertices: int = MAX_VERTICES,
) -> dict[str, Any]:
    """The shapefiles in a zip as one FeatureCollection in EPSG:4326 (lon, lat)."""
    stream: BinaryIO = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    stream.seek(0)
    with open_zip_checked(stream, max_total_bytes=max_uncompressed, max_ratio=max_ratio) as archive:
        layers = _find_layers(archive)
        estimated = sum(max(parts[".shp"].file_size - 100, 0) // 16 for _, parts in layers)
        budget = _Budget(max_features, max_vertices, stride=max(1, math.ceil(estimated / max_vertices)))
        collection: dict[str, Any] = {"type": "FeatureCollection", "features": []}
        summaries = []
        for name, parts in layers:
            files = {ext: _read_member(archive, info) for ext, info in parts.items()}
            tag = name if len(layers) > 1 else None
            summaries.append(_read_layer(name, files, collection["features"], budget, tag=tag))
    return _finish(collection, budget, layers=summaries)


class _Budget:
    """How many features and vertices the preview may still take, and what was given up."""

    def __init__(self, max_features: int, max_vertices: int, *, stride: int) -> None:
        self.features, self.vertices, self.stride = max_features, max_vertices, stride
        self.total_features = 0
        self.truncated = False
        self.warnings: list[dict[str, str]] = []

    def take(self, vertices: int) -> bool:
        if self.features <= 0 or vertices > self.vertices:
            self.truncated = True
            return False
        self.features -= 1
        self.vertices -= vertices
        return True


def _find_layers(archive: zipfile.ZipFile) -> list[tuple[str, dict[str, zipfile.ZipInfo]]]:
    by_stem: dict[str, dict[str, zipfile.ZipInfo]] = {}
    for member in archive.infolist():
        path = PurePosixPath(_member_name(member))
        junk = member.is_dir() or path.parts[:1] == ("__MACOSX",) or path.name.startswith("._")
        if not junk and path.suffix.lower() in _PARTS:
            by_stem.setdefault(str(path.with_suffix("")).lower(), {})[path.suffix.lower()] = member
    stems = sorted(stem for stem, parts in by_stem.items() if ".shp" in parts)
    if not stems:
        orphans = sorted(PurePosixPath(stem).name for stem in by_stem)
        missing = f"{orphans[0]}.shp" if orphans else ".shp"
        raise _missing_file(missing)
    if len(stems) > MAX_LAYERS:
        raise _error(
            "too_many_layers",
            f"zip 内のシェープファイルが多すぎます（{len(stems)} 個、上限 {MAX_LAYERS} 個）。"
            "分けて登録してください。",
            f"The zip holds {len(stems)} shapefiles, more than {MAX_LAYERS}; upload them in smaller groups.",
        )
    layers = []
    for stem in stems:
        parts = by_stem[stem]
        name = PurePosixPath(_member_name(parts[".shp"])).stem
        for ext in (".shx", ".dbf", ".prj"):
            if ext not in parts:
                raise _missing_file(name + ext)
        layers.append((name, parts))
    return layers


def _member_name(member: zipfile.ZipInfo) -> str:
    """The member's name with "/" between folders; Japanese Windows writes CP932 names unflagged."""
    name = member.filename
    if not member.flag_bits & 0x800:  # zipfile read the name as CP437
        with contextlib.suppress(UnicodeError):
            name = name.encode("cp437").decode("cp932")
    return name.replace("\\", "/")


def _missing_file(name: str) -> PreviewError:
    return _error(
        "missing_file",
        f"zip に「{name}」がありません。シェープファイルを構成するファイル（.shp .shx .dbf .prj）を"
        "すべて同じ名前で zip に入れてください。",
        f"The zip has no {name!r}; put every file of the shapefile (.shp, .shx, .dbf, .prj) "
        "in the zip under the same name.",
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, refusing more than it declared (the declared total was checked)."""
    chunks, size = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(1024 * 1024):
                size += len(chunk)
                if size > info.file_size:
                    raise _error(
                        "zip_bomb",
                        f"「{info.filename}」が申告より大きく展開されるため開けません。",
                        f"{info.filename!r} expands beyond its declared size, so it was not opened.",
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise _error(
            "zip_broken",
            f"zip 内の「{info.filename}」が壊れています。zip を作り直してください。",
            f"{info.filename!r} in the zip is damaged; create the zip again.",
        ) from error
    return b"".join(chunks)


def _dbf_encoding(dbf: bytes, cpg: bytes | None) -> str:
    if cpg:
        name = cpg.decode("ascii", "ignore").strip().lower()
        name = _CPG_ALIASES.get(name, "cp" + name[5:] if name.startswith("ansi ") else name)
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = ""  # an unknown .cpg is ignored; the bytes decide below
        if codec:
            return "cp932" if codec.startswith("shift_jis") else codec
    # Field names (11 bytes in each 32-byte descriptor) and the records are the DBF's only text.
    header_length = int.from_bytes(dbf[8:10], "little") if len(dbf) >= 32 else len(dbf)
    names = b"".join(dbf[at : at + 11] for at in range(32, header_length - 1, 32))
    try:
        return detect_encoding((names + dbf[header_length:]).replace(b"\x00", b""))
    except PreviewError:
        return "cp932"  # decoded with errors="replace" below


def _transformer(prj: bytes, layer: str) -> Callable[[list[Position]], list[Position]]:
    """A function taking positions in the .prj's CRS to EPSG:4326 (lon, lat)."""
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError, ProjError

    try:
        crs = CRS.from_user_input(prj.decode("utf-8-sig", "replace").strip())
        transformer = Transformer.from_crs(crs, CRS.from_epsg(4326), always_xy=True)
    except (CRSError, ProjError) as error:
        raise _error(
            "prj_invalid",
            f"「{layer}.prj」の座標系を読み取れません。GIS ソフトで座標系を設定して保存し直してください。",
            f"The coordinate system in {layer + '.prj'!r} cannot be read; set it in your GIS and save again.",
        ) from error

    def project(positions: list[Position]) -> list[Position]:
        xs, ys = transformer.transform([p[0] for p in positions], [p[1] for p in positions])
        projected = [[round(x, 7), round(y, 7)] for x, y in zip(xs, ys, strict=True)]
        if not all(math.isfinite(x) and math.isfinite(y) for x, y in projected):
            raise _error(
                "prj_mismatch",
                f"「{layer}」の座標を経緯度に変換できません。.prj の座標系がデータと合うか確認してください。",
                f"The coordinates of {layer!r} cannot be converted to latitude and longitude; "
                "check that the .prj matches the data.",
            )
        return projected

    return project


def _read_layer(
    name: str, files: dict[str, bytes], features: list[dict[str, Any]], budget: _Budget, *, tag: str | None
) -> dict[str, Any]:
    import shapefile

    encoding = _dbf_encoding(files[".dbf"], files.get(".cpg"))
    project = _transformer(files[".prj"], name)
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(files[".shp"]),
            shx=io.BytesIO(files[".shx"]),
            dbf=io.BytesIO(files[".dbf"]),
            encoding=encoding,
            encodingErrors="replace",
        )
        count = len(reader)
        budget.total_features += count
        for record in reader.iterShapeRecords():
            geometry = _shape_geometry(record.shape, budget, project)
            if not budget.take(_count_vertices(geometry)):
                break
            feature = {"type": "Feature", "geometry": geometry, "properties": _properties(record.record)}
            features.append(feature | ({"layer": tag} if tag else {}))
    except PreviewError:
        raise
    except (shapefile.ShapefileException, struct.error, ValueError, IndexError, EOFError) as error:
        raise _error(
            "shapefile_broken",
            f"シェープファイル「{name}」を読めません（{error}）。GIS ソフトで保存し直してください。",
            f"The shapefile {name!r} cannot be read ({error}); save it again from your GIS.",
        ) from error
    return {"name": name, "features": count, "encoding": encoding}


def _shape_geometry(shape: Any, budget: _Budget, project: Callable[[list[Position]], list[Position]]) -> Any:
    import shapefile

    if shape.shapeType == shapefile.NULL or not shape.points:  # a record without a geometry
        return None
    try:
        geometry = shape.__geo_interface__
    except shapefile.GeoJSON_Error:  # MultiPatch: 3D surfaces that GeoJSON cannot express
        if not budget.warnings:
            budget.warnings.append(_warning("unsupported_shape"))
        return None
    return _map_geometry(geometry, lambda positions: project(_thin(positions, budget.stride)))


def _properties(record: Any) -> dict[str, Any]:
    values = {}
    for key, value in record.as_dict().items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, float) and not math.isfinite(value):
            value = None
        elif isinstance(value, bytes):
            value = value.decode("latin-1")
        values[key] = value
    return values


def _thin(positions: list[Position], stride: int) -> list[Position]:
    """Every stride-th vertex and the last; a ring keeps at least four, a line at least two."""
    stride = min(stride, (len(positions) - 1) // 3)
    if stride <= 1:
        return [list(p) for p in positions]
    kept = [list(p) for p in positions[::stride]]
    if kept[-1] != list(positions[-1]):
        kept.append(list(positions[-1]))
    return kept


def _map_geometry(geometry: Any, lines: Callable[[list[Position]], list[Position]]) -> Any:
    """The geometry with each line or ring (each point too) passed through lines()."""
    kind = geometry["type"]
    if kind == "GeometryCollection":
        return {"type": kind, "geometries": [_map_geometry(g, lines) for g in geometry["geometries"]]}

    def walk(coordinates: Any, depth: int) -> Any:
        if depth == 0:
            return lines([coordinates])[0]
        if depth == 1:
            # The points of a MultiPoint are separate places, never thinned.
            return lines(coordinates) if kind != "MultiPoint" else [lines([p])[0] for p in coordinates]
        return [walk(part, depth - 1) for part in coordinates]

    return {"type": kind, "coordinates": walk(geometry["coordinates"], _DEPTH[kind])}


def _positions(obj: Any) -> Iterator[Position]:
    """Every position in a GeoJSON object (collection, feature or geometry)."""
    if not isinstance(obj, dict):
        return
    kind = obj.get("type")
    if kind == "FeatureCollection":
        for feature in obj["features"]:
            yield from _positions(feature)
    elif kind == "Feature":
        yield from _positions(obj.get("geometry"))
    elif kind == "GeometryCollection":
        for geometry in obj["geometries"]:
            yield from _positions(geometry)
    elif kind in _DEPTH:
        stack = [(obj["coordinates"], _DEPTH[kind])]
        while stack:
            coordinates, depth = stack.pop()
            if depth == 0:
                yield coordinates
            else:
                stack.extend((part, depth - 1) for part in reversed(coordinates))


def _count_vertices(obj: Any) -> int:
    return sum(1 for _ in _positions(obj))


def geojson_bounds(obj: Any) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of every position, in the order of GeoJSON's bbox; None if empty."""
    west = south = math.inf
    east = north = -math.inf
    for position in _positions(obj):
        west, east = min(west, position[0]), max(east, position[0])
        south, north = min(south, position[1]), max(north, position[1])
    return None if west == math.inf else (west, south, east, north)


def geojson_validate(data: bytes, *, max_bytes: int = MAX_GEOJSON_BYTES) -> dict[str, Any]:
    """The parsed GeoJSON object, with warnings about its coordinates in obj["preview"]["warnings"]."""
    if len(data) > max_bytes:
        limit = max_bytes // (1024 * 1024)
        raise _error(
            "too_large",
            f"GeoJSON が大きすぎます（上限 {limit} MB）。データを分けるか、頂点を減らしてください。",
            f"The GeoJSON is larger than {limit} MB; split it or simplify the shapes.",
        )
    try:
        obj = json.loads(data, parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as error:
        line = getattr(error, "lineno", "?")
        raise _error(
            "geojson_syntax",
            f"GeoJSON（JSON）として読めません（{line} 行目付近）。UTF-8 の正しい JSON で保存してください。",
            f"The file cannot be read as GeoJSON (near line {line}); save it as valid JSON in UTF-8.",
        ) from error
    _check_object(obj, "$", depth=0)
    obj["preview"] = {"warnings": _coordinate_warnings(obj)}
    return obj


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number in JSON")


def _invalid(path: str, ja: str, en: str) -> PreviewError:
    return _error(
        "geojson_invalid", f"GeoJSON の {path} が不正です：{ja}", f"GeoJSON {path} is invalid: {en}"
    )


def _check_object(obj: Any, path: str, *, depth: int) -> None:
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind == "FeatureCollection" and depth == 0:
        if not isinstance(obj.get("features"), list):
            raise _invalid(path, "features が配列ではありません。", "features is not an array.")
        for index, feature in enumerate(obj["features"]):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise _invalid(
                    f"{path}.features[{index}]", "Feature ではありません。", "it is not a Feature."
                )
            _check_object(feature, f"{path}.features[{index}]", depth=1)
    elif kind == "Feature" and depth <= 1:
        if obj.get("properties") is not None and not isinstance(obj["properties"], dict):
            raise _invalid(path, "properties がオブジェクトではありません。", "properties is not an object.")
        if obj.get("geometry") is not None:
            _check_object(obj["geometry"], f"{path}.geometry", depth=2)
    elif kind == "GeometryCollection" and depth < 6:
        if not isinstance(obj.get("geometries"), list):
            raise _invalid(path, "geometries が配列ではありません。", "geometries is not an array.")
        for index, geometry in enumerate(obj["geometries"]):
            _check_object(geometry, f"{path}.geometries[{index}]", depth=depth + 1)
    elif kind in _DEPTH:
        _check_coordinates(obj.get("coordinates"), _DEPTH[kind], f"{path}.coordinates")
    else:
        raise _invalid(
            path,
            f"type「{kind}」は GeoJSON の種類ではないか、この位置には置けません。",
            f"type {kind!r} is not a GeoJSON type or is not allowed here.",
        )


def _check_coordinates(coordinates: Any, depth: int, path: str) -> None:
    if depth == 0:
        numbers = isinstance(coordinates, list) and len(coordinates) >= 2
        if not numbers or not all(
            isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in coordinates
        ):
            raise _invalid(
                path, "座標は [経度, 緯度] の数値の配列にしてください。", "a position must be [lon, lat]."
            )
        return
    if not isinstance(coordinates, list):
        raise _invalid(path, "座標の配列の入れ子が型と合いません。", "the nesting does not match the type.")
    for index, part in enumerate(coordinates):
        _check_coordinates(part, depth - 1, f"{path}[{index}]")


def _coordinate_warnings(obj: Any) -> list[dict[str, str]]:
    """Projected (beyond ±360), swapped (|lon| ≤ 90 < |lat| ≤ 180) or merely out of range."""
    widest_lon = widest_lat = 0.0
    for lon, lat, *_ in _positions(obj):
        widest_lon, widest_lat = max(widest_lon, abs(lon)), max(widest_lat, abs(lat))
    if widest_lon <= 180 and widest_lat <= 90:
        return []
    if max(widest_lon, widest_lat) > 360:
        return [_warning("projected")]
    return [_warning("swapped" if widest_lon <= 90 and widest_lat <= 180 else "out_of_range")]


_WARNINGS = {
    "projected": (
        "座標が経緯度ではなく平面直角座標などの投影座標のようです。"
        "GeoJSON は経度・緯度（WGS84）で保存してください。",
        "The coordinates look projected (e.g. a plane rectangular system); GeoJSON must be longitude and "
        "latitude (WGS84).",
    ),
    "swapped": (
        "緯度と経度が入れ替わっているようです。GeoJSON の座標は [経度, 緯度] の順です。",
        "Latitude and longitude look swapped; GeoJSON positions are [longitude, latitude].",
    ),
    "out_of_range": (
        "経度 ±180・緯度 ±90 の範囲外の座標があります。",
        "Some positions are outside longitude ±180 and latitude ±90.",
    ),
    "unsupported_shape": (
        "地図に表示できない図形（マルチパッチ）は省きました。",
        "Shapes that a map cannot show (multipatches) were left out.",
    ),
}


def _warning(code: str) -> dict[str, str]:
    ja, en = _WARNINGS[code]
    return {"code": code, "ja": ja, "en": en}


def geojson_for_preview(
    obj: dict[str, Any], *, max_features: int = MAX_FEATURES, max_vertices: int = MAX_VERTICES
) -> dict[str, Any]:
    """A FeatureCollection of a validated GeoJSON object, thinned and truncated for the map."""
    kind = obj.get("type")
    bare = {key: value for key, value in obj.items() if key != "preview"}
    if kind == "FeatureCollection":
        source = obj["features"]
    elif kind == "Feature":
        source = [bare]
    else:
        source = [{"type": "Feature", "geometry": bare, "properties": {}}]
    total = _count_vertices(obj)
    budget = _Budget(max_features, max_vertices, stride=max(1, math.ceil(total / max_vertices)))
    budget.total_features = len(source)
    budget.warnings = list(obj.get("preview", {}).get("warnings", []))
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": []}
    for feature in source:
        geometry = feature.get("geometry")
        if geometry is not None:
            geometry = _map_geometry(geometry, lambda positions: _thin(positions, budget.stride))
        if not budget.take(_count_vertices(geometry)):
            break
        collection["features"].append({**feature, "geometry": geometry})
    return _finish(collection, budget, layers=[])


def _finish(collection: dict[str, Any], budget: _Budget, *, layers: list[dict[str, Any]]) -> dict[str, Any]:
    bounds = geojson_bounds(collection)
    if bounds is not None:
        collection["bbox"] = list(bounds)
    collection["preview"] = {
        "warnings": budget.warnings,
        "truncated": budget.truncated,
        "simplified": budget.stride > 1,
        "total_features": budget.total_features,
        "layers": layers,
    }
    return collection

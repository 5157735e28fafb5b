import io
import json
import subprocess
import sys
import zipfile

import pytest
import shapefile
from pyproj import CRS, Geod, Transformer
from pyproj.enums import WktVersion

from kencho.opendata.geo import (
    geojson_bounds,
    geojson_for_preview,
    geojson_validate,
    shapefile_zip_to_geojson,
)
from kencho.opendata.tabular import PreviewError

TSU_CITY_HALL = (136.50861, 34.73020)  # lon, lat (津市役所)
MIE_PREFECTURAL_OFFICE = (136.50859, 34.73028)
_GEOD = Geod(ellps="GRS80")


def _metres_apart(a, b):
    return _GEOD.inv(a[0], a[1], b[0], b[1])[2]


def _prj(epsg):
    return CRS.from_epsg(epsg).to_wkt(WktVersion.WKT1_ESRI)


def _plane_vi(lon, lat):
    return Transformer.from_crs(4326, 6674, always_xy=True).transform(lon, lat)


def _layer(*, shape_type=shapefile.POINT, fields=(("名称", "C", 50),), shapes=(), encoding="cp932"):
    """The .shp, .shx and .dbf of one layer; shapes are (geometry or None, record) pairs."""
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    writer = shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shape_type, encoding=encoding)
    for field in fields:
        writer.field(*field)
    for geometry, record in shapes:
        if geometry is None:
            writer.null()
        elif shape_type == shapefile.POINT:
            writer.point(*geometry)
        elif shape_type == shapefile.POLYLINE:
            writer.line([geometry])
        else:
            writer.poly([geometry])
        writer.record(*record)
    writer.close()
    return {".shp": shp.getvalue(), ".shx": shx.getvalue(), ".dbf": dbf.getvalue()}


def _zip(files, *, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _layer_files(name, layer, *, epsg=6674, cpg=None):
    files = {f"{name}{ext}": content for ext, content in layer.items()}
    files[f"{name}.prj"] = _prj(epsg)
    if cpg is not None:
        files[f"{name}.cpg"] = cpg
    return files


def _tsu_points():
    return _layer(
        fields=(("名称", "C", 50), ("種別", "C", 20)),
        shapes=[
            (_plane_vi(*TSU_CITY_HALL), ["津市役所", "市役所"]),
            (_plane_vi(*MIE_PREFECTURAL_OFFICE), ["三重県庁", "県庁"]),
        ],
    )


def test_plane_rectangular_vi_points_land_within_a_metre():
    x, y = _plane_vi(*TSU_CITY_HALL)
    # Sanity check on the fixture itself: CS VI's origin is 36°N 136°E, so Tsu is ~47 km east and
    # ~141 km south of it.
    assert 46_000 < x < 47_500 and -141_500 < y < -140_000

    collection = shapefile_zip_to_geojson(_zip(_layer_files("施設", _tsu_points())))

    assert collection["type"] == "FeatureCollection"
    city_hall, office = collection["features"]
    assert city_hall["properties"] == {"名称": "津市役所", "種別": "市役所"}
    assert _metres_apart(city_hall["geometry"]["coordinates"], TSU_CITY_HALL) < 1
    assert _metres_apart(office["geometry"]["coordinates"], MIE_PREFECTURAL_OFFICE) < 1
    assert "layer" not in city_hall
    west, south, east, north = collection["bbox"]
    assert 136.50 < west <= east < 136.51 and 34.72 < south <= north < 34.74
    assert collection["preview"]["layers"] == [{"name": "施設", "features": 2, "encoding": "cp932"}]
    assert collection["preview"]["truncated"] is False


def test_jgd2011_geographic_polygon_keeps_its_coordinates():
    ring = [(136.0, 34.0), (136.0, 35.0), (137.0, 35.0), (137.0, 34.0), (136.0, 34.0)]
    layer = _layer(shape_type=shapefile.POLYGON, shapes=[(ring, ["区域"])])

    collection = shapefile_zip_to_geojson(_zip(_layer_files("area", layer, epsg=6668)))

    geometry = collection["features"][0]["geometry"]
    assert geometry["type"] == "Polygon"
    for corner in geometry["coordinates"][0]:
        assert min(_metres_apart(corner, expected) for expected in ring) < 1


def test_shift_jis_attributes_without_cpg_are_decoded_as_cp932():
    layer = _layer(fields=(("施設名", "C", 50),), shapes=[((136.5, 34.7), ["髙田本山①"])])

    collection = shapefile_zip_to_geojson(_zip(_layer_files("shisetsu", layer, epsg=6668)))

    assert collection["features"][0]["properties"] == {"施設名": "髙田本山①"}


def test_utf8_attributes_without_cpg_are_decoded_as_utf8():
    layer = _layer(shapes=[((136.5, 34.7), ["伊勢神宮"])], encoding="utf-8")

    collection = shapefile_zip_to_geojson(_zip(_layer_files("jinja", layer, epsg=6668)))

    assert collection["features"][0]["properties"] == {"名称": "伊勢神宮"}
    assert collection["preview"]["layers"][0]["encoding"] == "utf-8"


@pytest.mark.parametrize("cpg", ["932", "ANSI 932", "SJIS", "Shift_JIS", "CP932"])
def test_cpg_file_decides_the_attribute_encoding(cpg):
    layer = _layer(shapes=[((136.5, 34.7), ["鈴鹿サーキット"])])

    collection = shapefile_zip_to_geojson(_zip(_layer_files("a", layer, epsg=6668, cpg=cpg)))

    assert collection["features"][0]["properties"] == {"名称": "鈴鹿サーキット"}
    assert collection["preview"]["layers"][0]["encoding"] == "cp932"


def test_records_without_a_shape_become_features_without_geometry():
    layer = _layer(
        fields=(("名称", "C", 20), ("人口", "N", 10, 0), ("調査日", "D")),
        shapes=[(None, ["不明", 0, "20240401"]), ((136.5, 34.7), ["津", 274537, "20240401"])],
    )

    collection = shapefile_zip_to_geojson(_zip(_layer_files("p", layer, epsg=6668)))

    empty, tsu = collection["features"]
    assert empty["geometry"] is None
    assert tsu["properties"] == {"名称": "津", "人口": 274537, "調査日": "2024-04-01"}
    json.dumps(collection)  # every value is JSON


def test_several_layers_go_into_one_collection_tagged_by_layer():
    line = _layer(
        shape_type=shapefile.POLYLINE,
        fields=(("LAYER", "C", 10),),
        shapes=[([_plane_vi(136.5, 34.7), _plane_vi(136.6, 34.8)], ["道路中心線"])],
    )
    files = {**_layer_files("data/stations", _tsu_points()), **_layer_files("data/roads", line)}

    collection = shapefile_zip_to_geojson(_zip(files))

    assert [feature["layer"] for feature in collection["features"]] == ["roads", "stations", "stations"]
    assert collection["features"][0]["properties"] == {"LAYER": "道路中心線"}
    assert [layer["name"] for layer in collection["preview"]["layers"]] == ["roads", "stations"]


def test_mac_resource_forks_and_metadata_are_ignored():
    files = _layer_files("施設", _tsu_points())
    files["__MACOSX/._施設.shp"] = b"\x00\x05\x16\x07"
    files["施設.shp.xml"] = "<metadata/>"

    assert len(shapefile_zip_to_geojson(_zip(files))["features"]) == 2


class _Cp932Name(zipfile.ZipInfo):
    def _encodeFilenameFlags(self):  # as Japanese Windows zip tools write names: CP932, no UTF-8 flag
        return self.filename.encode("cp932"), self.flag_bits


def test_cp932_member_names_from_japanese_windows_are_read_back():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in _layer_files("避難所", _tsu_points()).items():
            archive.writestr(_Cp932Name(name), content)
        archive.writestr(_Cp932Name("道路.shp"), b"")

    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(buffer.getvalue())

    assert "道路.shx" in error.value.message["ja"]


def test_cp932_named_layer_keeps_its_name():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in _layer_files("避難所", _tsu_points()).items():
            archive.writestr(_Cp932Name(name), content)

    collection = shapefile_zip_to_geojson(buffer.getvalue())

    assert collection["preview"]["layers"][0]["name"] == "避難所"


def test_backslash_folders_from_windows_are_folders():
    files = {
        name.replace("/", "\\"): content for name, content in _layer_files("data/a", _tsu_points()).items()
    }

    collection = shapefile_zip_to_geojson(_zip(files))

    assert collection["preview"]["layers"][0]["name"] == "a"


@pytest.mark.parametrize("missing", [".shx", ".dbf", ".prj"])
def test_missing_part_is_named(missing):
    files = _layer_files("roads", _tsu_points())
    del files[f"roads{missing}"]

    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(_zip(files))

    assert error.value.code == "missing_file"
    assert f"roads{missing}" in error.value.message["ja"]
    assert f"roads{missing}" in error.value.message["en"]


def test_zip_without_a_shp_names_it():
    files = _layer_files("roads", _tsu_points())
    del files["roads.shp"]

    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(_zip(files))

    assert error.value.code == "missing_file"
    assert "roads.shp" in error.value.message["en"]


def test_zip_bomb_is_refused_before_anything_is_expanded():
    files = _layer_files("a", _tsu_points())
    files["a.dbf"] = b"\x00" * (50 * 1024 * 1024)  # compresses about 1000 to 1

    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(_zip(files))

    assert error.value.code == "zip_bomb"
    assert "a.dbf" in error.value.message["en"]


def test_uncompressed_total_is_capped():
    data = _zip(_layer_files("a", _tsu_points()), compression=zipfile.ZIP_STORED)

    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(data, max_uncompressed=500)

    assert error.value.code == "zip_too_large"


def test_member_expanding_beyond_its_declared_size_is_refused():
    data = bytearray(_zip(_layer_files("a", _tsu_points()), compression=zipfile.ZIP_STORED))
    # Shrink the declared size of a.dbf in its central directory entry; zipfile then stops early
    # and the CRC no longer matches.
    entry = data.rindex(b"PK\x01\x02", 0, data.index(b"a.dbf", data.index(b"PK\x01\x02")) + 5)
    data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")

    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(bytes(data))

    assert error.value.code == "zip_broken"


@pytest.mark.parametrize("name", ["../a.shp", "/etc/a.shp", "..\\a.shp", "C:/a.shp"])
def test_names_pointing_outside_the_folder_are_refused(name):
    files = _layer_files("a", _tsu_points())
    files[name] = files.pop("a.shp")

    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(_zip(files))

    assert error.value.code == "zip_path"


def test_not_a_zip_is_refused():
    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(b"this is not a zip")

    assert error.value.code == "not_zip"
    assert error.value.message["ja"] and error.value.message["en"]


def test_unreadable_prj_is_refused():
    files = _layer_files("a", _tsu_points())
    files["a.prj"] = "this is not a coordinate system"

    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(_zip(files))

    assert error.value.code == "prj_invalid"
    assert "a.prj" in error.value.message["en"]


def test_truncated_shp_is_refused():
    files = _layer_files("a", _tsu_points())
    files["a.shp"] = files["a.shp"][:60]

    with pytest.raises(PreviewError) as error:
        shapefile_zip_to_geojson(_zip(files))

    assert error.value.code == "shapefile_broken"


def test_feature_cap_truncates_and_says_so():
    points = _layer(shapes=[((136.5 + n / 1000, 34.7), [f"点{n}"]) for n in range(30)])

    collection = shapefile_zip_to_geojson(_zip(_layer_files("p", points, epsg=6668)), max_features=10)

    assert len(collection["features"]) == 10
    assert collection["preview"]["truncated"] is True
    assert collection["preview"]["total_features"] == 30


def test_vertex_cap_thins_long_lines_and_keeps_their_ends():
    vertices = [(136.0 + n / 10_000, 34.7) for n in range(5_000)]
    line = _layer(shape_type=shapefile.POLYLINE, shapes=[(vertices, ["長い線"])])

    collection = shapefile_zip_to_geojson(_zip(_layer_files("l", line, epsg=6668)), max_vertices=1_000)

    coordinates = collection["features"][0]["geometry"]["coordinates"]
    assert collection["preview"]["simplified"] is True
    assert collection["preview"]["truncated"] is False
    assert 100 < len(coordinates) <= 1_000
    assert _metres_apart(coordinates[0], vertices[0]) < 1
    assert _metres_apart(coordinates[-1], vertices[-1]) < 1


def test_pyproj_is_not_imported_with_the_module():
    code = "import sys, kencho.opendata.geo; print('pyproj' in sys.modules, 'shapefile' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.split() == ["False", "False"]


def _feature(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def test_geojson_feature_collection_is_parsed_with_no_warnings():
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                _feature({"type": "Point", "coordinates": list(TSU_CITY_HALL)}, 名称="津市役所"),
                _feature({"type": "LineString", "coordinates": [[136.5, 34.7], [136.6, 34.8, 12.0]]}),
                _feature(None),
            ],
        },
        ensure_ascii=False,
    ).encode()

    parsed = geojson_validate(data)

    assert parsed["features"][0]["properties"] == {"名称": "津市役所"}
    assert parsed["preview"]["warnings"] == []
    assert geojson_bounds(parsed) == (136.5, 34.7, 136.6, 34.8)


@pytest.mark.parametrize(
    "obj",
    [
        _feature({"type": "Polygon", "coordinates": [[[136, 34], [137, 34], [137, 35], [136, 34]]]}),
        {"type": "MultiPoint", "coordinates": [[136, 34], [137, 35]]},
        {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [136, 34]}]},
    ],
)
def test_a_single_feature_or_geometry_is_accepted(obj):
    parsed = geojson_validate(json.dumps(obj).encode())

    bounds = geojson_bounds(parsed)
    assert bounds is not None and bounds[:2] == (136, 34)
    assert geojson_for_preview(parsed)["features"][0]["type"] == "Feature"


def test_projected_coordinates_are_warned_about():
    x, y = _plane_vi(*TSU_CITY_HALL)
    parsed = geojson_validate(json.dumps({"type": "Point", "coordinates": [x, y]}).encode())

    assert [warning["code"] for warning in parsed["preview"]["warnings"]] == ["projected"]
    assert "WGS84" in parsed["preview"]["warnings"][0]["en"]


def test_swapped_latitude_and_longitude_are_warned_about():
    lat_first = [TSU_CITY_HALL[1], TSU_CITY_HALL[0]]
    parsed = geojson_validate(json.dumps({"type": "Point", "coordinates": lat_first}).encode())

    assert [warning["code"] for warning in parsed["preview"]["warnings"]] == ["swapped"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"{not json", "geojson_syntax"),
        ('{"type": "Point", "coordinates": [136, 34], "name": "津"}'.encode("cp932"), "geojson_syntax"),
        (b'{"type": "Point", "coordinates": [NaN, 34]}', "geojson_syntax"),
        (b"[" * 100_000 + b"]" * 100_000, "geojson_syntax"),
        (b'{"type": "Topology"}', "geojson_invalid"),
        (b"[1, 2]", "geojson_invalid"),
        (b'{"type": "FeatureCollection", "features": {}}', "geojson_invalid"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Point", "coordinates": [1, 2]}]}',
            "geojson_invalid",
        ),
        (b'{"type": "Point", "coordinates": ["136", "34"]}', "geojson_invalid"),
        (b'{"type": "Polygon", "coordinates": [[136, 34]]}', "geojson_invalid"),
        (b'{"type": "Feature", "geometry": null, "properties": []}', "geojson_invalid"),
    ],
)
def test_invalid_geojson_is_refused_in_both_languages(data, code):
    with pytest.raises(PreviewError) as error:
        geojson_validate(data)

    assert error.value.code == code
    assert error.value.message["ja"] and error.value.message["en"]


def test_error_names_where_the_problem_is():
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                _feature({"type": "Point", "coordinates": [1, 2]}),
                _feature({"type": "Point", "coordinates": [1]}),
            ],
        }
    ).encode()

    with pytest.raises(PreviewError) as error:
        geojson_validate(data)

    assert "$.features[1].geometry.coordinates" in error.value.message["en"]


def test_oversized_geojson_is_refused():
    with pytest.raises(PreviewError) as error:
        geojson_validate(b'{"type": "Point", "coordinates": [136, 34]}', max_bytes=10)

    assert error.value.code == "too_large"


def test_preview_of_geojson_is_capped_with_flags():
    features = [_feature({"type": "Point", "coordinates": [136 + n / 100, 34]}, n=n) for n in range(50)]
    ring = [[136 + n / 10_000, 34 + (n % 2) / 100] for n in range(4_000)] + [[136, 34]]
    features.insert(0, _feature({"type": "Polygon", "coordinates": [ring]}, 名称="区域"))
    parsed = geojson_validate(json.dumps({"type": "FeatureCollection", "features": features}).encode())

    preview = geojson_for_preview(parsed, max_features=20, max_vertices=1_000)

    assert len(preview["features"]) == 20
    assert preview["preview"]["truncated"] is True
    assert preview["preview"]["simplified"] is True
    assert preview["preview"]["total_features"] == 51
    kept_ring = preview["features"][0]["geometry"]["coordinates"][0]
    assert len(kept_ring) < 1_000 and kept_ring[0] == kept_ring[-1] == [136, 34]
    assert preview["features"][0]["properties"] == {"名称": "区域"}
    assert preview["bbox"][0] == 136
    assert parsed["features"][0]["geometry"]["coordinates"][0] == ring  # the input is left as it was


def test_bounds_of_nothing_is_none():
    assert geojson_bounds({"type": "FeatureCollection", "features": []}) is None
    assert geojson_bounds(_feature(None)) is None

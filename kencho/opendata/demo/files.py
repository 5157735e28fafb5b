"""Files for the demo catalogue, made when the demo is loaded: the shapefile is written with pyshp in
JGD2011 / 平面直角座標系 第VI系 (EPSG:6674, the system Mie's GIS data uses) so the map preview shows
the projection being handled, and the CSVs come in the encodings municipalities really publish."""

from __future__ import annotations

import csv
import io
import zipfile

# 津市 coast near 津なぎさまち, in longitude/latitude; converted to EPSG:6674 metres below.
_INUNDATION_AREAS = [
    ("0.3m未満", [(136.520, 34.705), (136.540, 34.705), (136.545, 34.725), (136.525, 34.728)]),
    ("0.3m以上1.0m未満", [(136.525, 34.728), (136.545, 34.725), (136.550, 34.745), (136.530, 34.748)]),
    ("1.0m以上2.0m未満", [(136.530, 34.748), (136.550, 34.745), (136.555, 34.765), (136.535, 34.768)]),
]


def tsunami_shapefile_zip() -> bytes:
    import shapefile
    from pyproj import CRS, Transformer
    from pyproj.enums import WktVersion

    to_plane = Transformer.from_crs("EPSG:4326", "EPSG:6674", always_xy=True)
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON, encoding="cp932") as writer:
        writer.field("SHINSUI", "C", size=40)
        writer.field("CITY", "C", size=20)
        for depth, ring in _INUNDATION_AREAS:
            points = [list(to_plane.transform(lon, lat)) for lon, lat in [*ring, ring[0]]]
            writer.poly([list(reversed(points))])
            writer.record(depth, "津市")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("tsunami_shinsui.shp", shp.getvalue())
        bundle.writestr("tsunami_shinsui.shx", shx.getvalue())
        bundle.writestr("tsunami_shinsui.dbf", dbf.getvalue())
        bundle.writestr("tsunami_shinsui.prj", CRS.from_epsg(6674).to_wkt(WktVersion.WKT1_ESRI))
        bundle.writestr("tsunami_shinsui.cpg", "CP932")
    return archive.getvalue()


def _csv(rows: list[list[str]], *, encoding: str) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def support_schemes_csv() -> bytes:
    """中小企業向け支援制度一覧 in Shift_JIS (CP932), as many prefectures still publish it."""
    office = ["中小企業・サービス産業振興課", "059-224-2447"]
    schemes = [
        ["みえ中小企業DX推進補助金", "補助金", "県内中小企業", "1000000", "1/2"],
        ["事業承継支援資金", "融資", "県内中小企業", "50000000", ""],
        ["創業・第二創業支援補助金", "補助金", "創業予定者", "2000000", "2/3"],
        ["販路開拓支援事業", "補助金", "小規模事業者", "500000", "2/3"],
        ["省エネ設備導入支援補助金", "補助金", "県内中小企業", "3000000", "1/3"],
    ]
    header = ["制度名", "区分", "対象", "上限額（円）", "補助率", "担当課", "電話番号"]
    return _csv([header, *(scheme + office for scheme in schemes)], encoding="cp932")


def aed_csv() -> bytes:
    """AED設置箇所一覧 in the current 自治体標準オープンデータセット layout, UTF-8 with BOM."""
    header = [
        "全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "所在地_連結表記",
        "緯度", "経度", "設置位置", "電話番号", "利用可能曜日", "開始時間", "終了時間", "小児対応設備の有無",
    ]  # fmt: skip
    city = ["242012"]
    weekdays = ["月火水木金", "08:30", "17:15"]
    rows = [
        [*city, "0001", "三重県津市", "津市役所本庁舎", "ツシヤクショホンチョウシャ",
         "三重県津市西丸之内23-1", "34.7187", "136.5056", "1階 正面玄関ロビー", "059-229-3111",
         *weekdays, "有"],
        [*city, "0002", "三重県津市", "津市久居総合支所", "ツシヒサイソウゴウシショ",
         "三重県津市久居東鷹跡町246", "34.6756", "136.4697", "1階 市民課前", "059-255-8804", *weekdays, "有"],
        [*city, "0003", "三重県津市", "三重県総合文化センター", "ミエケンソウゴウブンカセンター",
         "三重県津市一身田上津部田1234", "34.7418", "136.5047", "総合案内横", "059-233-1111",
         "月火水木金土日", "09:00", "22:00", "無"],
    ]  # fmt: skip
    return b"\xef\xbb\xbf" + _csv([header, *rows], encoding="utf-8")


def population_csv() -> bytes:
    """Monthly population estimates, for the chart preview."""
    rows = [["年月", "総人口", "男", "女", "世帯数"]]
    population = 1_742_174
    for month in range(1, 13):
        population -= 900 + (month * 37) % 400
        men, women = population * 487 // 1000, population * 513 // 1000
        rows.append([f"2024-{month:02d}", str(population), str(men), str(women), str(760_000 + month * 310)])
    return _csv(rows, encoding="utf-8")

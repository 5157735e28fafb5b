"""DCAT output read back the way a harvester reads it: serialised, parsed with a fresh rdflib graph."""

import copy
import json
import subprocess
import sys
from typing import Any

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node

from kencho.opendata.dcat import CatalogInfo, catalog_graph, dataset_graph, page_url, serialize

BASE = "https://opendata.pref.example.lg.jp"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")

TSUNAMI_ID = "7c1e4a52-3f0b-4d8e-9a61-2b5d0c9e8f10"
SHAPEFILE_ID = "0f6b2d1a-8c3e-4b57-a9d2-6e1f4c7b3a58"
MAP_PDF_ID = "5a9e3c7d-1b2f-4e86-b0c4-8d7a2f6e9b13"
FACILITIES_ID = "c2d8f4e6-9a1b-4c3d-8e5f-7a6b5c4d3e2f"
FACILITIES_CSV_ID = "e4b7a1c9-2d6f-4a3e-9c8b-1f5d7e2a6c40"
SHAPEFILE_SHA256 = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"
CSV_SHA256 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
PDL = "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"

MIE_OUTLINE: dict[str, Any] = {
    "type": "Polygon",
    "coordinates": [[[135.85, 33.72], [136.99, 33.72], [136.99, 35.26], [135.85, 35.26], [135.85, 33.72]]],
}

BOUSAI: dict[str, Any] = {
    "id": "3b0a6f2e-5d4c-4e1b-8a9f-0c7d6e5b4a31",
    "name": "bosai-taisaku-bu",
    "title": "三重県 防災対策部",
    "description": "防災・減災に関するデータを公開しています。",
    "image_url": "",
}

TSUNAMI: dict[str, Any] = {
    "id": TSUNAMI_ID,
    "name": "tsunami-shinsui-soutei",
    "title": "津波浸水想定区域",
    "title_en": "Tsunami inundation forecast areas",
    "notes": "三重県沿岸における最大クラスの津波による浸水想定区域（令和7年公表）。",
    "notes_en": "Areas forecast to be flooded by the largest class of tsunami on the Mie coast.",
    "url": "",
    "version": "2025.1",
    "author": "",
    "author_email": "",
    "maintainer": "防災対策部 防災企画・地域支援課",
    "maintainer_email": "bosai@pref.example.lg.jp",
    "license_id": "cc-by-4.0",
    "license_title": "クリエイティブ・コモンズ 表示 4.0 国際",
    "license_url": CC_BY,
    "owner_org": BOUSAI["id"],
    "organization": BOUSAI,
    "groups": [
        {
            "id": "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6",
            "name": "bosai",
            "title": "防災",
            "display_name": "防災",
            "description": "",
        }
    ],
    "tags": [
        {"id": "t1", "name": "津波", "display_name": "津波"},
        {"id": "t2", "name": "浸水想定", "display_name": "浸水想定"},
        {"id": "t3", "name": "GIS", "display_name": "GIS"},
    ],
    "extras": [
        {"key": "conforms_to", "value": '["https://www.mlit.go.jp/river/shishin_guideline/"]'},
        {"key": "alternate_identifier", "value": "MIE-BOUSAI-0012"},
        {"key": "internal_note", "value": "https://intranet.example/secret"},
    ],
    "resources": [
        {
            "id": SHAPEFILE_ID,
            "package_id": TSUNAMI_ID,
            "name": "浸水想定区域（シェープファイル）",
            "description": "JGD2011 平面直角座標系第VI系。",
            "format": "SHP",
            "url": f"{BASE}/dataset/{TSUNAMI_ID}/resource/{SHAPEFILE_ID}/download/tsunami.zip",
            "url_type": "upload",
            "mimetype": "application/zip",
            "size": 48213377,
            "hash": SHAPEFILE_SHA256,
            "created": "2025-03-28T01:15:00.000000",
            "last_modified": "2025-03-28T01:20:30.500000",
            "metadata_modified": "2025-03-28T01:21:00.000000",
            "position": 0,
        },
        {
            "id": MAP_PDF_ID,
            "package_id": TSUNAMI_ID,
            "name": "浸水想定図（PDF）",
            "description": "",
            "format": "PDF",
            "url": "https://www.pref.example.lg.jp/bosai/tsunami-map.pdf",
            "url_type": None,
            "mimetype": None,
            "size": None,
            "hash": "",
            "created": "2025-03-28T01:16:00.000000",
            "last_modified": None,
            "metadata_modified": "2025-03-28T01:16:00.000000",
            "position": 1,
        },
    ],
    "num_resources": 2,
    "num_tags": 3,
    "metadata_created": "2025-03-28T01:10:00.123456",
    "metadata_modified": "2025-04-01T09:30:00.123456",
    "state": "active",
    "private": False,
    "type": "dataset",
    "frequency": "irregular",
    "spatial": "三重県",
    "spatial_geojson": MIE_OUTLINE,
    "temporal_start": "2025-03-01",
    "temporal_end": "2030-03-31",
    "landing_page": f"{BASE}/dataset/tsunami-shinsui-soutei",
}

FACILITIES: dict[str, Any] = {
    "id": FACILITIES_ID,
    "name": "koukyou-shisetsu-ichiran",
    "title": "公共施設一覧",
    "title_en": "",
    "notes": "県有施設の名称、所在地、緯度経度、電話番号（推奨データセット準拠）。",
    "notes_en": "",
    "url": "https://www.pref.example.lg.jp/soumu/shisetsu.html",
    "version": "",
    "author": "総務部 管財課",
    "author_email": "kanzai@pref.example.lg.jp",
    "maintainer": "",
    "maintainer_email": "",
    "license_id": "pdl-1.0",
    "license_title": "公共データ利用規約 第1.0版 (PDL1.0)",
    "license_url": PDL,
    "owner_org": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
    "organization": {
        "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        "name": "soumu-bu",
        "title": "三重県 総務部",
        "description": "",
        "image_url": "",
    },
    "groups": [],
    "tags": [{"id": "t4", "name": "公共施設", "display_name": "公共施設"}],
    "extras": [{"key": "version_notes", "value": "令和7年4月1日時点"}],
    "resources": [
        {
            "id": FACILITIES_CSV_ID,
            "package_id": FACILITIES_ID,
            "name": "公共施設一覧（CSV）",
            "description": "文字コード UTF-8（BOM付き）",
            "format": "CSV",
            "url": f"{BASE}/dataset/{FACILITIES_ID}/resource/{FACILITIES_CSV_ID}/download/shisetsu.csv",
            "url_type": "upload",
            "mimetype": "text/csv",
            "size": "20480",
            "hash": CSV_SHA256,
            "created": "2025-04-01T00:00:00",
            "last_modified": "2025-04-01T00:05:00",
            "metadata_modified": "2025-04-01T00:05:00",
            "position": 0,
        }
    ],
    "num_resources": 1,
    "num_tags": 1,
    "metadata_created": "2024-06-01T02:00:00.000001",
    "metadata_modified": "2025-04-01T00:05:00.000001",
    "state": "active",
    "private": False,
    "type": "dataset",
    "frequency": "monthly",
    "spatial": "三重県",
    "spatial_geojson": None,
    "temporal_start": "",
    "temporal_end": "",
    "landing_page": f"{BASE}/dataset/koukyou-shisetsu-ichiran",
}

BARE: dict[str, Any] = {
    "id": "00000000-0000-4000-8000-000000000001",
    "name": "bare",
    "title": "議会会議録",
    "notes": "",
    "organization": None,
    "groups": [],
    "tags": [],
    "extras": [],
    "resources": [],
    "frequency": "",
    "spatial": "",
    "spatial_geojson": None,
    "temporal_start": "",
    "temporal_end": "",
    "landing_page": "",
    "license_url": "",
    "metadata_created": "2025-01-01T00:00:00",
    "metadata_modified": "2025-01-01T00:00:00",
}

CATALOG = CatalogInfo(
    title_ja="三重県オープンデータカタログ",
    title_en="Mie Prefecture Open Data Catalogue",
    description_ja="三重県が公開するオープンデータの一覧です。",
    description_en="Open data published by Mie Prefecture.",
    publisher_name="三重県",
    homepage=f"{BASE}/",
    language="ja",
    license_url=CC_BY,
)

FORMATS = ["jsonld", "ttl", "rdf"]
RDFLIB_FORMATS = {"jsonld": "json-ld", "ttl": "turtle", "rdf": "xml"}


def read_back(graph: Graph, fmt: str) -> Graph:
    data, _ = serialize(graph, fmt)
    return Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])


def dataset_uri(package_id: str) -> URIRef:
    return URIRef(f"{BASE}/dataset/{package_id}")


def distribution_uri(package_id: str, resource_id: str) -> URIRef:
    return URIRef(f"{BASE}/dataset/{package_id}/resource/{resource_id}")


def number(graph: Graph, subject: Node, predicate: URIRef) -> int:
    value = graph.value(subject, predicate)
    assert isinstance(value, Literal)
    return int(value.toPython())


def catalog(
    *, page: int = 1, per_page: int = 2, total: int = 2, modified_since: str | None = None, fmt="ttl"
):
    return catalog_graph(
        catalog=CATALOG,
        packages=[TSUNAMI, FACILITIES],
        base_url=BASE + "/",
        fmt=fmt,
        page=page,
        per_page=per_page,
        total=total,
        modified_since=modified_since,
    )


@pytest.fixture(params=FORMATS)
def tsunami(request) -> Graph:
    """The tsunami dataset as a harvester sees it after parsing each of the three serialisations."""
    return read_back(dataset_graph(TSUNAMI, base_url=BASE), request.param)


def whole_decimals(graph: Graph) -> Graph:
    """Turtle writes the byte size 20480 as ``20480.0``: the same xsd:decimal, another spelling."""
    result = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(int(o.toPython()), datatype=XSD.decimal)
        result.add((s, p, o))
    return result


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_parses_back_to_the_same_graph(fmt):
    original = catalog(page=1, per_page=1, total=2, modified_since="2025-04-01T00:00:00", fmt=fmt)

    assert isomorphic(whole_decimals(read_back(original, fmt)), whole_decimals(original))


def test_dataset_uri_and_identifier_come_from_the_ckan_id(tsunami):
    dataset = dataset_uri(TSUNAMI_ID)

    assert (dataset, RDF.type, DCAT.Dataset) in tsunami
    assert tsunami.value(dataset, DCT.identifier) == Literal(TSUNAMI_ID)
    assert tsunami.value(dataset, DCAT.landingPage) == URIRef(TSUNAMI["landing_page"])
    assert tsunami.value(dataset, OWL.versionInfo) == Literal("2025.1")


def test_titles_and_descriptions_carry_japanese_and_english_language_tags(tsunami):
    dataset = dataset_uri(TSUNAMI_ID)

    assert set(tsunami.objects(dataset, DCT.title)) == {
        Literal("津波浸水想定区域", lang="ja"),
        Literal("Tsunami inundation forecast areas", lang="en"),
    }
    assert Literal(TSUNAMI["notes"], lang="ja") in set(tsunami.objects(dataset, DCT.description))
    assert Literal(TSUNAMI["notes_en"], lang="en") in set(tsunami.objects(dataset, DCT.description))


def test_dataset_without_english_title_has_only_the_japanese_one():
    graph = read_back(dataset_graph(FACILITIES, base_url=BASE), "ttl")

    assert list(graph.objects(dataset_uri(FACILITIES_ID), DCT.title)) == [Literal("公共施設一覧", lang="ja")]


def test_tags_become_keywords_and_groups_become_themes(tsunami):
    dataset = dataset_uri(TSUNAMI_ID)
    theme = URIRef(f"{BASE}/group/bosai")

    assert set(tsunami.objects(dataset, DCAT.keyword)) == {
        Literal("津波", lang="ja"),
        Literal("浸水想定", lang="ja"),
        Literal("GIS", lang="ja"),
    }
    assert list(tsunami.objects(dataset, DCAT.theme)) == [theme]
    assert tsunami.value(theme, SKOS.prefLabel) == Literal("防災", lang="ja")


def test_publisher_is_the_owning_organisation(tsunami):
    publisher = tsunami.value(dataset_uri(TSUNAMI_ID), DCT.publisher)

    assert publisher == URIRef(f"{BASE}/organization/{BOUSAI['id']}")
    assert (publisher, RDF.type, FOAF.Organization) in tsunami
    assert tsunami.value(publisher, FOAF.name) == Literal("三重県 防災対策部", lang="ja")


def test_contact_point_names_the_maintainer_with_a_mailto_address(tsunami):
    contact = tsunami.value(dataset_uri(TSUNAMI_ID), DCAT.contactPoint)

    assert (contact, RDF.type, VCARD.Organization) in tsunami
    assert tsunami.value(contact, VCARD.fn) == Literal("防災対策部 防災企画・地域支援課", lang="ja")
    assert tsunami.value(contact, VCARD.hasEmail) == URIRef("mailto:bosai@pref.example.lg.jp")


def test_contact_point_falls_back_to_the_author():
    graph = read_back(dataset_graph(FACILITIES, base_url=BASE), "ttl")
    contact = graph.value(dataset_uri(FACILITIES_ID), DCAT.contactPoint)

    assert graph.value(contact, VCARD.fn) == Literal("総務部 管財課", lang="ja")
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:kanzai@pref.example.lg.jp")


def test_contact_point_without_a_name_is_named_after_the_organisation():
    package = {**FACILITIES, "author": "", "maintainer_email": "soumu@pref.example.lg.jp"}

    graph = read_back(dataset_graph(package, base_url=BASE), "ttl")
    contact = graph.value(dataset_uri(FACILITIES_ID), DCAT.contactPoint)

    assert graph.value(contact, VCARD.fn) == Literal("三重県 総務部", lang="ja")
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:soumu@pref.example.lg.jp")


def test_licence_applies_to_the_dataset_and_each_distribution():
    graph = read_back(dataset_graph(FACILITIES, base_url=BASE), "rdf")

    assert graph.value(dataset_uri(FACILITIES_ID), DCT.license) == URIRef(PDL)
    assert graph.value(distribution_uri(FACILITIES_ID, FACILITIES_CSV_ID), DCT.license) == URIRef(PDL)
    assert graph.value(URIRef(PDL), DCT.title) == Literal("公共データ利用規約 第1.0版 (PDL1.0)")


def test_dates_are_utc_date_times(tsunami):
    dataset = dataset_uri(TSUNAMI_ID)

    issued = tsunami.value(dataset, DCT.issued)
    assert issued.datatype == XSD.dateTime
    assert str(issued) == "2025-03-28T01:10:00.123456+00:00"
    assert str(tsunami.value(dataset, DCT.modified)) == "2025-04-01T09:30:00.123456+00:00"


@pytest.mark.parametrize(
    ("frequency", "code"),
    [
        ("irregular", "IRREG"),
        ("daily", "DAILY"),
        ("weekly", "WEEKLY"),
        ("monthly", "MONTHLY"),
        ("quarterly", "QUARTERLY"),
        ("semiannual", "ANNUAL_2"),
        ("annual", "ANNUAL"),
        ("continuous", "UPDATE_CONT"),
    ],
)
def test_frequency_maps_to_the_eu_frequency_vocabulary(frequency, code):
    package = {**FACILITIES, "frequency": frequency}

    graph = read_back(dataset_graph(package, base_url=BASE), "ttl")

    assert graph.value(dataset_uri(FACILITIES_ID), DCT.accrualPeriodicity) == FREQUENCY[code]


def test_unknown_frequency_is_refused():
    with pytest.raises(ValueError, match="fortnightly"):
        dataset_graph({**FACILITIES, "frequency": "fortnightly"}, base_url=BASE)


def test_spatial_has_a_label_and_a_geojson_geometry(tsunami):
    location = tsunami.value(dataset_uri(TSUNAMI_ID), DCT.spatial)
    geometry = tsunami.value(location, LOCN.geometry)

    assert (location, RDF.type, DCT.Location) in tsunami
    assert tsunami.value(location, SKOS.prefLabel) == Literal("三重県", lang="ja")
    assert geometry.datatype == GSP.geoJSONLiteral
    assert json.loads(str(geometry)) == MIE_OUTLINE


def test_spatial_without_geometry_has_only_the_label():
    graph = read_back(dataset_graph(FACILITIES, base_url=BASE), "ttl")
    location = graph.value(dataset_uri(FACILITIES_ID), DCT.spatial)

    assert graph.value(location, SKOS.prefLabel) == Literal("三重県", lang="ja")
    assert graph.value(location, LOCN.geometry) is None


def test_temporal_coverage_is_a_period_with_start_and_end_dates(tsunami):
    period = tsunami.value(dataset_uri(TSUNAMI_ID), DCT.temporal)

    assert (period, RDF.type, DCT.PeriodOfTime) in tsunami
    assert tsunami.value(period, DCAT.startDate) == Literal("2025-03-01", datatype=XSD.date)
    assert tsunami.value(period, DCAT.endDate) == Literal("2030-03-31", datatype=XSD.date)


def test_each_resource_is_a_distribution_with_its_page_and_file(tsunami):
    dataset = dataset_uri(TSUNAMI_ID)
    shapefile = distribution_uri(TSUNAMI_ID, SHAPEFILE_ID)

    assert set(tsunami.objects(dataset, DCAT.distribution)) == {
        shapefile,
        distribution_uri(TSUNAMI_ID, MAP_PDF_ID),
    }
    assert (shapefile, RDF.type, DCAT.Distribution) in tsunami
    assert tsunami.value(shapefile, DCT.title) == Literal("浸水想定区域（シェープファイル）", lang="ja")
    assert tsunami.value(shapefile, DCT.description) == Literal("JGD2011 平面直角座標系第VI系。", lang="ja")
    assert tsunami.value(shapefile, DCAT.accessURL) == shapefile
    assert tsunami.value(shapefile, DCAT.downloadURL) == URIRef(TSUNAMI["resources"][0]["url"])
    assert tsunami.value(shapefile, DCT["format"]) == Literal("SHP")
    assert tsunami.value(shapefile, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/zip"
    )
    assert str(tsunami.value(shapefile, DCT.issued)) == "2025-03-28T01:15:00+00:00"
    assert str(tsunami.value(shapefile, DCT.modified)) == "2025-03-28T01:20:30.500000+00:00"


def test_distribution_has_byte_size_and_sha256_checksum(tsunami):
    shapefile = distribution_uri(TSUNAMI_ID, SHAPEFILE_ID)
    checksum = tsunami.value(shapefile, SPDX.checksum)
    size = tsunami.value(shapefile, DCAT.byteSize)

    assert isinstance(size, Literal)
    assert size.datatype == XSD.decimal
    assert number(tsunami, shapefile, DCAT.byteSize) == 48213377
    assert (checksum, RDF.type, SPDX.Checksum) in tsunami
    assert tsunami.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    value = tsunami.value(checksum, SPDX.checksumValue)
    assert value.datatype == XSD.hexBinary
    assert str(value) == SHAPEFILE_SHA256.lower()


def test_distribution_without_size_hash_or_mimetype_leaves_them_out(tsunami):
    pdf = distribution_uri(TSUNAMI_ID, MAP_PDF_ID)

    assert tsunami.value(pdf, DCAT.byteSize) is None
    assert tsunami.value(pdf, SPDX.checksum) is None
    assert tsunami.value(pdf, DCAT.mediaType) is None
    assert tsunami.value(pdf, DCT["format"]) == Literal("PDF")
    assert tsunami.value(pdf, DCT.modified) is not None  # falls back to metadata_modified


def test_size_given_as_text_is_still_a_number():
    graph = read_back(dataset_graph(FACILITIES, base_url=BASE), "jsonld")
    csv = distribution_uri(FACILITIES_ID, FACILITIES_CSV_ID)

    assert number(graph, csv, DCAT.byteSize) == 20480
    assert graph.value(csv, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/csv")


def test_standard_extras_are_mapped_and_others_left_out(tsunami):
    dataset = dataset_uri(TSUNAMI_ID)
    identifier = tsunami.value(dataset, ADMS.identifier)

    assert list(tsunami.objects(dataset, DCT.conformsTo)) == [
        URIRef("https://www.mlit.go.jp/river/shishin_guideline/")
    ]
    assert tsunami.value(identifier, SKOS.notation) == Literal("MIE-BOUSAI-0012")
    assert not any("intranet" in str(term) for triple in tsunami for term in triple)


def test_dataset_with_only_the_essentials_is_still_valid():
    graph = read_back(dataset_graph(BARE, base_url=BASE), "ttl")
    dataset = dataset_uri(BARE["id"])

    assert graph.value(dataset, DCT.title) == Literal("議会会議録", lang="ja")
    for predicate in (
        DCT.description,
        DCT.accrualPeriodicity,
        DCT.publisher,
        DCAT.contactPoint,
        DCT.spatial,
        DCT.temporal,
        DCT.license,
        DCAT.landingPage,
        DCAT.distribution,
    ):
        assert graph.value(dataset, predicate) is None, predicate


def test_package_dict_is_not_modified():
    before = copy.deepcopy(TSUNAMI)

    dataset_graph(TSUNAMI, base_url=BASE)

    assert before == TSUNAMI


def test_catalog_describes_itself_in_japanese_and_english_and_lists_its_datasets():
    graph = read_back(catalog(), "ttl")
    root = URIRef(BASE)

    assert (root, RDF.type, DCAT.Catalog) in graph
    assert set(graph.objects(root, DCT.title)) == {
        Literal("三重県オープンデータカタログ", lang="ja"),
        Literal("Mie Prefecture Open Data Catalogue", lang="en"),
    }
    assert Literal("Open data published by Mie Prefecture.", lang="en") in set(
        graph.objects(root, DCT.description)
    )
    assert graph.value(root, FOAF.homepage) == URIRef(f"{BASE}/")
    assert graph.value(root, DCT.language) == URIRef(
        "http://publications.europa.eu/resource/authority/language/JPN"
    )
    assert graph.value(root, DCT.license) == URIRef(CC_BY)
    publisher = graph.value(root, DCT.publisher)
    assert isinstance(publisher, BNode)
    assert graph.value(publisher, FOAF.name) == Literal("三重県", lang="ja")
    assert set(graph.objects(root, DCAT.dataset)) == {dataset_uri(TSUNAMI_ID), dataset_uri(FACILITIES_ID)}
    assert (dataset_uri(FACILITIES_ID), RDF.type, DCAT.Dataset) in graph


def paging(graph: Graph) -> dict[str, Any]:
    """The Hydra links of the one paged collection, by deprecated name and checked against the new one."""
    (collection,) = graph.subjects(RDF.type, HYDRA.PagedCollection)
    links: dict[str, Any] = {}
    for name in ("first", "last", "next", "previous"):
        old, new = graph.value(collection, HYDRA[f"{name}Page"]), graph.value(collection, HYDRA[name])
        assert old == new
        if old is not None:
            links[name] = str(old)
    links["self"] = str(collection)
    links["total"] = number(graph, collection, HYDRA.totalItems)
    links["per_page"] = number(graph, collection, HYDRA.itemsPerPage)
    return links


def test_first_page_links_to_next_and_last_but_not_previous():
    links = paging(read_back(catalog(page=1, per_page=2, total=5), "ttl"))

    assert links == {
        "self": f"{BASE}/catalog.ttl?page=1",
        "first": f"{BASE}/catalog.ttl?page=1",
        "last": f"{BASE}/catalog.ttl?page=3",
        "next": f"{BASE}/catalog.ttl?page=2",
        "total": 5,
        "per_page": 2,
    }


def test_middle_page_links_both_ways():
    links = paging(read_back(catalog(page=2, per_page=2, total=5, fmt="jsonld"), "jsonld"))

    assert links["self"] == f"{BASE}/catalog.jsonld?page=2"
    assert links["previous"] == f"{BASE}/catalog.jsonld?page=1"
    assert links["next"] == f"{BASE}/catalog.jsonld?page=3"
    assert links["last"] == f"{BASE}/catalog.jsonld?page=3"


def test_last_page_has_no_next():
    links = paging(read_back(catalog(page=3, per_page=2, total=6, fmt="rdf"), "rdf"))

    assert "next" not in links
    assert links["previous"] == f"{BASE}/catalog.rdf?page=2"
    assert links["last"] == links["self"] == f"{BASE}/catalog.rdf?page=3"


def test_single_page_is_its_own_first_and_last():
    links = paging(read_back(catalog(page=1, per_page=100, total=2), "ttl"))

    assert links["first"] == links["last"] == links["self"]
    assert "next" not in links
    assert "previous" not in links


def test_empty_catalogue_still_has_one_page():
    links = paging(read_back(catalog(page=1, per_page=100, total=0), "ttl"))

    assert links["last"] == f"{BASE}/catalog.ttl?page=1"
    assert links["total"] == 0


def test_page_beyond_the_last_points_back_to_the_last():
    links = paging(read_back(catalog(page=9, per_page=2, total=5), "ttl"))

    assert links["previous"] == f"{BASE}/catalog.ttl?page=3"
    assert "next" not in links


def test_modified_since_is_carried_in_every_link():
    since = "2025-04-01T00:00:00+09:00"

    links = paging(read_back(catalog(page=2, per_page=1, total=3, modified_since=since), "ttl"))

    for name in ("self", "first", "last", "next", "previous"):
        assert links[name].endswith("&modified_since=2025-04-01T00:00:00%2B09:00"), name


def test_page_url():
    assert page_url(BASE + "/", "rdf", 4, None) == f"{BASE}/catalog.rdf?page=4"
    assert page_url(BASE, "ttl", 1, "2025-04-01") == f"{BASE}/catalog.ttl?page=1&modified_since=2025-04-01"


@pytest.mark.parametrize(("page", "per_page"), [(0, 10), (1, 0)])
def test_catalog_refuses_impossible_paging(page, per_page):
    with pytest.raises(ValueError, match="paging"):
        catalog(page=page, per_page=per_page)


def test_jsonld_is_compact_json_with_readable_japanese():
    data, content_type = serialize(dataset_graph(TSUNAMI, base_url=BASE), "jsonld")

    document = json.loads(data.decode("utf-8"))
    assert content_type == "application/ld+json"
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert "津波浸水想定区域" in data.decode("utf-8")
    dataset = next(node for node in document["@graph"] if node["@id"] == str(dataset_uri(TSUNAMI_ID)))
    assert dataset["@type"] == "dcat:Dataset"
    assert {"@language": "ja", "@value": "津波浸水想定区域"} in dataset["dct:title"]


def test_turtle_and_rdf_xml_are_utf8_with_our_prefixes():
    graph = dataset_graph(TSUNAMI, base_url=BASE)

    turtle, turtle_type = serialize(graph, "ttl")
    xml, xml_type = serialize(graph, "rdf")

    assert turtle_type == "text/turtle"
    assert xml_type == "application/rdf+xml"
    assert "@prefix dcat: <http://www.w3.org/ns/dcat#> ." in turtle.decode("utf-8")
    assert '"津波浸水想定区域"@ja' in turtle.decode("utf-8")
    assert xml.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert "津波浸水想定区域" in xml.decode("utf-8")
    assert len(Graph().parse(data=turtle, format="turtle")) == len(graph)
    assert len(Graph().parse(data=xml, format="xml")) == len(graph)


@pytest.mark.parametrize("fmt", ["xml", "n3", ""])
def test_unknown_format_is_refused(fmt):
    graph = dataset_graph(BARE, base_url=BASE)

    with pytest.raises(ValueError, match="Unknown DCAT format"):
        serialize(graph, fmt)
    with pytest.raises(ValueError, match="Unknown DCAT format"):
        catalog(fmt=fmt)


def test_importing_the_module_does_not_import_rdflib():
    code = "import sys, kencho.opendata.dcat; sys.exit('rdflib' in sys.modules)"

    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

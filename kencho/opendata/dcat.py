"""DCAT serialisation of CKAN package dicts, as harvesters of the national catalogue read it.

The shape follows ckanext-dcat's DCAT-AP 2 profile (``euro_dcat_ap_2``), because the national
catalogue harvests CKAN sites with ckanext-dcat: dataset and distribution URIs are built from the
CKAN ids, the catalogue is paged with Hydra, and ``url`` of a harvested resource comes back from
``dcat:downloadURL``. The module is pure (dicts in, graph or bytes out) and imports rdflib only
when called, since URL configuration imports it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Literal, Node, URIRef

PREFIXES: dict[str, str] = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "locn": "http://www.w3.org/ns/locn#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "adms": "http://www.w3.org/ns/adms#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES: dict[str, str] = {
    "irregular": "IRREG",
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "semiannual": "ANNUAL_2",
    "annual": "ANNUAL",
    # UPDATE_CONT is "continuously updated"; CONT ("continuous") describes an event, not updates.
    "continuous": "UPDATE_CONT",
}
LANGUAGE_BASE = "http://publications.europa.eu/resource/authority/language/"
LANGUAGES: dict[str, str] = {"ja": "JPN", "en": "ENG"}
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

# Our extension -> (rdflib format, media type). RDF/XML is written nested, as ckanext-dcat does.
FORMATS: dict[str, tuple[str, str]] = {
    "jsonld": ("json-ld", "application/ld+json"),
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("pretty-xml", "application/rdf+xml"),
}

# Extras whose keys ckanext-dcat maps to DCAT-AP properties whose values are resources.
EXTRA_LINKS: dict[str, str] = {
    "conforms_to": "dct:conformsTo",
    "source": "dct:source",
    "related_resource": "dct:relation",
    "has_version": "dct:hasVersion",
    "is_version_of": "dct:isVersionOf",
    "documentation": "foaf:page",
}

_MIMETYPE = re.compile(r"[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True, kw_only=True)
class CatalogInfo:
    title_ja: str
    title_en: str
    description_ja: str
    description_en: str
    publisher_name: str
    homepage: str
    language: str = "ja"
    license_url: str = ""


def dataset_graph(package: dict[str, Any], *, base_url: str) -> Graph:
    graph = _new_graph()
    _add_dataset(graph, package, _root(base_url))
    return graph


def catalog_graph(
    *,
    catalog: CatalogInfo,
    packages: list[dict[str, Any]],
    base_url: str,
    fmt: str,
    page: int,
    per_page: int,
    total: int,
    modified_since: str | None,
) -> Graph:
    """One page of the catalogue; ``fmt`` is needed because the Hydra links name the format."""
    from rdflib import RDF, BNode, Literal, URIRef

    _format(fmt)
    if page < 1 or per_page < 1 or total < 0:
        raise ValueError(f"Bad paging: page={page}, per_page={per_page}, total={total}")
    graph = _new_graph()
    root = _root(base_url)
    ref = URIRef(root)
    graph.add((ref, RDF.type, _t("dcat:Catalog")))
    _add_text(graph, ref, "dct:title", catalog.title_ja, "ja")
    _add_text(graph, ref, "dct:title", catalog.title_en, "en")
    _add_text(graph, ref, "dct:description", catalog.description_ja, "ja")
    _add_text(graph, ref, "dct:description", catalog.description_en, "en")
    graph.add((ref, _t("foaf:homepage"), URIRef(catalog.homepage)))
    publisher = BNode()
    graph.add((ref, _t("dct:publisher"), publisher))
    graph.add((publisher, RDF.type, _t("foaf:Organization")))
    graph.add((publisher, RDF.type, _t("foaf:Agent")))
    _add_text(graph, publisher, "foaf:name", catalog.publisher_name, "ja")
    code = LANGUAGES.get(catalog.language)
    graph.add((ref, _t("dct:language"), URIRef(LANGUAGE_BASE + code) if code else Literal(catalog.language)))
    if catalog.license_url:
        graph.add((ref, _t("dct:license"), _license(graph, catalog.license_url, "")))
    for package in packages:
        graph.add((ref, _t("dcat:dataset"), _add_dataset(graph, package, root)))
    _add_paging(graph, root, fmt, page, per_page, total, modified_since)
    return graph


def page_url(base_url: str, fmt: str, page: int, modified_since: str | None) -> str:
    query: dict[str, str | int] = {"page": page}
    if modified_since:
        query["modified_since"] = modified_since
    return f"{_root(base_url)}/catalog.{fmt}?{urlencode(query, safe=':', quote_via=quote)}"


def serialize(graph: Graph, fmt: str) -> tuple[bytes, str]:
    """Bytes in UTF-8 and their media type; JSON-LD is compacted with our prefixes as context."""
    rdflib_format, content_type = _format(fmt)
    if fmt == "jsonld":
        data = graph.serialize(
            format=rdflib_format, encoding="utf-8", context=dict(PREFIXES), auto_compact=True
        )
    else:
        data = graph.serialize(format=rdflib_format, encoding="utf-8")
    return data, content_type


# --- building blocks -------------------------------------------------------------------------


@cache
def _t(curie: str) -> URIRef:
    """The URI for a compact name such as ``dct:title``."""
    from rdflib import URIRef

    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def _format(fmt: str) -> tuple[str, str]:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown DCAT format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return FORMATS[fmt]


def _root(base_url: str) -> str:
    return base_url.rstrip("/")


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _new_graph() -> Graph:
    from rdflib import Graph

    graph = Graph(bind_namespaces="core")
    for prefix, uri in PREFIXES.items():
        graph.bind(prefix, uri, override=True, replace=True)
    return graph


def _add_text(graph: Graph, subject: Node, predicate: str, value: Any, lang: str) -> None:
    from rdflib import Literal

    if value and str(value).strip():
        graph.add((subject, _t(predicate), Literal(str(value).strip(), lang=lang)))


def _datetime(value: str) -> Literal:
    """CKAN keeps naive UTC timestamps; the offset is written so no one reads them as JST."""
    from rdflib import Literal

    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return Literal(moment)


def _license(graph: Graph, url: str, title: str) -> URIRef:
    from rdflib import RDF, Literal, URIRef

    ref = URIRef(url)
    graph.add((ref, RDF.type, _t("dct:LicenseDocument")))
    if title:
        graph.add((ref, _t("dct:title"), Literal(title)))
    return ref


def _add_dataset(graph: Graph, package: dict[str, Any], root: str) -> URIRef:
    from rdflib import RDF, Literal, URIRef

    ref = URIRef(f"{root}/dataset/{package['id']}")
    graph.add((ref, RDF.type, _t("dcat:Dataset")))
    graph.add((ref, _t("dct:identifier"), Literal(package["id"])))
    _add_text(graph, ref, "dct:title", package.get("title"), "ja")
    _add_text(graph, ref, "dct:title", package.get("title_en"), "en")
    _add_text(graph, ref, "dct:description", package.get("notes"), "ja")
    _add_text(graph, ref, "dct:description", package.get("notes_en"), "en")
    for tag in package.get("tags") or []:
        _add_text(graph, ref, "dcat:keyword", tag["name"], "ja")
    for group in package.get("groups") or []:
        theme = URIRef(f"{root}/group/{group['name']}")
        graph.add((ref, _t("dcat:theme"), theme))
        graph.add((theme, RDF.type, _t("skos:Concept")))
        _add_text(graph, theme, "skos:prefLabel", group.get("title") or group.get("display_name"), "ja")
    if package.get("version"):
        graph.add((ref, _t("owl:versionInfo"), Literal(package["version"])))
    landing_page = package.get("landing_page") or (package.get("url") if _is_url(package.get("url")) else "")
    if landing_page:
        graph.add((ref, _t("dcat:landingPage"), URIRef(landing_page)))
        graph.add((URIRef(landing_page), RDF.type, _t("foaf:Document")))
    for key, predicate in (("metadata_created", "dct:issued"), ("metadata_modified", "dct:modified")):
        if package.get(key):
            graph.add((ref, _t(predicate), _datetime(package[key])))
    frequency = package.get("frequency")
    if frequency:
        if frequency not in FREQUENCIES:
            raise ValueError(f"Dataset {package['id']} has an unknown frequency {frequency!r}")
        periodicity = URIRef(FREQUENCY_BASE + FREQUENCIES[frequency])
        graph.add((ref, _t("dct:accrualPeriodicity"), periodicity))
        graph.add((periodicity, RDF.type, _t("dct:Frequency")))
    license_ref = None
    if package.get("license_url"):
        license_ref = _license(graph, package["license_url"], package.get("license_title") or "")
        graph.add((ref, _t("dct:license"), license_ref))
    _add_publisher(graph, ref, package.get("organization"), root)
    _add_contact(graph, ref, package)
    _add_spatial(graph, ref, package)
    _add_temporal(graph, ref, package)
    _add_extras(graph, ref, package)
    for resource in package.get("resources") or []:
        distribution = _add_distribution(graph, package, resource, root, license_ref)
        graph.add((ref, _t("dcat:distribution"), distribution))
    return ref


def _add_publisher(graph: Graph, dataset: URIRef, organization: dict[str, Any] | None, root: str) -> None:
    """The owning organisation, with the URI ckanext-dcat falls back to (built from its id)."""
    from rdflib import RDF, URIRef

    if not organization:
        return
    ref = URIRef(f"{root}/organization/{organization['id']}")
    graph.add((dataset, _t("dct:publisher"), ref))
    # foaf:Agent too: DCAT-AP validators check the class without inference.
    graph.add((ref, RDF.type, _t("foaf:Organization")))
    graph.add((ref, RDF.type, _t("foaf:Agent")))
    _add_text(graph, ref, "foaf:name", organization.get("title") or organization.get("name"), "ja")


def _add_contact(graph: Graph, dataset: URIRef, package: dict[str, Any]) -> None:
    """Maintainer first, then author (as ckanext-dcat); the organisation names an unnamed contact."""
    from rdflib import RDF, BNode, URIRef

    person = package.get("maintainer") or package.get("author")
    email = package.get("maintainer_email") or package.get("author_email")
    if not (person or email):
        return
    contact = BNode()
    graph.add((dataset, _t("dcat:contactPoint"), contact))
    graph.add((contact, RDF.type, _t("vcard:Organization")))
    graph.add((contact, RDF.type, _t("vcard:Kind")))
    _add_text(graph, contact, "vcard:fn", person or (package.get("organization") or {}).get("title"), "ja")
    if email:
        mailto = email if email.startswith("mailto:") else f"mailto:{email}"
        graph.add((contact, _t("vcard:hasEmail"), URIRef(mailto)))


def _add_spatial(graph: Graph, dataset: URIRef, package: dict[str, Any]) -> None:
    from rdflib import RDF, BNode, Literal

    label, geometry = package.get("spatial"), package.get("spatial_geojson")
    if not (label or geometry):
        return
    location = BNode()
    graph.add((dataset, _t("dct:spatial"), location))
    graph.add((location, RDF.type, _t("dct:Location")))
    _add_text(graph, location, "skos:prefLabel", label, "ja")
    if geometry:
        text = geometry if isinstance(geometry, str) else json.dumps(geometry, separators=(",", ":"))
        graph.add((location, _t("locn:geometry"), Literal(text, datatype=_t("gsp:geoJSONLiteral"))))


def _add_temporal(graph: Graph, dataset: URIRef, package: dict[str, Any]) -> None:
    from rdflib import RDF, BNode, Literal

    start, end = package.get("temporal_start"), package.get("temporal_end")
    if not (start or end):
        return
    period = BNode()
    graph.add((dataset, _t("dct:temporal"), period))
    graph.add((period, RDF.type, _t("dct:PeriodOfTime")))
    if start:
        graph.add((period, _t("dcat:startDate"), Literal(date.fromisoformat(start))))
    if end:
        graph.add((period, _t("dcat:endDate"), Literal(date.fromisoformat(end))))


def _extra_values(value: Any) -> list[str]:
    """An extra holds one value or, as ckanext-dcat writes lists, a JSON array."""
    if not isinstance(value, str) or not value.strip():
        return []
    if value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return [value]
        return [str(item) for item in items] if isinstance(items, list) else [value]
    return [value]


def _add_extras(graph: Graph, dataset: URIRef, package: dict[str, Any]) -> None:
    """Only extras with a standard DCAT-AP meaning; the rest are ours and stay out."""
    from rdflib import RDF, BNode, Literal, URIRef

    for extra in package.get("extras") or []:
        key = extra.get("key")
        for value in _extra_values(extra.get("value")):
            if key in EXTRA_LINKS and _is_url(value):
                # DCAT-AP ranges for these are resources: a bare text value would not validate.
                graph.add((dataset, _t(EXTRA_LINKS[key]), URIRef(value)))
            elif key == "alternate_identifier":
                identifier = BNode()
                graph.add((dataset, _t("adms:identifier"), identifier))
                graph.add((identifier, RDF.type, _t("adms:Identifier")))
                graph.add((identifier, _t("skos:notation"), Literal(value)))
            elif key == "version_notes":
                _add_text(graph, dataset, "adms:versionNotes", value, "ja")


def _add_distribution(
    graph: Graph, package: dict[str, Any], resource: dict[str, Any], root: str, license_ref: URIRef | None
) -> URIRef:
    from rdflib import RDF, BNode, Literal, URIRef

    ref = URIRef(f"{root}/dataset/{package['id']}/resource/{resource['id']}")
    graph.add((ref, RDF.type, _t("dcat:Distribution")))
    _add_text(graph, ref, "dct:title", resource.get("name"), "ja")
    _add_text(graph, ref, "dct:description", resource.get("description"), "ja")
    # The distribution's URI is its CKAN resource page, which is where it is accessed.
    graph.add((ref, _t("dcat:accessURL"), ref))
    if resource.get("url"):
        graph.add((ref, _t("dcat:downloadURL"), URIRef(resource["url"])))
    if resource.get("format"):
        graph.add((ref, _t("dct:format"), Literal(resource["format"])))
    mimetype = (resource.get("mimetype") or "").lower()
    if _MIMETYPE.fullmatch(mimetype):
        media_type = URIRef(IANA_MEDIA_TYPES + mimetype)
        graph.add((ref, _t("dcat:mediaType"), media_type))
        graph.add((media_type, RDF.type, _t("dct:MediaType")))
    if resource.get("size") not in (None, ""):
        graph.add((ref, _t("dcat:byteSize"), Literal(int(resource["size"]), datatype=_t("xsd:decimal"))))
    checksum_value = resource.get("hash") or ""
    # Only a SHA-256 may be labelled as one; anything else (a link's free text) is left out.
    if _SHA256.fullmatch(checksum_value):
        checksum = BNode()
        graph.add((ref, _t("spdx:checksum"), checksum))
        graph.add((checksum, RDF.type, _t("spdx:Checksum")))
        graph.add((checksum, _t("spdx:algorithm"), _t("spdx:checksumAlgorithm_sha256")))
        hex_value = Literal(checksum_value.lower(), datatype=_t("xsd:hexBinary"))
        graph.add((checksum, _t("spdx:checksumValue"), hex_value))
    if resource.get("created"):
        graph.add((ref, _t("dct:issued"), _datetime(resource["created"])))
    modified = resource.get("last_modified") or resource.get("metadata_modified")
    if modified:
        graph.add((ref, _t("dct:modified"), _datetime(modified)))
    if license_ref is not None:
        graph.add((ref, _t("dct:license"), license_ref))
    return ref


def _add_paging(
    graph: Graph, root: str, fmt: str, page: int, per_page: int, total: int, modified_since: str | None
) -> None:
    """Hydra paging as ckanext-dcat writes it: both the current terms (``hydra:next``) and the
    deprecated ones (``hydra:nextPage``), which older harvesters still look for."""
    from rdflib import RDF, Literal, URIRef

    last = max(1, (total + per_page - 1) // per_page)
    ref = URIRef(page_url(root, fmt, page, modified_since))
    graph.add((ref, RDF.type, _t("hydra:PagedCollection")))
    graph.add((ref, _t("hydra:totalItems"), Literal(total)))
    graph.add((ref, _t("hydra:itemsPerPage"), Literal(per_page)))
    links = {"first": 1, "last": last}
    if page < last:
        links["next"] = page + 1
    if page > 1:
        links["previous"] = min(page - 1, last)
    for name, number in links.items():
        target = URIRef(page_url(root, fmt, number, modified_since))
        graph.add((ref, _t(f"hydra:{name}"), target))
        graph.add((ref, _t(f"hydra:{name}Page"), target))

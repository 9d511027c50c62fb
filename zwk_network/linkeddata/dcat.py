"""The DCAT-AP.de catalogue of the public data, as an RDF graph (rdflib), for the Land's open-data
portal and every other harvester.

One dcat:Dataset per Kommune and kind (initiatives, meeting places, needs, conferences), each with
three distributions – a GeoJSON and a CSV download of exactly that dataset, and the OGC API
collection filtered to the Kommune – and the dcat:DataService of the OGC API with its endpoint
and its OpenAPI definition. Titles and descriptions in German and English.

What DCAT-AP.de 2.0 makes mandatory is always there (catalogue: title, description, publisher,
datasets; dataset: title, description; distribution: accessURL, licence; data service: title,
endpointURL; agent: name). Of the recommended: publisher, contact point, keywords, themes, spatial
(the bounding box of the data), temporal, issued and modified where the data has them, licence,
access rights, landing page. dcatde:contributorID is set when configured (ZWK_DCAT_CONTRIBUTOR_ID,
a URI of http://dcat-ap.de/def/contributors/ that the portal assigns). dcatde:politicalGeocodingURI
and …LevelURI are left out: no Kommune's official key (AGS, Regionalschlüssel) is stored, and the
seed texts give none – better no geocoding than a guessed one.

Every address comes from BASE_URL (links.site_url), never from the request.
"""

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from ..email_address import InvalidEmail, normalised_email
from ..entries import BY_COLLECTION
from ..links import site_url
from .services import DatasetFacts, catalogue_datasets

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGE_DE = URIRef(EU + "language/DEU")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
CONTINUOUS = URIRef(EU + "frequency/CONT")
THEMES = (URIRef(EU + "data-theme/SOCI"), URIRef(EU + "data-theme/REGI"))
OGC_FEATURES = URIRef("http://www.opengis.net/spec/ogcapi-features-1/1.0")
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
#: Distribution formats: the URL suffix, EU file type, media type.
DOWNLOADS = (("geojson", "GEOJSON", "application/geo+json"), ("csv", "CSV", "text/csv"))
LANGUAGES = ("de", "en")

#: Prefixes for Turtle and the JSON-LD context.
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatde": DCATDE,
    "foaf": FOAF,
    "vcard": VCARD,
    "gsp": GSP,
    "xsd": XSD,
}


def catalogue_graph() -> Graph:
    """The whole catalogue: the catalogue, its publisher, the data service and every dataset."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    base = site_url("linkeddata.catalogue")
    catalogue = URIRef(base + "#katalog")
    service = URIRef(base + "#ogc-api")
    publisher = _publisher(graph, base)
    datasets = catalogue_datasets()

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    _texts(
        graph,
        catalogue,
        lambda: "zwk-network – " + _("Register der Zukunftswerkstatt Kommunen"),
        lambda: _(
            "Initiativen, Begegnungsorte, Handlungsbedarfe und Konferenzen der Kommunen im "
            "Modellprojekt „Zukunftswerkstatt Kommunen“, als offene Daten."
        ),
    )
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, URIRef(site_url("pages.home"))))
    graph.add((catalogue, DCTERMS.language, LANGUAGE_DE))
    graph.add((catalogue, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    graph.add((catalogue, DCAT.service, service))
    modified = [facts.modified for facts in datasets if facts.modified is not None]
    if modified:
        graph.add((catalogue, DCTERMS.modified, _moment(max(modified))))

    _data_service(graph, service, publisher)
    for facts in datasets:
        dataset = _dataset(graph, base, facts, service)
        graph.add((catalogue, DCAT.dataset, dataset))
        graph.add((service, DCAT.servesDataset, dataset))
    return graph


def _texts(graph: Graph, subject, title, description) -> None:
    """dct:title and dct:description in German and English (title, description: () -> str)."""
    for language in LANGUAGES:
        with force_locale(language):
            graph.add((subject, DCTERMS.title, Literal(title(), lang=language)))
            graph.add((subject, DCTERMS.description, Literal(description(), lang=language)))


def _publisher(graph: Graph, base: str) -> URIRef:
    """The operator of the installation (ZWK_DCAT_PUBLISHER), publisher of the catalogue."""
    agent = URIRef(base + "#herausgeber")
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, RDF.type, FOAF.Organization))
    graph.add((agent, FOAF.name, Literal(current_app.config["DCAT_PUBLISHER"], lang="de")))
    graph.add((agent, FOAF.homepage, URIRef(site_url("pages.home"))))
    return agent


def _kommune_agent(graph: Graph, kommune) -> URIRef:
    """A Kommune, publisher of its datasets: its page, name and website."""
    agent = URIRef(site_url("municipalities.kommune", slug=kommune.slug))
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, RDF.type, FOAF.Organization))
    graph.add((agent, FOAF.name, Literal(kommune.name, lang="de")))
    homepage = _web_address(kommune.website)
    if homepage is not None:
        graph.add((agent, FOAF.homepage, homepage))
    return agent


#: What an IRI may not hold (RFC 3987): a stored address with any of these is left out, not written.
_NOT_IN_IRIS = re.compile(r'[\s<>"{}|\\^`]')


def _email_address(text: str | None) -> str | None:
    """A stored e-mail address in its normalised form, if it is one (else it is left out)."""
    try:
        address = normalised_email(text or "")
    except InvalidEmail:
        return None
    return None if _NOT_IN_IRIS.search(address) else address


def _web_address(text: str | None) -> URIRef | None:
    """A Kommune's stored website as an IRI, if it is an http(s) address that is one."""
    if not text or _NOT_IN_IRIS.search(text) or urlsplit(text).scheme not in ("http", "https"):
        return None
    return URIRef(text)


def _contact_point(graph: Graph, kommune) -> BNode:
    """The Kommune's contact (its e-mail, else the installation's ZWK_DCAT_CONTACT_EMAIL), and its page."""
    contact = BNode()
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(kommune.name if kommune else current_app.config["DCAT_PUBLISHER"])))
    email = (kommune.contact_email if kommune else None) or current_app.config["DCAT_CONTACT_EMAIL"]
    address = _email_address(email)
    if address is not None:
        graph.add((contact, VCARD.hasEmail, URIRef("mailto:" + address)))
    page = site_url("municipalities.kommune", slug=kommune.slug) if kommune else site_url("pages.home")
    graph.add((contact, VCARD.hasURL, URIRef(page)))
    return contact


def _licensed(graph: Graph, subject) -> None:
    graph.add((subject, DCTERMS.license, URIRef(current_app.config["DCAT_LICENSE"])))
    graph.add((subject, DCATDE.licenseAttributionByText, Literal(current_app.config["DCAT_PUBLISHER"])))


def _data_service(graph: Graph, service: URIRef, publisher: URIRef) -> None:
    graph.add((service, RDF.type, DCAT.DataService))
    _texts(
        graph,
        service,
        lambda: "OGC API – Features",
        lambda: _(
            "Initiativen, Begegnungsorte, Bedarfe, Konferenzen und Regionen als OGC API – Features, "
            "für QGIS, GDAL und andere GIS-Programme."
        ),
    )
    graph.add((service, DCAT.endpointURL, URIRef(site_url("ogc.landing"))))
    graph.add((service, DCAT.endpointDescription, URIRef(site_url("ogc.api"))))
    graph.add((service, DCTERMS.conformsTo, OGC_FEATURES))
    graph.add((service, DCTERMS.publisher, publisher))
    graph.add((service, DCTERMS.accessRights, PUBLIC))
    graph.add((service, DCAT.contactPoint, _contact_point(graph, None)))
    _licensed(graph, service)


def _dataset(graph: Graph, base: str, facts: DatasetFacts, service: URIRef) -> URIRef:
    kommune, collection = facts.kommune, facts.collection
    kind = BY_COLLECTION[collection.id]
    name = f"{kommune.slug}-{collection.id}"
    dataset = URIRef(f"{base}#{name}")
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    _texts(
        graph,
        dataset,
        lambda: f"{kind.plural} – {kommune.name}",
        lambda: f"{collection.description} {_('Kommune')}: {kommune.name}.",
    )
    for language in LANGUAGES:
        with force_locale(language):
            graph.add((dataset, DCAT.keyword, Literal(str(kind.plural), lang=language)))
    for theme in THEMES:
        graph.add((dataset, DCAT.theme, theme))
    graph.add((dataset, DCTERMS.publisher, _kommune_agent(graph, kommune)))
    graph.add((dataset, DCAT.contactPoint, _contact_point(graph, kommune)))
    graph.add((dataset, DCTERMS.accessRights, PUBLIC))
    graph.add((dataset, DCTERMS.accrualPeriodicity, CONTINUOUS))
    graph.add((dataset, DCTERMS.language, LANGUAGE_DE))
    graph.add((dataset, DCAT.landingPage, URIRef(site_url(kind.list_endpoint, kommune=kommune.slug))))
    contributor = current_app.config["DCAT_CONTRIBUTOR_ID"]
    if contributor:
        graph.add((dataset, DCATDE.contributorID, URIRef(contributor)))
    if facts.bbox is not None:
        spatial = BNode()
        graph.add((spatial, RDF.type, DCTERMS.Location))
        graph.add((spatial, DCAT.bbox, Literal(_wkt_box(facts.bbox), datatype=GSP.wktLiteral)))
        graph.add((dataset, DCTERMS.spatial, spatial))
    if facts.period is not None:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, Literal(facts.period[0], datatype=XSD.date)))
        graph.add((period, DCAT.endDate, Literal(facts.period[1], datatype=XSD.date)))
        graph.add((dataset, DCTERMS.temporal, period))
    if facts.issued is not None:
        graph.add((dataset, DCTERMS.issued, _moment(facts.issued)))
    if facts.modified is not None:
        graph.add((dataset, DCTERMS.modified, _moment(facts.modified)))

    for distribution in _distributions(graph, f"{base}#{name}", facts, service):
        graph.add((dataset, DCAT.distribution, distribution))
    return dataset


def _distributions(graph: Graph, uri: str, facts: DatasetFacts, service: URIRef) -> list[URIRef]:
    """The GeoJSON and CSV downloads of the dataset, and its OGC API collection filtered to the Kommune."""
    kommune, collection_id = facts.kommune.slug, facts.collection.id
    found = []
    for suffix, file_type, media_type in DOWNLOADS:
        url = URIRef(site_url("linkeddata.download", kommune=kommune, collection=collection_id, fmt=suffix))
        distribution = _distribution(graph, f"{uri}-{suffix}", facts, file_type, media_type, url)
        graph.add((distribution, DCAT.downloadURL, url))
        found.append(distribution)
    items = URIRef(site_url("ogc.items", collection_id=collection_id, kommune=kommune))
    distribution = _distribution(graph, f"{uri}-ogc-api", facts, "GEOJSON", "application/geo+json", items)
    graph.add((distribution, DCAT.accessService, service))
    graph.add((distribution, DCTERMS.conformsTo, OGC_FEATURES))
    found.append(distribution)
    return found


def _distribution(graph: Graph, uri: str, facts: DatasetFacts, file_type: str, media_type: str, url):
    distribution = URIRef(uri)
    kind = BY_COLLECTION[facts.collection.id]
    graph.add((distribution, RDF.type, DCAT.Distribution))
    label = "OGC API – Features" if uri.endswith("-ogc-api") else file_type.replace("GEOJSON", "GeoJSON")
    for language in LANGUAGES:
        with force_locale(language):
            title = f"{kind.plural} – {facts.kommune.name} ({label})"
            graph.add((distribution, DCTERMS.title, Literal(title, lang=language)))
    graph.add((distribution, DCAT.accessURL, url))
    graph.add((distribution, DCTERMS.format, URIRef(f"{EU}file-type/{file_type}")))
    graph.add((distribution, DCAT.mediaType, URIRef(MEDIA_TYPES + media_type)))
    if facts.modified is not None:
        graph.add((distribution, DCTERMS.modified, _moment(facts.modified)))
    _licensed(graph, distribution)
    return distribution


def _wkt_box(bbox) -> str:
    west, south, east, north = bbox
    if west == east or south == north:  # one point: a box of no size is still a polygon
        return f"POINT({west} {south})"
    ring = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    return "POLYGON((" + ", ".join(f"{x} {y}" for x, y in ring) + "))"


def _moment(value: datetime) -> Literal:
    """A stored timestamp (naive UTC) as xsd:dateTime with its zone, to the second."""
    return Literal(value.replace(tzinfo=UTC, microsecond=0).isoformat(), datatype=XSD.dateTime)

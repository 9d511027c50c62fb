"""The DCAT-AP.de catalogue at /dcat: Turtle and JSON-LD of one graph (read back with rdflib and
compared), the DCAT-AP.de 2.0 mandatory properties (pySHACL, dcat_ap_de_mandatory.ttl: no package
ships the official shapes), one dataset per Kommune and kind with its facts from the public data,
and the downloads it names."""

import csv
import io
import json
import warnings
from datetime import date
from pathlib import Path

import pytest
from pyld import jsonld
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from tests.factories import make_kommune, make_listing, make_need
from tests.ogc.helpers import make_conference
from zwk_network import create_app
from zwk_network.config import StartupError
from zwk_network.linkeddata.services import DATASET_COLLECTIONS

SHAPES = Path(__file__).with_name("dcat_ap_de_mandatory.ttl")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DL_BY_DE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
#: Vocabularies the catalogue may point to besides our own addresses.
VOCABULARIES = (
    "http://publications.europa.eu/resource/authority/",
    "http://dcat-ap.de/def/",
    "http://www.opengis.net/",
    "https://www.iana.org/assignments/media-types/",
    "http://www.w3.org/",
    "http://purl.org/dc/terms/",
    "http://xmlns.com/foaf/0.1/",
    "mailto:",
)


def catalogue(client, path="/dcat.ttl", rdf_format="turtle") -> Graph:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    if rdf_format != "json-ld":
        return Graph().parse(data=text, format=rdf_format)
    # rdflib 7.6's JSON-LD parser itself builds the ConjunctiveGraph it has deprecated.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=text, format=rdf_format)


def dataset(graph: Graph, base: str, kommune: str, collection: str) -> URIRef:
    node = URIRef(f"{base}/dcat#{kommune}-{collection}")
    assert (node, RDF.type, DCAT.Dataset) in graph
    return node


def test_turtle_and_json_ld_are_the_same_graph(seeded_client):
    turtle = catalogue(seeded_client)
    json_ld = catalogue(seeded_client, "/dcat.jsonld", "json-ld")
    assert len(turtle) > 300
    assert isomorphic(turtle, json_ld)
    # A second JSON-LD processor (pyld) reads the same graph.
    document = seeded_client.get("/dcat.jsonld").get_json()
    triples = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert isomorphic(turtle, Graph().parse(data=triples, format="nt"))


def test_dcat_negotiates_turtle_or_json_ld(seeded_client):
    answer = seeded_client.get("/dcat", headers={"Accept": "application/ld+json"})
    assert answer.content_type == "application/ld+json; charset=utf-8"
    assert "Accept" in answer.headers["Vary"]
    json.loads(answer.get_data(as_text=True))
    for accept in ("text/turtle", "text/html,*/*;q=0.8", None):
        answer = seeded_client.get("/dcat", headers={"Accept": accept} if accept else {})
        assert answer.content_type == "text/turtle; charset=utf-8", accept
    assert seeded_client.get("/dcat.xml").status_code == 404


def test_the_catalogue_has_every_mandatory_property_of_dcat_ap_de(seeded_client):
    conforms, _, report = validate(
        catalogue(seeded_client), shacl_graph=Graph().parse(SHAPES), inference="none"
    )
    assert conforms, report


def test_the_shapes_catch_what_is_missing(seeded_client):
    """The check is not empty: a distribution without its licence and a dataset without a title fail."""
    graph = catalogue(seeded_client)
    some_distribution = next(graph.subjects(RDF.type, DCAT.Distribution))
    graph.remove((some_distribution, DCTERMS.license, None))
    some_dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    graph.remove((some_dataset, DCTERMS.title, None))
    conforms, results, _ = validate(graph, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert not conforms
    focus = set(results.objects(None, URIRef("http://www.w3.org/ns/shacl#focusNode")))
    assert {some_distribution, some_dataset} <= focus


def test_one_dataset_per_kommune_and_kind_with_three_distributions(seeded_client, seeded_app):
    graph = catalogue(seeded_client)
    base = seeded_app.config["BASE_URL"]
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 2 * len(DATASET_COLLECTIONS)
    service = URIRef(f"{base}/dcat#ogc-api")
    assert (service, DCAT.endpointURL, URIRef(f"{base}/ogc/")) in graph
    assert (service, DCAT.endpointDescription, URIRef(f"{base}/ogc/api")) in graph
    for kommune in ("landkreis-rostock", "goeltzschtal"):
        for collection in DATASET_COLLECTIONS:
            node = dataset(graph, base, kommune, collection)
            assert (service, DCAT.servesDataset, node) in graph
            distributions = set(graph.objects(node, DCAT.distribution))
            access = {str(url) for d in distributions for url in graph.objects(d, DCAT.accessURL)}
            assert access == {
                f"{base}/daten/{kommune}/{collection}.geojson",
                f"{base}/daten/{kommune}/{collection}.csv",
                f"{base}/ogc/collections/{collection}/items?kommune={kommune}",
            }
            for distribution in distributions:
                assert (distribution, DCTERMS.license, DL_BY_DE) in graph
            for url in access:  # every distribution answers
                assert seeded_client.get(url.removeprefix(base)).status_code == 200, url


def test_datasets_of_the_seed_data_have_their_place_time_and_publisher(seeded_client, seeded_app):
    graph = catalogue(seeded_client)
    base = seeded_app.config["BASE_URL"]
    conferences = dataset(graph, base, "landkreis-rostock", "conferences")
    period = graph.value(conferences, DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) == Literal(date(2023, 2, 23), datatype=XSD.date)
    assert graph.value(period, DCAT.endDate) == Literal(date(2023, 6, 1), datatype=XSD.date)
    publisher = graph.value(conferences, DCTERMS.publisher)
    assert publisher == URIRef(f"{base}/kommunen/landkreis-rostock")
    assert str(graph.value(publisher, FOAF.name)) == "Landkreis Rostock"
    contact = graph.value(conferences, DCAT.contactPoint)
    assert graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) == URIRef(
        "mailto:wiralle@lkros.de"
    )
    initiatives = dataset(graph, base, "landkreis-rostock", "initiatives")
    box = str(graph.value(graph.value(initiatives, DCTERMS.spatial), DCAT.bbox))
    assert box.startswith("POLYGON((11.")  # the district lies between 11.5 and 12.9 °E
    assert graph.value(initiatives, DCTERMS.modified).datatype == XSD.dateTime
    titles = {title.language: str(title) for title in graph.objects(initiatives, DCTERMS.title)}
    assert titles == {"de": "Initiativen – Landkreis Rostock", "en": "Initiatives – Landkreis Rostock"}
    # No official key of either Kommune is stored: no political geocoding is made up.
    assert not list(graph.triples((None, DCATDE.politicalGeocodingURI, None)))


def test_every_address_comes_from_the_configured_base_url(seeded_client, seeded_app):
    response = seeded_client.get(
        "/dcat.ttl", headers={"Host": "localhost", "X-Forwarded-Host": "evil.example"}
    )
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    base = seeded_app.config["BASE_URL"]
    kommune_sites = ("https://www.landkreis-rostock.de/",)
    for term in {node for triple in graph for node in triple if isinstance(node, URIRef)}:
        assert str(term).startswith((base + "/", *VOCABULARIES, *kommune_sites)), term


def test_the_licence_and_contributor_are_configurable(seeded_client, seeded_app, monkeypatch):
    cc_by = "http://dcat-ap.de/def/licenses/cc-by/4.0"
    contributor = "http://dcat-ap.de/def/contributors/zwkNetwork"
    monkeypatch.setitem(seeded_app.config, "DCAT_LICENSE", cc_by)
    monkeypatch.setitem(seeded_app.config, "DCAT_CONTRIBUTOR_ID", contributor)
    graph = catalogue(seeded_client)
    licences = set(graph.objects(None, DCTERMS.license))
    assert licences == {URIRef(cc_by)}
    assert set(graph.objects(None, DCATDE.contributorID)) == {URIRef(contributor)}


def test_only_public_entries_make_the_facts_and_the_downloads(client, app):
    """Pending and rejected entries count nowhere: not in the bounds, the dates nor the downloads;
    contact data only with consent."""
    kommune = make_kommune()
    make_listing(
        name="Sichtbar", lon=12.1, lat=53.8, email="offen@example.org", phone="0381 1", publish=["email"]
    )
    make_listing(name="ZZPENDING", lon=14.0, lat=54.5, status="pending")
    make_listing(name="ZZREJECTED", lon=10.0, lat=52.0, status="rejected")
    make_need(kommune, title="Fahrdienst")
    make_conference(kommune, "rk", date(2024, 5, 2))
    graph = catalogue(client)
    base = app.config["BASE_URL"]
    initiatives = dataset(graph, base, "testkreis", "initiatives")
    assert str(graph.value(graph.value(initiatives, DCTERMS.spatial), DCAT.bbox)) == "POINT(12.1 53.8)"
    places = dataset(graph, base, "testkreis", "places")
    assert graph.value(places, DCTERMS.spatial) is None  # none yet: no bounds, no dates
    assert graph.value(places, DCTERMS.modified) is None

    geojson = client.get("/daten/testkreis/initiatives.geojson")
    assert geojson.content_type == "application/geo+json; charset=utf-8"
    features = geojson.get_json()["features"]
    assert [f["properties"]["name"] for f in features] == ["Sichtbar"]
    assert features[0]["properties"]["contact"] == {"email": "offen@example.org"}
    table = client.get("/daten/testkreis/initiatives.csv")
    assert table.content_type == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(table.get_data(as_text=True))))
    assert [row["name"] for row in rows] == ["Sichtbar"]
    assert (rows[0]["lat"], rows[0]["lon"], rows[0]["email"]) == ("53.8", "12.1", "offen@example.org")
    assert "0381 1" not in table.get_data(as_text=True)  # the phone number was not to be published
    assert [
        f["properties"]["title"] for f in client.get("/daten/testkreis/needs.geojson").get_json()["features"]
    ] == ["Fahrdienst"]
    assert len(client.get("/daten/testkreis/conferences.geojson").get_json()["features"]) == 1


@pytest.mark.parametrize(
    "path",
    ["/daten/gibtsnicht/initiatives.csv", "/daten/testkreis/regions.csv", "/daten/testkreis/places.xlsx"],
)
def test_unknown_downloads_are_not_found(client, path):
    make_kommune()
    assert client.get(path).status_code == 404


def test_the_footer_and_the_api_documentation_link_the_catalogue(seeded_client):
    html = seeded_client.get("/").get_data(as_text=True)
    assert 'href="/dcat"' in html
    docs = (Path(__file__).parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    assert "/dcat" in docs


def test_catalogue_settings_are_checked_at_start_up(tmp_path, monkeypatch):
    database = f"sqlite:///{tmp_path}/x.sqlite"
    monkeypatch.setenv("ZWK_DCAT_LICENSE", "http://dcat-ap.de/def/licenses/cc-by/4.0")
    monkeypatch.setenv("ZWK_DCAT_CONTACT_EMAIL", "Daten@Example.org")
    app = create_app({"DATABASE_URL": database})
    assert app.config["DCAT_LICENSE"] == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert app.config["DCAT_CONTACT_EMAIL"] == "daten@example.org"  # normalised
    for name, value in (
        ("ZWK_DCAT_LICENSE", "dl-by-de/2.0"),
        ("ZWK_DCAT_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/<x>"),
        ("ZWK_DCAT_CONTACT_EMAIL", "keine adresse"),
    ):
        with monkeypatch.context() as changed:
            changed.setenv(name, value)
            with pytest.raises(StartupError, match=name):
                create_app({"DATABASE_URL": database})


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client):
    make_kommune()
    make_listing(name="=HYPERLINK('http://evil.example')")
    text = client.get("/daten/testkreis/initiatives.csv").get_data(as_text=True)
    assert "\"'=HYPERLINK(" in text

"""User text is data, never a template: every page shows template syntax as it was typed.

Every text column of every kind (Kommune, region, town, initiative, meeting place, need,
conference, measure, note, registration, revision, connection, staff account) holds template
syntax of several engines; every page of the URL map, public and staff, is fetched, and must
answer without a server error and show the text verbatim – never `49`, never a 500 for an
unclosed `{% raw %}` or `{#`.
"""

import hashlib
import html
import re
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest

from tests.submissions.helpers import PASSWORD, login
from zwk_network.accounts.services import create_user
from zwk_network.accounts.tokens import password_token
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.geo.geojson import as_multipolygon, geometry_element, point_element
from zwk_network.legal.models import LegalText
from zwk_network.measures.models import Measure, ProgressNote
from zwk_network.municipalities.models import GazetteerPlace, Kommune, Region
from zwk_network.needs.models import Need
from zwk_network.network.models import Connection
from zwk_network.participation.models import Contribution
from zwk_network.profiles.models import KeyFigure, SwotItem
from zwk_network.registrations.models import Registration
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.submissions.models import Revision
from zwk_network.submissions.tokens import issue_token
from zwk_network.subscriptions.models import Subscription
from zwk_network.subscriptions.tokens import manage_token
from zwk_network.taxonomy.models import TargetGroup, Theme

from .factories import WEST
from .url_map import WORDS, rule_urls, rules, typed

#: Jinja expression, block and comment (unclosed), JavaScript template literal, ERB.
PAYLOAD = "zq {{7*7}} {% raw %} {# ${7*7} <%= 7*7 %>"
#: The shortest prefix every column can hold; wherever "zq" appears, this must follow.
PREFIX = "zq {{7*7}}"


def hostile(model, **fixed):
    """An instance of `model` with the payload in every free-text column (cut to its length)."""
    return typed(model, PAYLOAD, **fixed)


@pytest.fixture
def world(app):
    """One of everything, every text field hostile; returns what the URLs need."""
    kommune = hostile(Kommune, slug="testkreis", kind="Landkreis")
    region = hostile(Region, kommune=kommune, slug="west", boundary=geometry_element(as_multipolygon(WEST)))
    db.session.add_all([kommune, region])
    db.session.flush()
    db.session.add(hostile(GazetteerPlace, location=point_element(12.1, 53.8), kommune_id=kommune.id))
    listings = {}
    for model, kind in ((Initiative, "initiative"), (MeetingPlace, "place")):
        for status in ("approved", "pending"):
            entry = hostile(
                model,
                status=status,
                location=point_element(12.1, 53.8),
                region=region,
                kommune_id=kommune.id,
                email="info@example.org",
                website="https://example.org",
                publish_email=True,
                publish_website=True,
            )
            entry.themes, entry.target_groups = (
                [db.session.get(Theme, "begegnung")],
                [db.session.get(TargetGroup, "senioren")],
            )
            db.session.add(entry)
            listings[kind, status] = entry
    db.session.flush()
    need = hostile(Need, kommune_id=kommune.id, region=region, area=geometry_element(WEST.buffer(-0.05)))
    need.themes = [db.session.get(Theme, "begegnung")]
    conference = hostile(
        Conference,
        kommune_id=kommune.id,
        slug="konferenz",
        year=date.today().year + 1,
        date=date.today() + timedelta(days=30),
        region=region,
        location=point_element(12.1, 53.8),
        capacity=20,
    )
    db.session.add_all([need, conference])
    db.session.flush()
    user = create_user("planer@example.org", PASSWORD, "admin", [], name=PAYLOAD)
    measure = hostile(Measure, kommune_id=kommune.id, responsible=listings["initiative", "approved"])
    measure.needs, measure.partners = [need], [listings["initiative", "approved"]]
    db.session.add(measure)
    db.session.flush()
    registration_token = "t" * 43
    db.session.add_all(
        [
            hostile(ProgressNote, measure_id=measure.id, noted_on=date.today(), created_by_id=user.id),
            hostile(
                Registration,
                conference_id=conference.id,
                email="gast@example.org",
                status="bestaetigt",
                cancel_token_hash=hashlib.sha256(registration_token.encode()).hexdigest(),
            ),
            connection := hostile(
                Connection,
                need_id=need.id,
                entry_type="initiative",
                entry_id=listings["initiative", "approved"].id,
                status="kontaktiert",
            ),
        ]
    )
    approved = listings["initiative", "approved"]
    changed = dict.fromkeys(("name", "summary", "description", "opening_times"), PAYLOAD + " neu")
    db.session.add(Revision(entry_type="initiative", entry_id=approved.id, data=changed))
    # Legal texts: the title is the payload; the body is Markdown, where * is emphasis (tests/legal checks it).
    markdown = "{{8*8}} {% raw %} {#"
    texts = [(page, scope) for page in ("impressum", "datenschutz") for scope in (None, kommune.id)]
    db.session.add_all(
        [
            hostile(LegalText, page=page, kommune_id=scope, language="de", body=markdown)
            for page, scope in texts
        ]
    )
    swot_item = hostile(SwotItem, kommune_id=kommune.id, region=region, category="staerke", theme="begegnung")
    swot_item.needs, swot_item.initiatives, swot_item.measures = [need], [approved], [measure]
    figure = hostile(KeyFigure, kommune_id=kommune.id, region=region, value=12.5, year=2023, is_demo=False)
    db.session.add_all([swot_item, figure])
    edit_token = issue_token("initiative", approved.id)
    subscription = Subscription(
        email="leser@example.org",
        email_hash="0" * 64,
        filter={"kommune": "testkreis", "q": PAYLOAD},
        filter_hash="0" * 64,
        frequency="taeglich",
        key="0" * 32,
    )
    db.session.add(subscription)
    contributions = [
        hostile(Contribution, kind="idee", status=status, kommune_id=kommune.id, region=region, theme=None)
        for status in ("veroeffentlicht", "neu")
    ]
    for contribution in contributions:
        contribution.target_group = None
    db.session.add_all(contributions)
    db.session.commit()
    return {
        "listings": listings,
        "entries": {
            kind: [listings[kind, "approved"].id, listings[kind, "pending"].id] for kind in WORDS.values()
        },
        "tokens": {
            "registrations": registration_token,
            "submissions": edit_token,
            "accounts": password_token(user, "reset"),
            "subscriptions": manage_token(subscription),
        },
        "values": {
            "need_id": [need.id],
            "contribution_id": [c.id for c in contributions],
            "action": ["veroeffentlichen"],
            "connection_id": [connection.id],
            "user_id": [user.id],
            "conference_id": [conference.id],
            "measure_id": [measure.id],
            "swot_id": [swot_item.id],
            "figure_id": [figure.id],
            "region_id": [region.id],
            "slug": ["testkreis"],
            "code": ["de"],
            "unknown": ["gibtsnicht"],
            "key": ["impressum"],  # /intern/rechtliches/<key>/<scope>/<language>
            "scope": ["installation", "testkreis"],
            "language": ["de", "en"],
            "collection_id": ["initiatives", "places", "needs", "conferences", "regions"],
            "feature_id": [listings["initiative", "approved"].id, need.id, conference.id, region.id],
            "suffix": ["ttl", "jsonld"],  # the DCAT catalogue and the downloads it names
            "kommune": ["testkreis"],
            "collection": ["initiatives", "places", "needs", "conferences"],
            "fmt": ["geojson", "csv"],
        },
    }


#: Query strings that put the payload into search and filters too.
#: (The pages echo the query, so it starts like the payload too.)
QUERIES = [
    f"{path}?{urlencode({'q': query})}"
    for query in (PREFIX, PAYLOAD)
    for path in ("/suche", "/api/search", "/karte", "/bedarfe", "/initiativen", "/api/gazetteer")
]
QUERIES += ["/api/map?bbox=11,53,13,55&zoom=12", "/api/map?bbox=11,53,13,55&zoom=6"]
#: Pages that show the entry's own name: the whole payload must be there, as typed.
SHOWN_WHOLE = (
    "/initiativen/",
    "/orte/",
    "/bedarfe/",
    "/konferenzen/",
    "/massnahmen/",
    "/intern/eintrag/",
    "/intern/bedarfe/",
    "/kommunen/testkreis/luecken",
    "/kommunen/testkreis/profil",
    "/intern/kommunalprofil",
    "/intern/netzwerk",
    "/impressum",
    "/datenschutz",
    "/kommunen/testkreis/impressum",
    "/kommunen/testkreis/datenschutz",
)


def visible_text(response) -> str:
    """The text a reader, a script or a calendar gets: tags removed, entities and escapes decoded."""
    text = response.get_data(as_text=True)
    if response.mimetype == "text/html" or response.is_json:  # (JSON carries HTML snippets)
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", "", text)))
    elif response.mimetype == "text/calendar":  # RFC 5545: unfold lines, unescape text
        text = re.sub(r"\\([,;\\])", r"\1", text.replace("\r\n ", ""))
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def test_every_page_shows_template_syntax_verbatim(app, client, world):
    login(client)
    pages = [url for rule in rules(app) for url in rule_urls(app, rule, world)]
    checked = 0
    for url in pages + QUERIES:
        response = client.get(url)
        assert response.status_code < 500, url
        if response.mimetype == "application/pdf":
            continue
        text = visible_text(response)
        assert "49" not in re.findall(r"zq (\S+)", text), url
        for match in re.finditer("zq", text):
            assert text.startswith(PREFIX, match.start()), (url, text[match.start() : match.start() + 40])
        if response.status_code == 200 and url.startswith(SHOWN_WHOLE):
            assert PAYLOAD in text, url
        checked += "zq" in text
    assert checked >= 40  # the payload really was on the pages

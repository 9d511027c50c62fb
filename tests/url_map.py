"""The URL map as test data, as CKAN's coding-standards tests enumerate their actions: every rule of
the app, with URLs built from a world of rows. A rule with an argument nobody gave values for fails
loudly, so a new route is walked by every project-wide test as soon as it exists."""

import itertools
import re

from sqlalchemy import String, Text

#: Flask's and the vendored libraries' static files: not our views.
STATIC = {"static", "vendor_jquery.static", "vendor_leaflet.static", "vendor_markercluster.static"}
#: URL word → entry kind.
WORDS = {"initiative": "initiative", "begegnungsort": "place"}
#: The decisions a rule's <decision> takes.
DECISIONS = {
    "network.decide_candidate": ("bestaetigen", "verwerfen", "wiederherstellen"),
    "moderation.decide_change": ("freigeben", "ablehnen"),
}
#: Columns whose values are codes chosen from a list, never typed text.
CODES = {
    "status",
    "slug",
    "entry_type",
    "token_hash",
    "cancel_token_hash",
    "password_hash",
    "role",
    "priority",
    "email",
    "submitter_email",
    "website",
    "postcode",
    "postcodes",
    "name_key",
}


def typed(model, text: str, **fixed):
    """An instance of `model` with `text` in every free-text column (cut to its length)."""
    values = {}
    for column in model.__table__.columns:
        if isinstance(column.type, String | Text) and column.name not in CODES and not column.foreign_keys:
            length = getattr(column.type, "length", None)
            values[column.key] = text[:length] if length else text
    return model(**{**values, **fixed})


def rules(app, methods=("GET",), prefix: str = "", static: bool = False):
    """The app's rules answering one of these methods, under the prefix (static files left out)."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.methods & set(methods)
        and rule.rule.startswith(prefix)
        and (static or rule.endpoint not in STATIC)
    ]


def rule_urls(app, rule, world: dict) -> list[str]:
    """Every URL of the rule: one per combination of its arguments' values from the world.

    world["entries"] maps an entry kind to the ids to use (an <entry_id> pairs with its <word>, or
    takes the kind from the endpoint), world["tokens"] a blueprint to its private-link token, and
    world["values"] any other argument to its values."""
    defaults = rule.defaults or {}  # a rule's fixed values (the legal pages' key): not taken from the world
    names = sorted(rule.arguments - set(defaults) - {"entry_id", "word", "token", "decision"})
    choices = [[(name, value) for value in _values(world, name, rule)] for name in names]
    if "entry_id" in rule.arguments and "word" in rule.arguments:
        pairs = [(word, entry_id) for word, kind in WORDS.items() for entry_id in world["entries"][kind]]
        choices.append([(("word", word), ("entry_id", entry_id)) for word, entry_id in pairs])
    elif "entry_id" in rule.arguments:
        kind = "place" if rule.endpoint.endswith("place") else "initiative"
        choices.append([("entry_id", entry_id) for entry_id in world["entries"][kind]])
    elif "word" in rule.arguments:
        choices.append([("word", word) for word in WORDS])
    if "token" in rule.arguments:
        choices.append([("token", world["tokens"][rule.endpoint.split(".")[0]])])
    if "decision" in rule.arguments:
        choices.append([("decision", decision) for decision in DECISIONS[rule.endpoint]])
    adapter = app.url_map.bind("localhost")
    urls = []
    for combination in itertools.product(*choices):
        values = {**defaults, **dict(_flatten(combination))}
        method = "GET" if "GET" in rule.methods else "POST"
        urls.append(adapter.build(rule.endpoint, values, method=method))
    return urls


def _values(world: dict, name: str, rule) -> list:
    if name not in world["values"]:
        raise AssertionError(f"{rule.rule}: no values for <{name}> in the world (tests/url_map.py)")
    return world["values"][name]


def _flatten(combination):
    for item in combination:
        if isinstance(item[0], tuple):
            yield from item
        else:
            yield item


def marker_words(text: str, markers) -> set[str]:
    """Which of the markers appear in the text (as whole words, in any case)."""
    return {marker for marker in markers if re.search(rf"(?i)\b{re.escape(marker)}\b", text)}


#: The marker word of each state that nothing public may show ("stale": approved, but hidden for
#: being unconfirmed too long, moderation/freshness.py).
HIDDEN_MARKERS = {
    "pending": "ZZPENDING",
    "rejected": "ZZREJECTED",
    "archived": "ZZARCHIVED",
    "stale": "ZZSTALE",
}
#: The marker of a published entry's change that waits for review.
REVISION_MARKER = "ZZREVISION"


def make_world(text: str) -> dict:
    """A Kommune ("testkreis") with one of everything, `text` in every free-text column of its rows;
    beside them an initiative and a meeting place in each hidden state (pending, rejected, archived,
    approved but hidden as stale)
    whose text columns hold the state's marker word, and a pending change (REVISION_MARKER) of the
    published initiative. Returns what rule_urls needs, and the rows."""
    from datetime import date, datetime, timedelta

    from tests.factories import WEST, make_kommune
    from zwk_network.accounts.services import create_user
    from zwk_network.accounts.tokens import password_token
    from zwk_network.conferences.models import Conference
    from zwk_network.extensions import db
    from zwk_network.geo.geojson import geometry_element, point_element
    from zwk_network.measures.models import Measure, ProgressNote
    from zwk_network.municipalities.models import Region
    from zwk_network.needs.models import Need
    from zwk_network.network.models import Connection
    from zwk_network.participation.models import Contribution
    from zwk_network.profiles.models import KeyFigure, SwotItem
    from zwk_network.registrations.models import Registration
    from zwk_network.registry.models import Initiative, MeetingPlace
    from zwk_network.submissions.models import Revision
    from zwk_network.submissions.tokens import hash_token, issue_token
    from zwk_network.subscriptions.models import Subscription
    from zwk_network.subscriptions.tokens import manage_token
    from zwk_network.taxonomy.models import TargetGroup, Theme

    kommune = make_kommune()
    region = db.session.scalar(db.select(Region).where(Region.slug == "west"))
    entries, rows = {"initiative": [], "place": []}, {}
    states = {"approved": text, **HIDDEN_MARKERS}
    for model, kind in ((Initiative, "initiative"), (MeetingPlace, "place")):
        for status, words in states.items():
            entry = typed(
                model,
                f"{words} Eintrag",
                status="approved" if status == "stale" else status,
                hidden_as_stale_at=datetime(2026, 1, 1) if status == "stale" else None,
                location=point_element(12.1, 53.8),
                region=region,
                kommune_id=kommune.id,
                email="info@example.org",
                submitter_email="leitung@example.org",
                website="https://example.org",
                publish_email=True,
                publish_website=True,
            )
            entry.themes = [db.session.get(Theme, "begegnung")]
            entry.target_groups = [db.session.get(TargetGroup, "senioren")]
            db.session.add(entry)
            db.session.flush()
            entries[kind].append(entry.id)
            rows[kind, status] = entry
    approved = rows["initiative", "approved"]
    need = typed(
        Need,
        f"{text} Bedarf",
        kommune_id=kommune.id,
        region=region,
        area=geometry_element(WEST.buffer(-0.05)),
        status="offen",
        priority="mittel",
    )
    need.themes = [db.session.get(Theme, "begegnung")]
    need.target_groups = [db.session.get(TargetGroup, "senioren")]
    conference = typed(
        Conference,
        f"{text} Konferenz",
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
    measure = typed(Measure, f"{text} Massnahme", kommune_id=kommune.id, responsible=approved, status="idee")
    measure.needs, measure.partners = [need], [approved]
    db.session.add(measure)
    db.session.flush()
    registration_token = "r" * 43
    connection = typed(
        Connection,
        f"{text} Notiz",
        need_id=need.id,
        entry_type="initiative",
        entry_id=approved.id,
        status="kontaktiert",
    )
    changed = dict.fromkeys(("name", "summary", "description", "opening_times"), f"{REVISION_MARKER} neu")
    revision = Revision(entry_type="initiative", entry_id=approved.id, data=changed)
    db.session.add_all(
        [
            typed(ProgressNote, f"{text} Fortschritt", measure_id=measure.id, noted_on=date.today()),
            typed(
                Registration,
                f"{text} Gast",
                conference_id=conference.id,
                email="gast@example.org",
                status="bestaetigt",
                cancel_token_hash=hash_token(registration_token),
            ),
            connection,
            revision,
        ]
    )
    # A SWOT item linking every initiative, the hidden ones too: the profile shows only the approved.
    swot_item = typed(SwotItem, f"{text} SWOT", kommune_id=kommune.id, category="staerke", theme="begegnung")
    swot_item.region, swot_item.needs, swot_item.measures = region, [need], [measure]
    swot_item.initiatives = [rows["initiative", status] for status in states]
    figure = typed(KeyFigure, f"{text} Kennzahl", kommune_id=kommune.id, value=12.5, year=2023, is_demo=False)
    db.session.add_all([swot_item, figure])
    edit_token = issue_token("place", rows["place", "approved"].id)  # an owner without a pending change
    colleague = create_user("kollegin@example.org", None, "planner", ["testkreis"], name=f"{text} Kollegin")
    subscription = Subscription(
        email="leser@example.org",
        email_hash="0" * 64,
        filter={"kommune": "testkreis"},
        filter_hash="0" * 64,
        frequency="taeglich",
        key="0" * 32,
    )
    db.session.add(subscription)
    # Residents' contributions: one published (the text), one in each state nothing public shows.
    contributions = {}
    for status, words in (("veroeffentlicht", text), ("neu", "ZZPENDING"), ("abgelehnt", "ZZREJECTED")):
        contributions[status] = typed(
            Contribution,
            f"{words} Beitrag",
            kind="idee",
            status=status,
            kommune_id=kommune.id,
            region=region,
            theme="begegnung",
            target_group="senioren",
            email="buerger@example.org",
            lon=12.1,  # a place: the map's layer of ideas would show it
            lat=53.8,
            conference_id=conference.id,  # raised at the conference: its page would list it
        )
    # Another not yet reviewed, already taken up as a measure (its state of its own).
    contributions["massnahme"] = typed(
        Contribution,
        "ZZPENDING Massnahmenidee",
        kind="idee",
        status="massnahme",
        kommune_id=kommune.id,
        theme="begegnung",
        target_group="senioren",
        lon=12.1,
        lat=53.8,
        conference_id=conference.id,
    )
    contributions["mitmachen"] = typed(
        Contribution, "ZZPENDING Helfer", kind="mitmachen", status="neu", kommune_id=kommune.id, theme=None
    )
    contributions["mitmachen"].target_group = None
    db.session.add_all(contributions.values())
    for contribution in contributions.values():  # every one linked: the chain shows only the published
        contribution.needs, contribution.measures = [need], [measure]
    db.session.commit()
    return {
        "rows": rows,
        "need": need,
        "conference": conference,
        "measure": measure,
        "connection": connection,
        "revision": revision,
        "contributions": contributions,
        "entries": entries,
        "tokens": {
            "registrations": registration_token,
            "submissions": edit_token,
            "accounts": password_token(colleague, "reset"),
            "subscriptions": manage_token(subscription),
        },
        "values": {
            "need_id": [need.id],
            "contribution_id": sorted(c.id for c in contributions.values()),
            "action": [
                "veroeffentlichen",
                "ablehnen",
                "zusammenfuehren",
                "bedarf",
                "massnahme",
                "verknuepfen",
                "antworten",
            ],
            "conference_id": [conference.id],
            "measure_id": [measure.id],
            "swot_id": [swot_item.id],
            "figure_id": [figure.id],
            "connection_id": [connection.id],
            "revision_id": [revision.id],
            "user_id": [colleague.id],
            "region_id": [region.id],
            "slug": ["testkreis"],
            "code": ["de"],
            "unknown": ["gibtsnicht"],
            "key": ["impressum"],  # the legal text editor: /intern/rechtliches/<key>/<scope>/<language>
            "scope": ["installation", "testkreis"],
            "language": ["de", "en"],
            # The OGC API: every collection, and the ids of every row above, hidden ones included.
            "collection_id": ["initiatives", "places", "needs", "conferences", "regions"],
            "feature_id": sorted(
                {*entries["initiative"], *entries["place"], need.id, conference.id, region.id}
            ),
            # The DCAT catalogue's formats, and the downloads of every dataset of the Kommune.
            "suffix": ["ttl", "jsonld"],
            "kommune": ["testkreis"],
            "collection": ["initiatives", "places", "needs", "conferences"],
            "fmt": ["geojson", "csv"],
        },
    }


#: The word the need's internal note holds in the walk's world (tests/needs/test_internal_note.py).
NOTE_MARKER = "ZZINTERN"


def walk_public_routes(app, client, queries) -> list[dict]:
    """Every public GET route of the URL map with every query, over make_world("Sichtbar") whose need
    carries an internal note (NOTE_MARKER): per answer its URL, status, type, visible and raw text.
    The visibility and the internal-note tests read the same walk (tests/conftest.py: public_walk)."""
    from tests.test_template_syntax import visible_text
    from zwk_network.extensions import db

    world = make_world("Sichtbar")
    world["need"].internal_note = f"{NOTE_MARKER} vertraulich"
    db.session.commit()
    answers = []
    for rule in rules(app):
        if rule.rule.startswith("/intern"):
            continue
        for url in rule_urls(app, rule, world):
            for query in queries:
                response = client.get(url + query)
                pdf = response.mimetype == "application/pdf"
                answers.append(
                    {
                        "url": url + query,
                        "query": query,
                        "status": response.status_code,
                        "mimetype": response.mimetype,
                        "visible": "" if pdf else visible_text(response),
                        "raw": "" if pdf else response.get_data(as_text=True),
                    }
                )
    return answers

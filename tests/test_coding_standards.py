"""Project-wide properties, enumerated from the URL map (CKAN's coding-standards test is the model):
every route says what it does; every staff route refuses anonymous visitors and, where it is bound
to a Kommune's row, the planners of other Kommunen."""

import inspect

import pytest
from sqlalchemy import func, select

from tests.submissions.helpers import csrf_token, login, make_staff
from tests.submissions.test_staff import make_second_kommune
from zwk_network.audit.models import AuditEntry
from zwk_network.conferences.models import Conference
from zwk_network.extensions import db
from zwk_network.measures.models import Measure, ProgressNote
from zwk_network.needs.models import Need
from zwk_network.network.models import Connection
from zwk_network.participation.models import Contribution
from zwk_network.profiles.models import KeyFigure, SwotItem
from zwk_network.registrations.models import Registration
from zwk_network.registry.models import Initiative, MeetingPlace
from zwk_network.submissions.models import Revision

from .url_map import HIDDEN_MARKERS, REVISION_MARKER, make_world, marker_words, rule_urls, rules

#: The arguments that name a row of one Kommune, or the Kommune itself (slug): a route taking one is
#: Kommune-bound.
KOMMUNE_BOUND = {
    "need_id",
    "entry_id",
    "conference_id",
    "measure_id",
    "connection_id",
    "revision_id",
    "swot_id",
    "figure_id",
    "slug",
    "contribution_id",
}
#: Staff routes bound to no row: each shows or acts on the planner's own Kommunen only.
UNBOUND = {
    "staff.home",
    "conference_admin.staff_list",
    "measures.staff_list",
    "participation.staff_list",
    "moderation.audit_log",
    "network.needs",
    "network.new_need",
    "network.network_view",
    "network.overview",
    "network.overview_csv",
    "conference_admin.new",
    "measures.new",
    "profiles.staff_list",
    "profiles.new_swot",
    "profiles.new_figure",
    "profiles.import_figures",
    "accounts.logout",
}
#: Admin-only routes (planners of every Kommune get 403), with the arguments they may take besides.
ADMIN_ONLY = {
    "legal.texts": set(),
    "legal.edit": {"key", "scope", "language"},
    "legal.edit_contact": {"scope"},
    "staff_accounts.send_reset_link": {"user_id"},
    "staff_accounts.staff_list": set(),
    "staff_accounts.new": set(),
    "staff_accounts.edit": {"user_id"},
    "moderation.audit_csv": set(),
}
#: What anyone may reach under /intern (with the arguments it takes): signing in, a password link.
OPEN = {"accounts.login": set(), "accounts.forgot_password": set(), "accounts.reset_password": {"token"}}
#: Values a form might take, so that a route missing its scope check would act (and be caught).
FORM = {
    "title": "Übernommen",
    "kind": "Regionalkonferenz",
    "kommune": "testkreis",
    "round": "1",
    "date": "2027-05-01",
    "status": "kontaktiert",
    "priority": "mittel",
    "reason": "Übernommen",
    "text": "Übernommen",
    "noted_on": "2027-05-01",
    "notes": "Übernommen",
    "confirmed": "1",
    "score": "1",
}
FOREIGN = "ZZFREMD"


def test_every_route_has_a_docstring(app):
    """Flask's own static view (a lambda) is not ours; the vendored libraries' are blueprints'."""
    missing = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint != "static" and not (inspect.getdoc(view) or "").strip():
            missing.append(f"{rule.endpoint} ({inspect.getsourcefile(inspect.unwrap(view))})")
    assert missing == []


def test_every_staff_route_is_bound_to_a_kommune_or_listed(app):
    """A new /intern route is either Kommune-bound (and walked below) or named in UNBOUND or OPEN."""
    for rule in rules(app, ("GET", "POST"), "/intern"):
        assert rule.arguments & KOMMUNE_BOUND or rule.endpoint in UNBOUND | set(OPEN) | set(ADMIN_ONLY), (
            rule.rule
        )
        allowed = KOMMUNE_BOUND | {"word", "decision", "action"} | ADMIN_ONLY.get(rule.endpoint, set())
        assert rule.arguments <= allowed | OPEN.get(rule.endpoint, set()), rule.rule


def staff_requests(app, world, skip=()):
    """(rule, method, url) of every /intern route but the sign-in page (and these endpoints)."""
    for rule in rules(app, ("GET", "POST"), "/intern"):
        if rule.endpoint in OPEN or rule.endpoint in skip:
            continue
        for url in rule_urls(app, rule, world):
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield rule, method, url


def snapshot() -> dict:
    """What a staff action could change: counts, states and texts of the world's rows."""
    models = (
        Initiative,
        MeetingPlace,
        Need,
        Conference,
        Measure,
        ProgressNote,
        Connection,
        Revision,
        Registration,
        AuditEntry,
        SwotItem,
        KeyFigure,
        Contribution,
    )
    state = {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in models}
    for model in (Initiative, MeetingPlace):
        state[model.__name__ + "s"] = sorted(
            db.session.execute(select(model.id, model.status, model.name)).all()
        )
    state["needs"] = sorted(
        db.session.execute(select(Need.id, Need.title, Need.status, Need.kommune_id)).all()
    )
    state["conferences"] = sorted(db.session.execute(select(Conference.id, Conference.title)).all())
    state["measures"] = sorted(db.session.execute(select(Measure.id, Measure.title, Measure.status)).all())
    state["swot_items"] = sorted(db.session.execute(select(SwotItem.id, SwotItem.text)).all())
    state["key_figures"] = sorted(db.session.execute(select(KeyFigure.id, KeyFigure.value)).all())
    state["connections"] = sorted(db.session.execute(select(Connection.id, Connection.status)).all())
    state["contributions"] = sorted(
        db.session.execute(select(Contribution.id, Contribution.status, Contribution.need_id)).all()
    )
    state["revisions"] = sorted(db.session.execute(select(Revision.id, Revision.status)).all())
    db.session.rollback()
    return state


def test_every_staff_route_refuses_anonymous_visitors(app, client):
    world = make_world("Sichtbar")
    before = snapshot()
    token = csrf_token(client, "/intern/anmelden")  # a valid form token: the refusal is the sign-in's
    checked = 0
    for _rule, method, url in staff_requests(app, world):
        response = (
            client.get(url) if method == "GET" else client.post(url, data={**FORM, "csrf_token": token})
        )
        refused = response.status_code in (401, 403) or (
            response.status_code == 302 and "/intern/anmelden" in response.headers["Location"]
        )
        assert refused, (method, url, response.status_code)
        checked += 1
    assert checked >= 40 and snapshot() == before


def test_every_kommune_bound_staff_route_refuses_planners_of_other_kommunen(app, client):
    world = make_world(FOREIGN)
    other = make_second_kommune()
    make_staff("fremd@example.org", kommunen=(other.slug,))
    login(client, "fremd@example.org")
    before = snapshot()
    token = csrf_token(client, "/intern/")
    bound = 0
    for rule, method, url in staff_requests(app, world, skip={"accounts.logout"}):
        response = (
            client.get(url) if method == "GET" else client.post(url, data={**FORM, "csrf_token": token})
        )
        assert response.status_code < 500, (method, url)
        if rule.arguments & KOMMUNE_BOUND:
            assert response.status_code in (403, 404), (method, url, response.status_code)
            bound += 1
        elif rule.endpoint in ADMIN_ONLY:
            assert response.status_code == 403, (method, url, response.status_code)
        elif method == "GET":  # the planner's own Kommunen only: nothing of the other's rows
            text = response.get_data(as_text=True)
            assert not marker_words(text, [FOREIGN, *HIDDEN_MARKERS.values(), REVISION_MARKER]), url
        assert client.get("/intern/").status_code == 200, f"signed out by {method} {url}"
    assert bound >= 25 and snapshot() == before


@pytest.mark.parametrize("role", ["planner", "admin"])
def test_the_planner_of_the_kommune_reaches_its_rows(app, client, role):
    """The counterpart: the same routes open for a planner of the Kommune (so the refusals above
    are the scope's, not broken URLs)."""
    world = make_world("Sichtbar")
    make_staff("eigen@example.org", role=role, kommunen=("testkreis",))
    login(client, "eigen@example.org")
    for rule in rules(app, ("GET",), "/intern"):
        if rule.arguments & KOMMUNE_BOUND:
            for url in rule_urls(app, rule, world):
                assert client.get(url).status_code == 200, url


def test_no_source_file_switches_the_formatter_off():
    """The formatter decides the layout everywhere (issue 14): no file carries a marker that turns it off."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    markers = ("# fmt: " + "skip", "# fmt: " + "off")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("zwk_network", "tests", "bench", "scripts")
        for path in (root / folder).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(marker in line for marker in markers)
    ]
    assert offenders == []


def test_today_is_the_local_day_everywhere():
    """„Today“ is the day in Europe/Berlin (timeutil.local_today): between 23:00 and 1:00 UTC the UTC date is
    yesterday's there, and a page said „Stand: 1. Dezember“ above entries of the 2nd."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    utc_day = re.compile(
        "|".join((r"utcnow\(\)\.date\(\)", r"date\.today\(\)", r"datetime\.(?:utc)?now\(\)\.date\(\)"))
    )
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("zwk_network",)
        for path in (root / folder).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if utc_day.search(line)
    ]
    assert offenders == []

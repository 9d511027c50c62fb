"""NUL and other control characters: removed from what a person typed into a form (the form goes
on, nothing stored has one); in path parameters and field names a 400 with a plain German message.
Never a 500 on any route (PostgreSQL cannot store NUL).

Project-wide: every route with a text path parameter and every route taking a POST is enumerated
from the URL map, so that a new route is covered without being named here."""

from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from tests.factories import make_kommune
from tests.submissions.helpers import VALID, csrf_token, make_staff, submit
from zwk_network.control_characters import CONTROL_CHARACTERS
from zwk_network.extensions import db
from zwk_network.registry.models import Initiative

MESSAGE = "Steuerzeichen"
NASTY = ["Nul\x00byte", "a\x00", "\x1b[31mrot", "\x7f", "\x08"]


def url_for_rule(rule, text: str) -> str:
    """The rule's path with every number parameter 1 and every text parameter `text` (%-encoded)."""
    path = rule.rule
    for name, converter in rule._converters.items():
        value = "1" if isinstance(converter, IntegerConverter) else quote(text, safe="")
        for spelling in (f"<{name}>", f"<int:{name}>", f"<path:{name}>", f"<string:{name}>"):
            path = path.replace(spelling, value)
    return path


def text_parameter_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(not isinstance(c, IntegerConverter) for c in rule._converters.values())
    ]


def post_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]


def assert_refused(response, where):
    assert response.status_code == 400, (where, response.status_code)
    text = response.get_data(as_text=True)
    assert MESSAGE in text, (where, text[:500])
    if response.mimetype != "application/problem+json":
        assert "<html" in text.lower() and "view_args" not in text and "form" not in text.split("<main")[-1]


def test_every_text_path_parameter_refuses_control_characters(app, client):
    rules = text_parameter_rules(app)
    assert len(rules) > 15  # the enumeration found the routes
    token = csrf_token(client, "/intern/anmelden")
    for rule in rules:
        for nasty in [*NASTY, "tab\there", "line\nbreak"]:
            url = url_for_rule(rule, nasty)
            assert "<" not in url, url
            if "GET" in rule.methods:
                response = client.get(url)
            else:
                response = client.post(url, data={"csrf_token": token})
            assert_refused(response, (rule.rule, nasty))


def stored_texts() -> list[str]:
    """Every text value of every table."""
    texts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()):
            texts += [value for value in row if isinstance(value, str)]
    return texts


def test_every_post_route_removes_control_characters_from_typed_values(app, client):
    make_kommune()
    rules = post_rules(app)
    assert len(rules) > 20
    token = csrf_token(client, "/intern/anmelden")
    for rule in rules:
        url = url_for_rule(rule, "initiative")
        for nasty in NASTY:
            for data in ({**VALID, "name": nasty, "step": "check"}, {"email": nasty + "@example.org"}):
                response = client.post(url, data={"csrf_token": token, **data})
                assert response.status_code < 500, (rule.rule, nasty, response.status_code)
                assert MESSAGE not in response.get_data(as_text=True), (rule.rule, nasty)
    assert not [text for text in stored_texts() if CONTROL_CHARACTERS.search(text)]


def test_every_post_route_refuses_control_characters_in_field_names(app, client):
    make_kommune()
    token = csrf_token(client, "/intern/anmelden")
    for rule in post_rules(app):
        url = url_for_rule(rule, "initiative")
        for nasty in NASTY:
            response = client.post(url, data={"csrf_token": token, "title": "Treffen", f"feld{nasty}": "x"})
            assert_refused(response, (rule.rule, nasty))
    assert db.session.scalar(select(func.count()).select_from(Initiative)) == 0


def test_a_pasted_control_character_is_removed_and_the_rest_kept(app, client):
    """Found by probing: a NUL pasted into the name gave an error page and lost the whole form."""
    make_kommune()
    make_staff()
    response = submit(client, name="Dorf\x00café\x1b am See", description="Zeile eins\r\nZeile\x07 zwei")
    assert response.status_code == 302
    initiative = db.session.scalar(select(Initiative))
    assert initiative.name == "Dorfcafé am See"
    assert initiative.description.replace("\r\n", "\n") == "Zeile eins\nZeile zwei"
    # an error elsewhere in the form: the form again, with the typed text (without the NUL) kept
    response = submit(client, name="Zweites\x00 Café", email="keine-adresse")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="Zweites Café"' in html and MESSAGE not in html


def test_the_reported_requests(app, client):
    make_kommune()
    make_staff()
    assert_refused(client.get("/kommunen/%00"), "/kommunen/%00")
    problem = client.get("/api/kommunen/%00")
    assert problem.status_code == 400 and problem.mimetype == "application/problem+json"
    assert MESSAGE in problem.get_json()["detail"]
    token = csrf_token(client, "/intern/anmelden")
    login = client.post(
        "/intern/anmelden", data={"csrf_token": token, "email": "a\x00@example.org", "password": "x" * 12}
    )
    assert login.status_code < 500 and "Steuerzeichen" not in login.get_data(as_text=True)


@pytest.mark.parametrize("text", ["Zeile eins\r\nZeile zwei", "Spalte\tzwei", "Absatz\n\nzwei"])
def test_tabs_and_line_breaks_in_text_areas_are_ordinary(app, client, text):
    make_kommune()
    assert submit(client, description=text).status_code == 302
    stored = db.session.scalar(select(Initiative.description))
    assert stored.replace("\r\n", "\n") == text.replace("\r\n", "\n")


def test_invisible_characters_are_removed_from_every_text():
    """Zero-width spaces and bidirectional overrides hide or reorder text (found on the idea board):
    removed; a text of nothing else is empty. Joiners and direction marks stay (emoji, scripts)."""
    from zwk_network.values import text

    parse = text(100)
    assert parse("Dorf\u200bcafé \u202eexe.txt\u202c") == "Dorfcafé exe.txt"
    assert parse("\u200b\u2060\ufeff \u202e") is None
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert parse(f"Familie {family} \u200f") == f"Familie {family} \u200f".strip()

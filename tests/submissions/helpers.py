"""Filling in the public forms like a browser does: fetch the page, take its CSRF token, post."""

import email
import re
from email import policy
from pathlib import Path

from zwk_network.accounts.services import create_user
from zwk_network.extensions import db

PASSWORD = "ein-langes-passwort-123"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
LINK = re.compile(r"(https?://\S+/eintrag/[A-Za-z0-9_-]{40,})")

VALID = {
    "name": "Kinderchor Westdorf",
    "kind": "Verein",
    "summary": "Wir singen mit Kindern von 6 bis 12 Jahren.",
    "description": "Proben im Gemeindehaus.",
    "themes": ["kultur", "jugend"],
    "target_groups": ["kinder"],
    "street": "Dorfstraße 1",
    "postcode": "18195",
    "town": "Westdorf",
    "opening_times": "dienstags 16 Uhr",
    "contact_person": "Erika Muster",
    "email": "chor@example.org",
    "publish_email": "y",
    "phone": "038205 12345",
    "website": "https://chor.example.org",
    "publish_website": "y",
    "submitter_email": "leitung@example.org",
}


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    found = TOKEN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {url} ({page.status_code}): {page.get_data(as_text=True)[:300]}"
    return found.group(1)


def post_form(client, url: str, data: dict, token_from: str | None = None):
    return client.post(url, data={"csrf_token": csrf_token(client, token_from or url), **data})


def submit(client, word="initiative", consent=True, **changes):
    """Both steps of the registration form; returns the last response."""
    data = {**VALID, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    url = f"/eintragen/{word}"
    check = post_form(client, url, {**data, "step": "check"})
    if check.status_code != 200:
        return check
    final = {**data, "step": "submit"}
    if consent:
        final["consent"] = "yes"
    return post_form(client, url, final)


def outbox(app) -> list:
    folder = Path(app.config["MAIL_OUTBOX"])
    return [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def edit_link(app, recipient="leitung@example.org") -> str:
    """The path of the newest edit link sent to this address."""
    for message in reversed(outbox(app)):
        if recipient in message["To"]:
            found = LINK.search(body(message))
            if found:
                return "/eintrag/" + found.group(1).rsplit("/eintrag/", 1)[1]
    raise AssertionError(f"no edit link sent to {recipient}")


def make_staff(email="planer@example.org", role="planner", kommunen=("testkreis",)):
    user = create_user(email, PASSWORD, role, list(kommunen), name=email.split("@")[0])
    db.session.commit()
    return user


def login(client, email="planer@example.org", password=PASSWORD):
    return post_form(client, "/intern/anmelden", {"email": email, "password": password})


def act(client, url: str, page: str, **data):
    """Press a button of a staff page (its forms carry the CSRF token)."""
    return post_form(client, url, data, token_from=page)


def logout(client):
    response = post_form(client, "/intern/abmelden", {}, token_from="/intern/")
    assert response.status_code == 302
    return response


def form_values(page: str) -> dict:
    """The values a page's form would post: its text inputs and text areas, as a browser reads them."""
    from html import unescape

    values = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and value and 'type="checkbox"' not in tag:
            values[unescape(name.group(1))] = unescape(value.group(1))
    for name, text in re.findall(r'<textarea\b[^>]*name="([^"]+)"[^>]*>\r?\n?(.*?)</textarea>', page, re.S):
        values[unescape(name)] = unescape(text)
    return values


def introduce(client, connection_id: int, **changes):
    """Open the introduction e-mail's preview, change what is given, send it."""
    url = f"/intern/vernetzung/{connection_id}/vorstellen"
    preview = client.get(url)
    assert preview.status_code == 200, preview.status_code
    return client.post(url, data={**form_values(preview.get_data(as_text=True)), **changes})

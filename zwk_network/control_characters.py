"""Control characters (NUL, ESC …) are never meaningful in what a request sends.

PostgreSQL cannot store NUL in a text column at all (psycopg raises), and the other control
characters only hide text from people reading it. Checked here for every route, before any view runs:
- in what a person typed (form values) they are removed, as values.text removes invisible
  characters: they come from pasting, and the form goes on as typed – an error elsewhere shows the
  form again with everything kept, instead of an error page that loses it;
- in what no person types (path parameters, form field names, file names) the request gets a
  plain 400 page (a problem document under /api/) and nothing is stored.
Query parameters are checked where lists read them (listing.py). Tabs and line breaks are ordinary
in the text areas of forms, and kept.
"""

import re

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict

from .api.problems import problem

#: Control characters other than tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Every control character: names, path parameters and file names have no line breaks either.
ANY_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def request_has_control_characters() -> bool:
    """Whether the path (its parameters), a form field's name or an uploaded file's name has one."""
    path_values = [value for value in (request.view_args or {}).values() if isinstance(value, str)]
    if any(ANY_CONTROL_CHARACTER.search(value) for value in (request.path, *path_values)):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if any(ANY_CONTROL_CHARACTER.search(name) for name in request.form):
        return True
    return any(
        ANY_CONTROL_CHARACTER.search(name) or ANY_CONTROL_CHARACTER.search(upload.filename or "")
        for name, upload in request.files.items(multi=True)
    )


def remove_typed_control_characters() -> None:
    """The request's form values without control characters (tab and line breaks kept)."""
    items = list(request.form.items(multi=True))
    if any(CONTROL_CHARACTERS.search(value) for _name, value in items):
        cleaned = [(name, CONTROL_CHARACTERS.sub("", value)) for name, value in items]
        request.form = ImmutableMultiDict(cleaned)


def init_control_character_check(app: Flask) -> None:
    """Register before the CSRF check and every view, so that these requests never reach them."""

    @app.before_request
    def refuse_control_characters():
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            remove_typed_control_characters()
        if not request_has_control_characters():
            return None
        title = _("Ungültige Eingabe")
        message = _(
            "Die Anfrage enthält unsichtbare Steuerzeichen (zum Beispiel ein Nullzeichen), "
            "die wir nicht speichern können. Bitte geben Sie den Text noch einmal ohne sie ein."
        )
        if request.path.startswith("/api/"):
            return problem(400, title, message)
        return render_template("errors/error.html", status=400, title=title, errors={}, message=message), 400

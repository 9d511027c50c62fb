"""Typed domain errors; each blueprint maps them to a page or to problem details. What an HTTP status is
called, for people (pages) and clients (problem details) alike: STATUS_TITLES and STATUS_MESSAGES."""

from flask_babel import lazy_gettext as _l

STATUS_TITLES = {
    400: _l("Ungültige Anfrage"),
    403: _l("Kein Zugriff"),
    404: _l("Nicht gefunden"),
    405: _l("So nicht aufrufbar"),
    409: _l("Konflikt"),
    413: _l("Zu viele Daten"),
    415: _l("Nicht unterstütztes Format"),
    429: _l("Zu viele Anfragen"),
    500: _l("Fehler auf unserer Seite"),
    503: _l("Vorübergehend nicht erreichbar"),
}
STATUS_MESSAGES = {
    404: _l("Diese Seite oder diesen Eintrag gibt es nicht oder nicht mehr."),
    405: _l("Diese Adresse lässt sich so nicht aufrufen. Bitte benutzen Sie die Schaltflächen der Seite."),
    413: _l(
        "Es wurden zu viele Daten auf einmal gesendet. Bitte senden Sie weniger oder eine kleinere Datei."
    ),
    429: _l(
        "Zu viele Anfragen in kurzer Zeit. Bitte warten Sie etwas und versuchen Sie es dann noch einmal."
    ),
    500: _l("Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später noch einmal."),
}


def status_title(status: int) -> str:
    """The German name of an HTTP status (as the request's language has it)."""
    fallback = 500 if status >= 500 else 400
    return str(STATUS_TITLES.get(status, STATUS_TITLES[fallback]))


def status_message(status: int) -> str:
    """What a person is told about an HTTP status, in plain words."""
    fallback = 500 if status >= 500 else 400
    return str(
        STATUS_MESSAGES.get(
            status, STATUS_MESSAGES.get(fallback, _l("Die Anfrage konnte nicht bearbeitet werden."))
        )
    )


class DomainError(Exception):
    status = 400
    title = "Bad request"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class InvalidInput(DomainError):
    """Input that cannot be used; `errors` maps a field (or parameter) to its reason."""

    status = 400
    title = "Invalid input"

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{key}: {value}" for key, value in errors.items()))
        self.errors = errors


class ValidationFailed(InvalidInput):
    """A service refused the values of a form: `errors` maps each field to its reason, in plain
    German. The view shows the form again as it was typed, each reason at its field (400)."""

    title = "Validation failed"

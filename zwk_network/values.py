"""How each kind of value is checked: one parser per rule, used by the forms and the imports alike.

A parser takes what came in (from a form: str or a list of str; from JSON: str, number, bool, list,
null; from CSV: str) and returns the clean value, or raises Refused. Refused says why twice: str()
in English for import reports (`row 3, phone: …`), `reason` in plain German for the person at a
form (translated like every page). Nothing is guessed: unknown slugs and malformed values are refused.
"""

import re
from datetime import date, time
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from .email_address import InvalidEmail, normalised_email

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
#: Digits with the separators people write: +49 (0381) 123-45, 0381/123 45, 0381.12345.
_PHONE = re.compile(r"^\+?\(?[0-9][0-9 ()/.\-]{3,46}[0-9]$")
_POSTCODE = re.compile(r"^[0-9]{5}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # JSON can escape them; no database can store them
#: Characters that show nothing and only hide or reorder text: zero-width space, word joiner, byte order
#: mark, and the bidirectional embeddings, overrides and isolates (a U+202E turns „txt.exe“ into „exe.txt“).
#: Removed from every text. Zero-width (non-)joiners and the left-to-right/right-to-left marks stay: emoji
#: and some scripts need them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
SHOWN_CHARACTERS = 80
SHOWN_ITEMS = 5


class Refused(ValueError):
    """A value a field does not take: str() in English (import reports), `reason` in German (forms)."""

    def __init__(self, message: str, reason):
        super().__init__(message)
        self.reason = reason


def shown(text: str) -> str:
    """A name or value from the file as a report may print it: short, and control characters visible."""
    text = str(text)
    if text.isprintable() and len(text) <= SHOWN_CHARACTERS:
        return text
    visible = repr(text[:SHOWN_CHARACTERS])
    return visible if len(text) <= SHOWN_CHARACTERS else f"{visible}… ({len(text)} characters)"


def shown_list(items) -> str:
    items = [shown(item) for item in items]
    more = f" and {len(items) - SHOWN_ITEMS} more" if len(items) > SHOWN_ITEMS else ""
    return ", ".join(items[:SHOWN_ITEMS]) + more


def is_blank(value) -> bool:
    """Nothing given: None, or only spaces."""
    return value is None or (isinstance(value, str) and value.strip() == "")


def text(max_length: int):
    """Text of at most max_length characters (after stripping spaces); blank is None."""

    def parse(value):
        if is_blank(value):
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise Refused("must be text", _l("muss Text sein"))
        value = _INVISIBLE.sub("", str(value)).strip()
        if not value:  # nothing but spaces and invisible characters
            return None
        if _CONTROL.search(value):
            raise Refused("contains control characters", _l("enthält Steuerzeichen"))
        if _SURROGATE.search(value):
            raise Refused(
                "contains characters that are not text (lone surrogates)",
                _l("enthält Zeichen, die kein Text sind"),
            )
        if len(value) > max_length:
            raise Refused(
                f"is longer than {max_length} characters ({len(value)})",
                _l(
                    "darf höchstens %(max)s Zeichen lang sein (jetzt %(length)s)",
                    max=max_length,
                    length=len(value),
                ),
            )
        return value

    parse.max_length = max_length
    return parse


def slug_list(vocabulary, what: str):
    """Slugs of a vocabulary: a list, or one text separated by `;`; blank is []."""

    def parse(value):
        if value is None or value == "":
            return []
        if isinstance(value, str):
            items = [item.strip() for item in value.split(";")]
        elif isinstance(value, list):
            items = [item.strip() if isinstance(item, str) else item for item in value]
        else:
            raise Refused(f"must be a list or ;-separated {what} slugs", _l("ist keine gültige Auswahl"))
        if not all(isinstance(item, str) for item in items):
            raise Refused(f"must be a list or ;-separated {what} slugs", _l("ist keine gültige Auswahl"))
        items = [item for item in items if item != ""]
        unknown = [item for item in items if item not in vocabulary]
        if unknown:
            raise Refused(
                f"unknown {what} slug(s): {shown_list(unknown)}",
                _l(
                    "unbekannte Auswahl: %(values)s",
                    values=", ".join(u[:60] for u in unknown[:5]),
                ),
            )
        return list(dict.fromkeys(items))

    parse.vocabulary = vocabulary
    return parse


def choice(values: tuple[str, ...]):
    """One of these values; blank is None."""

    def parse(value):
        if value is None or value == "":
            return None
        if value not in values:
            raise Refused(f"must be one of {', '.join(values)}", _l("ist keine gültige Auswahl"))
        return value

    parse.values = values
    return parse


def email(value):
    """An e-mail address we can write to, in its stored form (see email_address.normalised_email)."""
    value = text(254)(value)
    if value is None:
        return None
    if not _EMAIL.match(value):
        raise Refused("is not a valid e-mail address", _l("ist keine gültige E-Mail-Adresse"))
    try:
        return normalised_email(value)
    except InvalidEmail as error:
        raise Refused("is not an e-mail address we can write to (ASCII before the @)", str(error)) from None


def phone(value):
    """Digits with spaces, + ( ) / . - as separators, 5 to 50 characters."""
    value = text(50)(value)
    if value is not None and not _PHONE.match(value):
        raise Refused(
            "is not a valid phone number (digits, spaces, + ( ) / . -)",
            _l("ist keine gültige Telefonnummer (z. B. 038208 12345 oder +49 381 123456)"),
        )
    return value


#: What people write for a website without its scheme: "www.beispiel.de", "beispiel.de/verein".
_BARE_HOST = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?::[0-9]{1,5})?(?:[/?#]\S*)?$")


def website(value):
    """An http:// or https:// address with a host and without spaces. An address written without
    its scheme ("www.beispiel.de") is read as https:// – the same in forms and imports."""
    value = text(500)(value)
    if value is None:
        return None
    if _BARE_HOST.match(value):
        value = "https://" + value
        if len(value) > 500:
            raise Refused(
                "is longer than 500 characters (with https://)",
                _l("darf höchstens %(max)s Zeichen lang sein (jetzt %(length)s)", max=500, length=len(value)),
            )
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        raise Refused(
            "must be an http:// or https:// address",
            _l("ist keine Web-Adresse, z. B. www.verein.de oder https://verein.de"),
        )
    return value


def postcode(value):
    """A five-digit German postcode (a number from JSON gets its leading zeros back)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:05d}"
    value = text(10)(value)
    if value is not None and not _POSTCODE.match(value):
        raise Refused("must be a five-digit German postcode", _l("fünf Ziffern, z. B. 18195"))
    return value


#: The texts these parsers take at most (their column's width; their rules say the rest).
email.max_length, phone.max_length, website.max_length, postcode.max_length = 254, 50, 500, 10


def postcode_list(value):
    """Several postcodes, separated by spaces, commas or semicolons."""
    value = text(200)(value)
    if value is None:
        return []
    codes = [code for code in re.split(r"[\s,;]+", value) if code]
    wrong = [code for code in codes if not _POSTCODE.match(code)]
    if wrong:
        raise Refused(
            f"must be five-digit German postcodes: {shown_list(wrong)}", _l("fünf Ziffern, z. B. 18195")
        )
    return list(dict.fromkeys(codes))


def number(minimum: float, maximum: float, integer: bool = False):
    """A number from minimum to maximum (a whole one if integer); blank is None."""

    def parse(value):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise Refused("must be a number", _l("muss eine Zahl sein"))
        try:
            parsed = int(value) if integer else float(value)
        except (TypeError, ValueError, OverflowError):
            if integer:
                raise Refused("must be a whole number", _l("muss eine ganze Zahl sein")) from None
            raise Refused("must be a number", _l("muss eine Zahl sein")) from None
        if not minimum <= parsed <= maximum:
            raise Refused(
                f"must be between {minimum:g} and {maximum:g}",
                _l("muss zwischen %(min)s und %(max)s liegen", min=_written(minimum), max=_written(maximum)),
            )
        return parsed

    parse.minimum, parse.maximum, parse.integer = minimum, maximum, integer
    return parse


def _written(number: float) -> str:
    """A bound as people write it in German: „1.000.000.000.000“, „0,5“ – never „1e+12“."""
    if float(number).is_integer():  # points between thousands from five digits on („1900“, „10.000“)
        return f"{int(number):,}".replace(",", ".") if abs(number) >= 10_000 else str(int(number))
    return f"{number:f}".rstrip("0").replace(".", ",")


def boolean(value):
    """true/false, 1/0, ja/nein, yes/no; blank is None (not known)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "1", "ja", "yes"):
        return True
    if lowered in ("false", "0", "nein", "no"):
        return False
    raise Refused("must be true or false", _l("muss ja oder nein sein"))


def slug(value):
    """A slug: lower-case letters, digits and hyphens."""
    value = text(120)(value)
    if value is not None and not _SLUG.match(value):
        raise Refused(
            "must be a slug (lower-case letters, digits and hyphens)", _l("ist keine gültige Kennung")
        )
    return value


def day(value):
    """A date: YYYY-MM-DD (or a date a form already parsed); blank is None."""
    if isinstance(value, date):
        return value
    if is_blank(value):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise Refused("must be a date (YYYY-MM-DD)", _l("ist kein Datum (JJJJ-MM-TT)")) from None


def clock(value):
    """A time of day: HH:MM (or a time a form already parsed); blank is None."""
    if isinstance(value, time):
        return value
    if is_blank(value):
        return None
    try:
        return time.fromisoformat(str(value).strip())
    except ValueError:
        raise Refused("must be a time of day (HH:MM)", _l("ist keine Uhrzeit (HH:MM)")) from None

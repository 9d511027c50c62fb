"""E-mail addresses: what we accept, and the one form in which every address is stored and compared.

Stored form (normalised_email): Unicode NFC, no surrounding spaces, the part before the @ in
lower case, the domain lower case and IDNA-encoded (`exämple.org` → `xn--exmple-cua.org`,
full-width letters mapped as UTS #46 does). So `müller@Exämple.org` and `MÜLLER@xn--exmple-cua.org`
are one address: one registration per address holds, and the link request finds the entries.
Plus-addressing (`name+chor@…`) stays a separate address, by design.

The part before the @ must be ASCII: an address like `jürgen@example.org` needs a mail server
that speaks SMTPUTF8 on every hop, which we cannot rely on; the forms say so in plain German
instead of storing an address no message reaches.
"""

import unicodedata

import idna
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import Email, ValidationError

MAX_LENGTH = 254


class InvalidEmail(ValueError):
    """An address that cannot be used; str() is the reason in German, for the person who typed it."""


def normalised_email(address: str) -> str:
    """The stored and compared form of an address; raises InvalidEmail for one we cannot write to."""
    text = unicodedata.normalize("NFC", address.strip())
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise InvalidEmail(_("ist keine gültige E-Mail-Adresse"))
    if not local.isascii():
        reason = _(
            "Vor dem @ kann die Adresse keine Umlaute, kein ß und keine anderen besonderen "
            "Buchstaben enthalten. Bitte geben Sie eine Adresse ohne sie an."
        )
        raise InvalidEmail(reason)
    try:
        domain = idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise InvalidEmail(_("ist keine gültige E-Mail-Adresse")) from None
    normalised = f"{local.lower()}@{domain}"
    if len(normalised) > MAX_LENGTH:
        raise InvalidEmail(_("ist zu lang"))
    return normalised


def email_for_lookup(address: str) -> str:
    """The form to look an address up by (sign-in, rate limits): normalised where it can be,
    else NFC in lower case; never raises."""
    try:
        return normalised_email(address)
    except InvalidEmail:
        return unicodedata.normalize("NFC", address.strip()).lower()


class EmailAddress:
    """The form validator of every e-mail field: a valid address that we can write to.

    The field keeps what was typed (the form shows it again); services store normalised_email."""

    def __init__(self, message=None):
        self.syntax = Email(message or _l("ist keine gültige E-Mail-Adresse"))

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        self.syntax(form, field)
        try:
            normalised_email(field.data)
        except InvalidEmail as error:
            raise ValidationError(str(error)) from None

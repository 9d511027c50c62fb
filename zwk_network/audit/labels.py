"""What the audit log page calls the actions and kinds of entry it stores.

Lines store the action as a German word (it is data: lines stay as they were written); the page
shows it through this table, so it reads in the interface's language. An action not listed
shows as stored."""

from flask_babel import lazy_gettext as _l

from ..entries import entry_labels
from ..field_labels import change_field_label

ACTION_LABELS = {
    "eingereicht": _l("eingereicht"),
    "bearbeitet": _l("bearbeitet"),
    "freigegeben": _l("freigegeben"),
    "abgelehnt": _l("abgelehnt"),
    "bestätigt": _l("als aktuell bestätigt"),
    "erinnert": _l("an Bestätigung erinnert"),
    "ausgeblendet": _l("ausgeblendet, weil lange nicht bestätigt"),
    "gelöscht": _l("gelöscht"),
    "Änderung eingereicht": _l("Änderung eingereicht"),
    "Änderung freigegeben": _l("Änderung freigegeben"),
    "Änderung abgelehnt": _l("Änderung abgelehnt"),
    "Vernetzung bestätigt": _l("Vernetzung bestätigt"),
    "Vernetzung geändert": _l("Vernetzung geändert"),
    "Vorschlag verworfen": _l("Vorschlag verworfen"),
    "Verwerfen zurückgenommen": _l("Verwerfen zurückgenommen"),
    "Vorstellung gesendet": _l("Vorstellungs-E-Mail gesendet"),
    "Vorstellung erneut gesendet": _l("Vorstellungs-E-Mail erneut gesendet"),
    "Art der Hilfe übernommen": _l("Art der Hilfe übernommen"),
    "Maßnahme angelegt": _l("Maßnahme angelegt"),
    "Maßnahme geändert": _l("Maßnahme geändert"),
    "Fortschritt notiert": _l("Fortschritt notiert"),
    "SWOT-Punkt angelegt": _l("SWOT-Punkt angelegt"),
    "SWOT-Punkt geändert": _l("SWOT-Punkt geändert"),
    "SWOT-Punkt gelöscht": _l("SWOT-Punkt gelöscht"),
    "Kennzahl angelegt": _l("Kennzahl angelegt"),
    "Kennzahl geändert": _l("Kennzahl geändert"),
    "Kennzahl gelöscht": _l("Kennzahl gelöscht"),
    "Kennzahlen importiert": _l("Kennzahlen importiert"),
    "Rechtstext angelegt": _l("Rechtstext angelegt"),
    "Rechtstext geändert": _l("Rechtstext geändert"),
    "Rechtstext entfernt": _l("Rechtstext entfernt"),
    "Barrierefreiheit-Kontakt geändert": _l("Rückmeldung und Schlichtung geändert"),
    "Konto angelegt": _l("Konto angelegt"),
    "Konto geändert": _l("Konto geändert"),
    "Passwort gesetzt": _l("Passwort gesetzt"),
    "Passwort-Link gesendet": _l("Link zum Zurücksetzen des Passworts gesendet"),
}

#: Kinds of line that are no entry of the registry.
OTHER_KINDS = {
    "measure": _l("Maßnahme"),
    "swot_item": _l("SWOT-Punkt"),
    "key_figure": _l("Kennzahl"),
    "kommune": _l("Kommune"),
    "legal_text": _l("Rechtlicher Text"),
    "user": _l("Konto"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def kind_label(entry_type: str | None) -> str:
    """„Initiative“, „Begegnungsort“, „Maßnahme“ … ; nothing for a line about no entry."""
    if not entry_type:
        return ""
    label = entry_labels().get(entry_type) or OTHER_KINDS.get(entry_type)
    return str(label) if label is not None else entry_type


#: Changed keys of lines about no registry entry (accounts, connections, legal texts, introductions).
CHANGE_LABELS = {
    "role": _l("Rolle"),
    "kommunen": _l("Kommunen"),
    "active": _l("aktiv"),
    "introduction": _l("Vorstellungs-E-Mail"),
    "notes": _l("Notizen"),
    "started_on": _l("Beginn"),
    "ended_on": _l("Ende"),
    "body": _l("Text"),
}


def change_label(key: str) -> str:
    """A changed key as the log shows it: the declarations' label (field_labels), else this table's."""
    label = change_field_label(key)
    return str(CHANGE_LABELS.get(key, label)) if label == key else label

"""Legal texts for tests, written through the service as an admin would."""

from zwk_network.extensions import db
from zwk_network.legal.services import save_legal_text


def write_text(page, kommune=None, language="de", title=None, body="Text"):
    text = save_legal_text(page, kommune, language, title or f"Titel {page}", body, user=None)
    db.session.commit()
    return text

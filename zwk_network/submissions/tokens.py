"""Private edit links: 256 random bits, of which only the SHA-256 is stored."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..timeutil import utcnow
from .models import EditToken

TOKEN_BYTES = 32  # 256 bits; the issue asks for at least 128


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(entry_type: str, entry_id: int) -> str:
    """A new edit link token for an entry; earlier ones stay valid until they expire."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    days = current_app.config["EDIT_LINK_DAYS"]
    db.session.add(
        EditToken(
            entry_type=entry_type,
            entry_id=entry_id,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    return token


def token_target(token: str) -> tuple[str, int] | None:
    """(entry type, entry id) of a valid, unexpired token; None for anything else."""
    if not token or len(token) > 100:
        return None
    row = db.session.execute(
        select(EditToken.entry_type, EditToken.entry_id, EditToken.expires_at).where(
            EditToken.token_hash == hash_token(token)
        )
    ).first()
    if row is None or row.expires_at < utcnow():
        return None
    return row.entry_type, row.entry_id


def revoke_tokens(entry_type: str, entry_id: int) -> None:
    db.session.execute(
        delete(EditToken).where(EditToken.entry_type == entry_type, EditToken.entry_id == entry_id)
    )

"""Confirmation messages after a staff action (approved, saved, mail sent, signed out).

A view that did something says so with notify(); the next page shows it once, in the base
layout's status region (role="status"), which screen readers announce. The text is the view's
own sentence, with names only as values: it is escaped like any other template value."""

from flask import current_app, flash, get_flashed_messages, request

CATEGORY = "notice"
SHOWN = "zwk.notices_shown"


def notify(message: str) -> None:
    """Tell the next page what the action did."""
    flash(message, CATEGORY)


def pending_notices() -> list[str]:
    """The messages left for this page (and gone after it). Without a session cookie there are
    none, and the session is not read: public pages stay free of "Vary: Cookie" and cacheable."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return []
    messages = get_flashed_messages(category_filter=[CATEGORY])
    if messages:  # a page that tells one person what they did is theirs: no cache keeps it
        request.environ[SHOWN] = True
    return messages


def notices_shown() -> bool:
    """Whether this response shows a confirmation (security.py sends it with no-store)."""
    return bool(request.environ.get(SHOWN))

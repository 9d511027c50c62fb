"""What a view may require of the signed-in account, shared by the blueprints of the staff area."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def admin_required(view):
    """Signed in (else to the sign-in page) and an admin (else 403)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped

"""flask users create | list"""

import click
from flask.cli import with_appcontext

from ..errors import InvalidInput
from ..extensions import db
from .services import create_user, list_users


@click.group("users", help="Staff accounts (planners and admins).")
def users_cli():
    pass


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", default="")
@click.option("--role", type=click.Choice(["planner", "admin"]), default="planner", show_default=True)
@click.option(
    "--kommune", "kommunen", multiple=True, help="Slug of a Kommune the planner works for (repeatable)."
)
@click.password_option(help="At least 12 characters; asked for when not given.")
@with_appcontext
def create(email, name, role, kommunen, password):
    """Create a staff account."""
    try:
        user = create_user(email, password, role, list(kommunen), name)
    except InvalidInput as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        f"created {user.role} {user.email} for {', '.join(k.slug for k in user.kommunen) or 'all Kommunen'}"
    )


@users_cli.command("list")
@with_appcontext
def list_command():
    """List staff accounts."""
    for user in list_users():
        scope = ", ".join(k.slug for k in user.kommunen) or "alle"
        click.echo(f"{user.email}\t{user.role}\t{'aktiv' if user.active else 'gesperrt'}\t{scope}")

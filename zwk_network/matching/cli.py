"""flask --app zwk_network help-kinds suggest [--apply] [--kommune SLUG]"""

import click
from flask.cli import AppGroup

from ..errors import NotFound
from ..extensions import db
from ..taxonomy import help_kind_label
from .kind_suggestions import MODELS, store_suggested_kinds, suggestions_for_missing_kinds

help_kinds_cli = AppGroup(
    "help-kinds", help="Kinds of help (Art der Hilfe): suggestions for entries without."
)


@help_kinds_cli.command("suggest")
@click.option(
    "--apply", "apply_", is_flag=True, help="Store the suggestions (one transaction, audit-logged)."
)
@click.option("--kommune", help="Only the entries and needs of this Kommune (slug).")
def suggest_command(apply_, kommune):
    """List initiatives, meeting places and needs without kinds of help, with the suggested kinds."""
    try:
        suggestions = suggestions_for_missing_kinds(kommune)
    except NotFound:
        raise click.ClickException(f"unknown Kommune: {kommune}") from None
    for item in suggestions:
        kinds = ", ".join(f"{slug} ({help_kind_label(slug)})" for slug in item.slugs) or "no suggestion"
        click.echo(f"{item.entry_type} {item.entry.id} {item.name}: {kinds}")
    with_suggestion = sum(1 for item in suggestions if item.slugs)
    click.echo(f"{len(suggestions)} without kinds of help, {with_suggestion} with a suggestion")
    if not apply_:
        return
    stored = store_suggested_kinds(suggestions)
    db.session.commit()
    counts = ", ".join(f"{stored[kind]} {kind}" for kind in MODELS)
    click.echo(f"stored the suggested kinds: {counts} ({sum(stored.values())} in all)")

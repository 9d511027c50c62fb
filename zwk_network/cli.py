"""Command-line interface: seed, import, export, docs (flask --app zwk_network …)."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from .exchange.exporter import EXPORT_KINDS, export_entries
from .exchange.fields import KINDS
from .exchange.format_doc import IMPORT_FORMAT_DOC, import_format_markdown
from .exchange.importer import import_file
from .exchange.readers import detect_format
from .schema import NOT_MIGRATED, pending_migrations
from .seed import SeedError, load_seed


@click.command("seed")
@with_appcontext
def seed_command():
    """Load the seed data (Kommunen, regions, conferences, needs, demo entries); idempotent."""
    _require_migrated()
    try:
        load_seed(echo=click.echo)
    except SeedError as error:
        raise click.ClickException(str(error)) from None
    click.echo("Seed data loaded.")


@click.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--kommune", help="Slug of the Kommune all rows belong to.")
@click.option("--dry-run", is_flag=True, help="Check the file and report; store nothing.")
@with_appcontext
def import_command(kind, path, kommune, dry_run):
    """Import KIND from a GeoJSON or CSV file, all or nothing, with a report per row."""
    _require_migrated()

    def progress(rows: int) -> None:
        click.echo(f"  … {rows} rows checked", err=True)

    report = import_file(path, kind, kommune=kommune, dry_run=dry_run, progress=progress)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if not report.ok:
        raise click.ClickException(report.summary())
    click.echo(report.summary())


@click.command("export")
@click.argument("kind", type=click.Choice(EXPORT_KINDS))
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["geojson", "csv"]),
    default=None,
    help="File format; by default taken from the file name.",
)
@click.option("--kommune", help="Export only the entries of this Kommune.")
@with_appcontext
def export_command(kind, path, fmt, kommune):
    """Export the approved entries of KIND in the import format."""
    _require_migrated()
    try:
        fmt = fmt or detect_format(path)
        count = export_entries(kind, fmt, path, kommune=kommune)
    except Exception as error:  # a clear message instead of a traceback for any write problem
        raise click.ClickException(str(error)) from None
    click.echo(f"exported {count} {kind} to {path}")


def _require_migrated() -> None:
    if pending_migrations():
        raise click.ClickException(NOT_MIGRATED)


@click.command("remind")
@with_appcontext
def remind_command():
    """E-mail a confirm-or-edit link for every entry not confirmed for 12 months."""
    from .moderation.reminders import send_reminders

    click.echo(f"sent {send_reminders()} reminder(s)")


@click.command("freshness")
@with_appcontext
def freshness_command():
    """Hide entries unconfirmed for ZWK_FRESHNESS_HIDE_AFTER_MONTHS (telling owner and planners once);
    show again those confirmed since. Idempotent: run it daily after `remind`."""
    from .moderation.freshness import apply_freshness

    _require_migrated()
    run = apply_freshness()
    click.echo(
        f"hid {run.hidden} entr{'y' if run.hidden == 1 else 'ies'} (told {run.owners_told} owner(s), "
        f"{run.planners_told} planner mail(s)); showed {run.shown_again} again"
    )


@click.group("docs")
def docs_cli():
    """Documents written from the code."""


@docs_cli.command("import-format")
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="where to write it (default: docs/import-format.md of the checkout)",
)
@with_appcontext
def import_format_command(output):
    """Write docs/import-format.md from the fields' declarations."""
    path = Path(output) if output else IMPORT_FORMAT_DOC
    path.write_text(import_format_markdown(), encoding="utf-8")
    click.echo(f"wrote {path}")


def init_cli(app: Flask) -> None:
    from .accounts.cli import users_cli
    from .matching.cli import help_kinds_cli
    from .reports.cli import guide_cli
    from .subscriptions.cli import notify_command

    for command in (
        seed_command,
        import_command,
        export_command,
        remind_command,
        notify_command,
        freshness_command,
        users_cli,
        help_kinds_cli,
        guide_cli,
        docs_cli,
    ):
        app.cli.add_command(command)

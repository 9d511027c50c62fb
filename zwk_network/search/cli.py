"""flask --app zwk_network search reindex | check [--fix]"""

import time

import click
from flask.cli import AppGroup

from .document_workers import every_part
from .engine import search_backend
from .reconcile import find_drift, pending_writes, reconcile, repair_drift
from .sync import bulk_processes

search_cli = AppGroup("search", help="The search index: rebuild it, or check it against the database.")


@search_cli.command("reindex")
def reindex_command():
    """Rebuild the search index from the database, with progress."""
    started = time.perf_counter()

    def progress(count: int) -> None:
        click.echo(f"  … {count} indexed", err=True)

    count = search_backend().rebuild_parts(every_part, progress=progress, processes=bulk_processes())
    click.echo(f"indexed {count} entries in {time.perf_counter() - started:.1f} s")


@search_cli.command("check")
@click.option("--fix", is_flag=True, help="Re-index what is missing or stale; remove what is not public.")
def check_command(fix):
    """List entries missing from or stale in the index (exit 1 when there are any)."""
    waiting = pending_writes()
    if waiting:
        click.echo(f"{waiting} index writes not confirmed (journal)")
    missing, stale, extra = find_drift()
    for label, keys in (("missing", missing), ("stale", stale), ("not public", extra)):
        for key in keys:
            click.echo(f"{label}: {key}")
    if fix:
        result = reconcile()
        if result.skipped:
            raise click.ClickException("another process is repairing the index; try again in a moment")
        click.echo(f"repaired {result.repaired + repair_drift()} entries")
    elif missing or stale or extra:
        raise click.ClickException(f"{len(missing)} missing, {len(stale)} stale, {len(extra)} not public")
    else:
        click.echo("the search index matches the database")

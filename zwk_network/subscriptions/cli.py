"""`flask notify`: send the subscriptions' digests (run it from cron or a systemd timer)."""

import click
from flask.cli import with_appcontext

from .notify import run_notify


@click.command("notify")
@with_appcontext
def notify_command():
    """Send due digests of new and changed entries; delete unconfirmed subscriptions; idempotent."""
    report = run_notify()
    for subscription_id in report.refused:
        click.echo(f"subscription {subscription_id}: stored filter no longer valid, skipped", err=True)
    click.echo(report.summary())

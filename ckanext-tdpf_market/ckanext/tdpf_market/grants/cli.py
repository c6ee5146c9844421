"""`ckan tdpf grants ...`."""
from __future__ import annotations

import click


@click.group(short_help="Access requests and grants")
def grants():
    """Access requests and grants of the distribution platform."""


@grants.command()
def expire():
    """Expire undecided requests past their deadline and grants past their
    validity, end grants of withdrawn or suspended datasets (what the hourly
    scheduled task does), and print the counts."""
    from .service import expire_due

    counts = expire_due()
    click.echo(f"requests expired: {counts['requests']}, grants expired: {counts['grants']}, "
               f"grants ended by withdrawal or suspension: {counts['ended']}")


commands = [grants]

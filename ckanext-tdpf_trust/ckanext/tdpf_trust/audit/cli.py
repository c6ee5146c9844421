"""`ckan tdpf audit ...`."""
from __future__ import annotations

import sys

import click


@click.group(short_help="Trust audit log")
def audit():
    """The append-only, hash-chained trust audit log."""


@audit.command()
def verify():
    """Check every record's hash and its link to the previous record."""
    from .chain import verify as walk

    problems = list(walk())
    for problem in problems:
        click.echo(f"PROBLEM record {problem.record_id}: {problem.message}")
    if problems:
        click.echo(f"{len(problems)} problem(s): the audit log was tampered with.")
        sys.exit(1)
    click.echo("OK: audit log intact")


commands = [audit]

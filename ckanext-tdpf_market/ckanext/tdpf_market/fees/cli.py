"""`ckan tdpf fees ...`."""
from __future__ import annotations

import sys

import click


@click.group(short_help="Fee ledger")
def fees():
    """The fee ledger and monthly statements."""


@fees.command()
@click.argument("month")
def close(month):
    """Hand every statement of MONTH (YYYY-MM) to the payment gateway
    plugins (IPaymentGateway) and print the totals."""
    from .gateway import close_month
    from .ledger import MONTH

    if not MONTH.match(month):
        click.echo("MONTH must be YYYY-MM", err=True)
        sys.exit(2)
    for statement in close_month(month):
        who = (f"member {statement['member_user_id']}" if statement["member_user_id"]
               else f"provider {statement['organization_id']}")
        click.echo(f"{month}\t{who}\t{len(statement['entries'])} entries\t"
                   f"{statement['total_yen']} yen")


@fees.command()
def renew():
    """Charge the months and years valid monthly/yearly grants have entered
    (what the scheduler's hourly task does)."""
    from .ledger import charge_due_periods

    click.echo(f"{charge_due_periods()} renewal entries added")


commands = [fees]

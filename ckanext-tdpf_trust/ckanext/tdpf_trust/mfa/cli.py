"""`ckan tdpf mfa ...`: for the server's operators when nobody can log in
(e.g. the only sysadmin lost their phone and recovery codes)."""
from __future__ import annotations

import sys

import click


@click.group(short_help="Multi-factor authentication")
def mfa():
    """Multi-factor authentication (TOTP) of users."""


@mfa.command()
@click.argument("user")
@click.option("--reason", required=True, help="Why (recorded in the audit log).")
def reset(user: str, reason: str):
    """Remove USER's MFA enrolment and recovery codes: they set it up again
    at their next login."""
    from ckan import model

    from .totp import reset as do_reset

    found = model.User.get(user)
    if found is None:
        click.echo(f"No such user: {user}", err=True)
        sys.exit(1)
    had = do_reset(found, "", f"{reason} (ckan tdpf mfa reset)")
    click.echo(f"MFA of {found.name} reset." if had else f"{found.name} had no MFA.")


commands = [mfa]

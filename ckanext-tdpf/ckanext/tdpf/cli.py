"""`ckan tdpf ...` commands."""
from __future__ import annotations

import sys

import click

from .files.cli import files
from .prepare.cli import prepare
from .search.cli import search

__all__ = ["tdpf"]


@click.group(short_help="TDPF catalog commands")
def tdpf():
    """Tokyo Data Platform: health checks and demo data."""


@tdpf.command()
def doctor():
    """Report database, Redis, search backend, index and migrations."""
    from .doctor import run_all

    results = run_all()
    width = max(len(r.name) for r in results)
    for r in results:
        status = click.style("OK     ", fg="green") if r.ok else click.style("PROBLEM", fg="red")
        click.echo(f"{status} {r.name.ljust(width)}  {r.detail}")
    sys.exit(0 if all(r.ok for r in results) else 1)


@tdpf.command()
@click.option("--name", envvar="TDPF_ADMIN_USER", default="tdpf-admin", show_default=True)
@click.option("--email", envvar="TDPF_ADMIN_EMAIL", default="tdpf-admin@localhost",
              show_default=True)
@click.option("--password", envvar="TDPF_ADMIN_PASSWORD", default=None,
              help="Sets the password (also of an existing account).")
@click.option("--password-file", type=click.Path(dir_okay=False), default=None,
              help="Where a generated password is kept for later runs.")
def operator(name: str, email: str, password: str | None, password_file: str | None):
    """Create the operator (sysadmin) account if it does not exist."""
    import os
    import secrets

    from ckan import model

    from .operator import ensure_operator

    if not password and model.User.get(name) is None:
        password = secrets.token_urlsafe(12)
        if password_file:
            fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(fd, "w", encoding="utf-8") as f:
                f.write(password + "\n")
    created, _ = ensure_operator(name, email, password)
    if password:
        shown = password
    elif password_file and os.path.exists(password_file):
        shown = f"(unchanged; see {password_file})"
    else:
        shown = "(unchanged)"
    click.echo(f"operator {'created' if created else 'exists'}: user {name}  password {shown}")


@tdpf.group()
def demo():
    """The demo catalog."""


@demo.command("load")
def demo_load():
    """Load the demo organisations and datasets (skips what exists)."""
    from .demo import load

    summary = load(_site_user(), echo=click.echo)
    click.echo(", ".join(f"{k}={v}" for k, v in summary.items()))


@tdpf.command()
@click.option("--once", is_flag=True, help="Run due tasks once and exit.")
@click.option("--status", is_flag=True, help="Show each task's last run and next start.")
def scheduler(once: bool, status: bool):
    """Run periodic tasks (they enqueue background jobs)."""
    from . import scheduler as periodic

    if status:
        for row in periodic.Scheduler(periodic.all_tasks()).status():
            click.echo("{name}\t{schedule}\tlast run {last}\tnext {next}".format(
                last=row["last_run"] or "never", **row))
        return
    periodic.run_forever(once=once)


tdpf.add_command(search)
tdpf.add_command(files)
tdpf.add_command(prepare)


def _site_user() -> str:
    import ckan.plugins.toolkit as tk
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

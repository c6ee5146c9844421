"""`ckan tdpf files ...`: the pipeline's progress, and running it by hand."""
from __future__ import annotations

import json

import click

__all__ = ["files"]


@click.group(short_help="The file pipeline (fetch once, analyse, data rate)")
def files():
    """CSV/TSV/XLSX/XLS resources: states, queueing, running."""


@files.command("status")
@click.option("--json", "as_json", is_flag=True, help="The whole status as JSON.")
def status_command(as_json: bool):
    """Files per state, waiting longest, latest problems."""
    from .queue import status

    found = status()
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    click.echo(f"{found['total']} resources, {found['versions']} file versions "
               f"({found['bytes'] / 2**20:.1f} MB analysed in {found['seconds']:.1f} s)")
    for state, n in found["counts"].items():
        click.echo(f"  {state:<12} {n}")
    for title, rows in (("waiting", found["waiting"]), ("problems", found["problems"])):
        if rows:
            click.echo(f"{title}:")
        for row in rows:
            click.echo(f"  {row['resource_id']}  {row['state']:<11}  {row['message'][:90]}")
    for err in found["analyser_errors"]:
        click.echo(f"analyser error {err['resource_id']}: {err['errors']}")


@files.command("queue")
@click.option("--all", "everything", is_flag=True,
              help="Every tabular resource, not only those never read.")
def queue_command(everything: bool):
    """Queue the tabular resources the pipeline has not read (or all)."""
    from ckan import model

    from .model import FileState
    from .pipeline import _resource_dict, takes
    from .queue import enqueue

    known = {r for (r,) in model.Session.query(FileState.resource_id)}
    ids = []
    for res, pkg in (model.Session.query(model.Resource, model.Package)
                     .join(model.Package, model.Package.id == model.Resource.package_id)
                     .filter(model.Resource.state == "active")):
        if (everything or res.id not in known) and takes(pkg, _resource_dict(res)):
            ids.append(res.id)
    click.echo(f"queued {enqueue(ids)} of {len(ids)} resources")


@files.command("run")
@click.argument("resource_id")
def run_command(resource_id: str):
    """Check one resource's file here and now (what the worker does)."""
    from .pipeline import process

    click.echo(json.dumps(process(resource_id, wait=30), ensure_ascii=False))

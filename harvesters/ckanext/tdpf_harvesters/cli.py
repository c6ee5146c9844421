"""``ckan tdpf harvest ...`` (attached to the core ``tdpf`` group by the
tdpf_ckan plugin's IClick hook)."""
from __future__ import annotations

import sys

import click

__all__ = ["harvest"]


@click.group(short_help="Harvest sources and runs")
def harvest():
    """Harvest the catalogs of Tokyo, its municipalities and the nation."""


@harvest.command("load-sources")
@click.argument("path", required=False)
@click.option("--only", multiple=True,
              help="Load only these source names (also presets that are off).")
def load_sources(path: str | None, only: tuple[str, ...]):
    """Create or update the harvest sources of the presets file."""
    from . import operations

    try:
        summary = operations.load_sources(path, only=set(only), echo=click.echo)
    except (OSError, ValueError) as e:
        raise click.ClickException(str(e)) from e
    click.echo(", ".join(f"{k}={v}" for k, v in summary.items()))


@harvest.command("run")
@click.argument("source", required=False)
@click.option("--wait", is_flag=True, help="Wait for the jobs and show their progress.")
@click.option("--here", is_flag=True,
              help="Gather, fetch and import in this process (no queue workers needed).")
@click.option("--timeout", default=6 * 3600, show_default=True,
              help="Seconds --wait waits at most.")
def run(source: str | None, wait: bool, here: bool, timeout: int):
    """Run SOURCE (name or id), or every active TDPF source."""
    from . import operations

    try:
        ids = operations.source_ids(source)
    except LookupError as e:
        raise click.ClickException(str(e)) from e
    failed = False
    for source_id in ids:
        if here:
            stats = operations.run_here(source_id, progress=_progress)
        else:
            job = operations.start_job(source_id)
            if job is None:
                click.echo(f"{source_id}: a job is already queued or running")
                continue
            if not wait:
                click.echo(f"{source_id}: job {job} queued")
                continue
            stats = operations.wait_for(job, timeout, progress=_progress)
        click.echo("")
        click.echo(operations.describe(stats))
        failed |= bool(stats.get("errors"))
    sys.exit(1 if failed else 0)


@harvest.command("fetch-consumer")
def fetch_consumer():
    """ckanext-harvest's fetch consumer, leaving (exit 75) for a fresh one
    once it has used import_worker_max_rss_mb; run it under a supervisor."""
    from . import workers

    sys.exit(workers.consume_fetch_queue())


def _progress(name: str, done: int, total: int) -> None:
    click.echo(f"\r{name}: {done}/{total} objects", nl=False)
    sys.stdout.flush()

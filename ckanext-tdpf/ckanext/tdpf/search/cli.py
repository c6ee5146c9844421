"""``ckan tdpf search rebuild``: ``ckan search-index rebuild`` (which runs
in chunks on PostgreSQL, see bulk.py) over disjoint slices of the datasets
in several processes, each committing chunk by chunk. Validating and
analysing datasets is CPU work: one process uses one core."""
from __future__ import annotations

import os
import pathlib
import shutil
import sys
import threading

import click

from ckan import model

from . import backend, bulk, slices

__all__ = ["search"]


@click.group(short_help="Search index commands")
def search():
    """The dataset search index."""


@search.command()
@click.option("-w", "--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes, each indexing its share of the datasets.")
@click.option("-i", "--force", is_flag=True, help="Log a dataset that fails and go on.")
@click.option("-o", "--only-missing", is_flag=True, help="Index datasets not in the index only.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.option("--ids-file", hidden=True, type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def rebuild(ctx: click.Context, workers: int, force: bool, only_missing: bool, quiet: bool,
            ids_file: str | None):
    """Rebuild the search index (then clear datasets that no longer exist)."""
    from ckan.cli.search_index import clear_orphans
    from ckan.lib import search as ckan_search

    if backend.active() != backend.POSTGRES:
        raise click.ClickException("for the postgres search backend; use ckan search-index")
    if ids_file:
        _work(slices.read(ids_file), force)
        return
    ids = bulk.ids_to_index(only_missing, clear=False)
    if ids:
        if workers == 1:
            bulk.index_many(ids, defer_commit=True, force=force, progress=not quiet)
        else:
            _in_processes(ids, workers, force, quiet)
        model.Session.commit()
    ctx.invoke(clear_orphans)
    ckan_search.commit()
    if not quiet:
        click.echo()


def _work(ids: list[str], force: bool) -> None:
    """A worker: its slice, committed chunk by chunk, counted to the parent."""
    bulk.index_slice(ids, force, slices.report)


def _in_processes(ids: list[str], workers: int, force: bool, quiet: bool) -> None:
    import ckan.plugins.toolkit as tk
    done, lock = [0], threading.Lock()

    def count(indexed: int) -> None:
        with lock:
            done[0] += indexed
            if not quiet:
                sys.stdout.write(f"\rIndexing dataset {done[0]}/{len(ids)}")
                sys.stdout.flush()

    base = [_ckan_command(), "-c", tk.config["__file__"], "tdpf", "search", "rebuild"]
    codes = slices.run(ids, workers, lambda path: [
        *base, "--ids-file", path, *(["--force"] if force else [])], count)
    if any(codes):
        raise click.ClickException(f"a worker failed (exit codes {codes}); "
                                   "run again, with --only-missing to go on")


def _ckan_command() -> str:
    beside = pathlib.Path(sys.executable).with_name("ckan")
    return str(beside) if os.access(beside, os.X_OK) else (shutil.which("ckan") or "ckan")

"""The demo catalog cut to a few datasets (loading all of it takes about a
minute), for tests of ``ckan tdpf demo load``."""
from __future__ import annotations


def cut_demo_catalog(monkeypatch, count: int) -> list[dict]:
    """Make ``demo.catalog()`` return its first ``count`` datasets and their
    organisations; returns those datasets."""
    from ckanext.tdpf import demo

    full = demo.catalog()
    some = full["datasets"][:count]
    owners = {d["owner_org"] for d in some}
    monkeypatch.setattr(demo, "catalog", lambda: {
        "organizations": [o for o in full["organizations"] if o["name"] in owners],
        "datasets": some})
    return some

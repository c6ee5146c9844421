"""Access requests and grants."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def _enqueue_expiry() -> None:
    from .service import expire_due
    tk.enqueue_job(expire_due, title="tdpf_market: expire requests and grants")


def scheduled_tasks() -> list:
    from ckanext.tdpf.scheduler import Task
    return [Task("market-expiry", 3600, _enqueue_expiry)]

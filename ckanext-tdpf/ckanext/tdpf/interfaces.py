"""Interfaces other TDPF plugins implement; the core never imports them."""
from __future__ import annotations

from ckan.plugins.interfaces import Interface


class IScheduledTasks(Interface):
    """Contribute periodic tasks to `ckan tdpf scheduler` (started by
    `make serve`). A task should only enqueue a background job."""

    def scheduled_tasks(self) -> list:
        """Return a list of :class:`ckanext.tdpf.scheduler.Task`."""
        return []

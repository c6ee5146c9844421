"""Interfaces other TDPF plugins implement; the core never imports them."""
from __future__ import annotations

from ckan.plugins.interfaces import Interface


class IScheduledTasks(Interface):
    """Contribute periodic tasks to `ckan tdpf scheduler` (started by
    `make serve`). A task should only enqueue a background job."""

    def scheduled_tasks(self) -> list:
        """Return a list of :class:`ckanext.tdpf.scheduler.Task`."""
        return []


class IActionDescriptions(Interface):
    """Describe a plugin's API actions in the OpenAPI description
    (``/api/3/openapi.json``, ``ckanext.tdpf.openapi``): each ``tdpf_*``
    action it registers and each core action it changes. The action's
    docstring gives its summary and ``:param:`` texts; this gives what a
    docstring cannot say exactly."""

    def action_descriptions(self) -> dict[str, dict]:
        """``{action name: entry}``; an entry's keys (all optional):

        - ``ja``: the summary in Japanese (required for ``tdpf_*`` actions);
        - ``params``: ``{name: JSON Schema}`` of parameters (types, enums,
          bounds), merged over what the docstring and CKAN's naming
          conventions say; a ``description`` adds a parameter the
          docstring does not list;
        - ``required``: names of the required parameters;
        - ``result``: JSON Schema of the result;
        - ``note``: for a core action, what this plugin changes in it.
        """
        return {}

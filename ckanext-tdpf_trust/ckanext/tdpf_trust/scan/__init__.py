"""Personal-data scanning of resources.

- :mod:`.scanner` / :mod:`.rules`: the scanner itself (pure functions);
- :mod:`.jobs`: queueing on upload or URL change, the background job;
- actions ``tdpf_scan_show``, ``tdpf_scan_list``, ``tdpf_scan_run``,
  ``tdpf_scan_finding_resolve``; the dataset's scan page and the operators'
  queue (``/ckan-admin/trust/scan``);
- :func:`.publication.publication_problems` for the publication gate;
- :mod:`.hold`: a new or changed file of a public dataset is withheld from
  the public until its scan has run and found nothing blocking.

Resources created inside ``package_create``/``package_update`` do not pass
through IResourceController, so dataset actions are followed too, through
CKAN's ``action_succeeded`` signal, subscribed while the plugin is loaded
(ISignal); a private dataset made public gets its remote URLs scanned that
way.
"""
from __future__ import annotations

from . import model as _model  # noqa: F401 - registers the tables

# the publication gate asks each feature package (gate.problems)
from .publication import publication_problems

__all__ = ["publication_problems"]

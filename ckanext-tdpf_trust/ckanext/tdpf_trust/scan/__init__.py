"""Personal-data scanning of resources.

- :mod:`.scanner` / :mod:`.rules`: the scanner itself (pure functions);
- :mod:`.jobs`: queueing on upload or URL change, the background job;
- actions ``tdpf_scan_show``, ``tdpf_scan_list``, ``tdpf_scan_run``,
  ``tdpf_scan_finding_resolve``; the dataset's scan page and the operators'
  queue (``/ckan-admin/trust/scan``);
- :func:`publication_problems` for the publication gate;
- :mod:`.hold`: a new or changed file of a public dataset is withheld from
  the public until its scan has run and found nothing blocking.

Resources created inside ``package_create``/``package_update`` do not pass
through IResourceController, so dataset actions are followed too, through
CKAN's ``action_succeeded`` signal, subscribed while the plugin is loaded
(ISignal); a private dataset made public gets its remote URLs scanned that
way.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.lib import signals

from . import model as _model  # noqa: F401 - registers the tables

_FOLLOWED_ACTIONS = ("package_create", "package_update", "package_patch",
                     "package_revise", "bulk_update_public", "resource_create",
                     "resource_update", "resource_patch")


# Queueing a scan commits (the worker must see the scan row). Inside a
# deferred commit (the publication gate runs core actions that way, then
# commits or rolls back) that would commit the caller's half-done change:
# then nothing is queued here, and the action_succeeded signal of the
# outermost action, sent once the caller has finished, queues it.

def after_resource_create(context, resource):
    if not context.get("defer_commit"):
        from .jobs import on_resource_changed
        on_resource_changed(context, resource)


def after_resource_update(context, resource):
    after_resource_create(context, resource)


def after_dataset_show(context, pkg_dict):
    from . import hold
    hold.after_dataset_show(context, pkg_dict)


def after_dataset_search(search_results, search_params):
    from . import hold
    return hold.after_dataset_search(search_results)


def before_dataset_index(pkg_dict):
    from . import hold
    return hold.before_dataset_index(pkg_dict)


def _on_action(action_name, context=None, data_dict=None, result=None, **_):
    if (context or {}).get("defer_commit"):
        return
    from .jobs import on_dataset_changed

    if action_name == "bulk_update_public":
        ids = (data_dict or {}).get("datasets") or []
    elif action_name.startswith("resource_"):
        ids = [result.get("package_id")] if isinstance(result, dict) else []
    else:
        package = result.get("package") if isinstance(result, dict) and "package" in result \
            else result
        ids = [package.get("id")] if isinstance(package, dict) else [
            (data_dict or {}).get("id")]
    for package_id in filter(None, ids):
        on_dataset_changed(context or {}, package_id)


def signal_subscriptions() -> dict:
    """Subscribed while the trust plugin is loaded (ISignal)."""
    return {signals.action_succeeded: [{"receiver": _on_action, "sender": name}
                                       for name in _FOLLOWED_ACTIONS]}


def scheduled_tasks() -> list:
    from ckanext.tdpf.scheduler import Task

    from .jobs import _enqueue_rescan
    return [Task("trust-scan-rescan", 3600, _enqueue_rescan)]


def publication_problems(pkg_dict: dict) -> list[str]:
    """Why this dataset may not become (or stay) public: for each of its
    resources, open blocking findings of the latest scan, or (with
    ``ckanext.tdpf_trust.scan.block_pending``) an upload not scanned yet
    when the dataset is to become public (a public one's new files wait,
    withheld: ``hold``)."""
    from ckan import model as ckan_model

    from ..gate import ALREADY_PUBLIC
    from . import config, jobs

    if "resources" in pkg_dict:
        resources = [r for r in pkg_dict.get("resources") or [] if r.get("id")]
    else:
        pkg = ckan_model.Package.get(pkg_dict.get("id") or pkg_dict.get("name") or "")
        resources = [{"id": r.id, "name": r.name, "url": r.url, "url_type": r.url_type,
                      "size": r.size, "last_modified": r.last_modified and
                      r.last_modified.isoformat()} for r in (pkg.resources if pkg else [])]
    scans = jobs.latest_scans([r["id"] for r in resources])
    open_by_scan: dict[int, list] = {}
    for finding in jobs.findings([s.id for s in scans.values() if s.status == "done"],
                                 open_only=True, severity="blocking"):
        open_by_scan.setdefault(finding.scan_id, []).append(finding)
    problems = []
    for res in resources:
        scan = scans.get(res["id"])
        label = res.get("name") or res.get("url") or res["id"]
        if scan is None or jobs.source_of(res) not in (None, scan.source):
            continue  # never scanned, or the scan read a file the resource no longer has
        if scan.status in jobs.PENDING and scan.source.startswith("upload:") \
                and config.block_pending() and not pkg_dict.get(ALREADY_PUBLIC):
            problems.append(tk._(
                'The personal-data scan of resource "{name}" has not finished yet: '
                'try again in a moment.').format(name=label))
        found = open_by_scan.get(scan.id)
        if found:
            rules = ", ".join(sorted({f.rule for f in found}))
            problems.append(tk._(
                'Resource "{name}" has {count} unresolved personal-data finding(s) '
                '({rules}): remove the personal data and upload the file again, or '
                'mark each finding as a false positive with a reason on the '
                "dataset's personal-data scan page.").format(
                    name=label, count=len(found), rules=rules))
    return problems

"""The scan feature's hooks: scans queued when resources or datasets change,
the hold on shown and searched datasets, the periodic rescan."""
from __future__ import annotations

from ckan.lib import signals

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

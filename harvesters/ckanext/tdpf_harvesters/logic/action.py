"""Harvest sources are refused when their URL breaks the outbound policy
(file://, loopback, private...) or, when the URL is set or changed, its
host does not resolve, with the reason on the URL field; their
list shows configuration only to those who run them."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz, logic, model
from ckan.types import Action, Context, DataDict

from ckanext.harvest.logic import HarvestJobExists
from ckanext.harvest.model import HarvestSource
from ckanext.tdpf import outbound
from ckanext.tdpf.logic.action_input import validated

from .. import jobs, source_privacy
from ..importer import site_context
from . import schema
from .confirm import tdpf_harvest_classification_confirm
from .overlay_action import (
    tdpf_harvest_overlay_delete,
    tdpf_harvest_overlay_show,
    tdpf_harvest_overlay_update,
)
from .probe_action import tdpf_harvest_source_probe

# harvest_source_create/update call package_create/update with type "harvest"
__all__ = ["package_create", "package_update", "harvest_source_list", "harvest_source_show",
           "harvest_job_create", "harvest_jobs_run", "harvest_source_reindex",
           "tdpf_harvest_classification_confirm",
           # operator overlay (overlay_action.py)
           "tdpf_harvest_overlay_show", "tdpf_harvest_overlay_update",
           "tdpf_harvest_overlay_delete",
           # 接続テスト of a new source (probe_action.py)
           "tdpf_harvest_source_probe"]


# context key: the source may point at a host that does not resolve now
# (presets loaded on a machine without DNS; every fetch checks again)
RESOLVE_LATER = "tdpf_harvest_resolve_later"


def _check_source_url(context: Context, data_dict: DataDict) -> None:
    if data_dict.get("type") != "harvest" and not data_dict.get("source_type"):
        return
    url = validated(data_dict, schema.source_url(), context)["url"]
    if not url:
        return  # ckanext-harvest reports the missing URL (the core's gate a non-text one)
    try:
        outbound.check_url(url)
    except outbound.OutboundRefused as e:
        raise tk.ValidationError({"url": [str(e)]}) from None
    if context.get(RESOLVE_LATER) or not _new_url(data_dict, url):
        return
    host = outbound.unresolved_host(url)
    if host:
        raise tk.ValidationError({"url": [tk._(
            "Cannot resolve the host name {host}: check the URL.").format(host=host)]})


def _new_url(data_dict: DataDict, url: str) -> bool:
    """A source's URL being set or changed (an edit of other fields keeps
    working while its host is down)."""
    ref = data_dict.get("id") or data_dict.get("name")
    pkg = model.Package.get(ref) if isinstance(ref, str) and ref else None
    source = HarvestSource.get(pkg.id) if pkg is not None else None
    return source is None or source.url != url


@tk.chained_action
def package_create(up: Action, context: Context, data_dict: DataDict):
    _check_source_url(context, data_dict)
    return up(context, data_dict)


@tk.chained_action
def package_update(up: Action, context: Context, data_dict: DataDict):
    _check_source_url(context, data_dict)
    return up(context, data_dict)


@tk.chained_action
def harvest_job_create(up: Action, context: Context, data_dict: DataDict):
    """ckanext-harvest's, after closing the source's dead jobs (jobs.py: only
    jobs whose process died, as the scheduler would a minute later); a job
    queued or running is a 409 naming it (HarvestJobExists was a 500).
    Input and access are checked by the action itself (and the core's gates)."""
    source_id = data_dict.get("source_id")
    if not isinstance(source_id, str) or not source_id:  # upstream's auth: KeyError, 500
        raise tk.ValidationError({"source_id": [tk._("Missing value")]})
    if HarvestSource.get(source_id) is None:
        return up(context, data_dict)
    jobs.close_dead(source_id)
    try:
        return up(context, data_dict)
    except HarvestJobExists:
        model.Session.rollback()
        jobs.refuse_if_running(source_id)
        raise


@tk.chained_action
def harvest_jobs_run(up: Action, context: Context, data_dict: DataDict):
    """ckanext-harvest's periodic step, then closing dead jobs (jobs.py).
    Sysadmins only, as upstream's auth (which crashes on anonymous callers)."""
    if not context.get("ignore_auth") and not authz.is_sysadmin(context.get("user")):
        raise tk.NotAuthorized(tk._("Only sysadmins may run harvest jobs"))
    result = up(context, data_dict)
    source_id = data_dict.get("source_id")
    jobs.close_dead(source_id if isinstance(source_id, str) and source_id else None)
    return result


@logic.auth_audit_exempt  # as ckanext-harvest's own, which asks no auth (internal)
@tk.chained_action
def harvest_source_reindex(up: Action, context: Context, data_dict: DataDict):
    """ckanext-harvest's, committed: its search row (the status and counts
    the /harvest list shows) was written in the session and lost with it."""
    result = up(context, data_dict)
    if not context.get("defer_commit"):
        model.Session.commit()
    return result


@tk.chained_action
@tk.side_effect_free
def harvest_source_list(up: Action, context: Context, data_dict: DataDict):
    """ckanext-harvest's list, the same for anonymous and logged-in users
    who are not sysadmins: the sources whose dataset they may see, the
    configuration only of those they may update (source_privacy)."""
    tk.check_access("harvest_source_list", context, data_dict)
    if authz.is_sysadmin(context.get("user")):
        return up(context, data_dict)
    as_site: Context = {**context, **site_context()}
    every = up(as_site, data_dict)
    return source_privacy.listed(context, every)


@logic.auth_audit_exempt  # as ckanext-harvest's own (an extension's action)
@tk.chained_action
def harvest_source_show(up: Action, context: Context, data_dict: DataDict):
    """ckanext-harvest's, of a harvest source only: it proxies package_show,
    so a dataset's id answered the dataset, without the source's status
    (``/harvest/<dataset>/job/last`` was a KeyError, 500). Auth is
    package_show's, as upstream (its own auth reads ``id``, absent when
    the source is named by ``url``)."""
    source = up(context, data_dict)
    if source.get("type") != "harvest":
        raise tk.ObjectNotFound(tk._("Harvest source not found"))
    return source

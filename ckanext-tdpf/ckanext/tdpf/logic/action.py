"""API actions of the tdpf plugin (registered by ``tk.blanket.actions``)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic.schema import validator_args
from ckan.types import Context, DataDict, Schema

from .. import datarate
from ..datarate import linkcheck, present, report
from ..facets import current_lang
from ..prepare.actions import tdpf_prepare_apply, tdpf_prepare_propose
from ..prepare.publish import tdpf_prepare_publish
from ..searchhelp import package_search
from .visibility import current_package_list_with_resources, resource_search

__all__ = ["tdpf_data_rate_show", "tdpf_data_rate_summary", "tdpf_data_rate_check",
           "resource_search", "current_package_list_with_resources", "package_search",
           # data preparation (prepare/)
           "tdpf_prepare_propose", "tdpf_prepare_apply", "tdpf_prepare_publish"]


@tk.side_effect_free
def tdpf_data_rate_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The data rate of a dataset: MQA score out of 405, rating, 5-star level
    and every indicator with the points it earned and how to fix it.

    :param id: the id or name of the dataset
    :type id: string
    :returns: ``score``, ``max_score``, ``rating`` (excellent/good/sufficient/
        bad), ``rating_label``, ``stars``, ``dimensions`` (each with its
        ``indicators``), ``missing`` (indicators not met, with ``fix``);
        ``files`` (each tabular resource the file pipeline saw: ``state``,
        ``levels`` L1-L3, ``score``, ``level``, ``failed`` rule ids,
        ``findings`` with place, ``seen`` (empty for a gated file without a
        grant), ``title``/``fix`` and their ``_ja``/``_en``),
        ``file_dimension`` (``score``, ``level`` of the dataset's files) and
        ``overall`` (metadata and files combined, 0-100, with its rating)
    """
    id_ = tk.get_or_bust(data_dict, "id")
    tk.check_access("tdpf_data_rate_show", context, {"id": id_})
    pkg = tk.get_action("package_show")(context, {"id": id_})
    lang = current_lang()
    result = present.with_files(present.localise(datarate.for_package(pkg), lang), pkg,
                                context.get("user") or None, lang)
    result.update(id=pkg["id"], name=pkg["name"])
    return result


@validator_args
def _summary_schema(ignore_missing: Any, unicode_safe: Any, boolean_validator: Any) -> Schema:
    return {"organization": [ignore_missing, unicode_safe],
            "mine": [ignore_missing, boolean_validator]}


def _user_organizations(context: Context) -> list[str]:
    if not context.get("user"):
        return []
    orgs = tk.get_action("organization_list_for_user")(
        {"user": context.get("user", "")}, {"permission": "read"})
    return [o["name"] for o in orgs]


@tk.side_effect_free
def tdpf_data_rate_summary(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Data rate counts per rating and mean score, overall, per organization
    and per provider type. Only datasets the caller may see are counted.

    :param organization: only this organization (id or name) (optional)
    :type organization: string
    :param mine: only the organizations the caller is a member of (optional,
        default False)
    :type mine: bool
    :returns: ``total``, ``organizations``, ``provider_types`` (rows of
        ``key``, ``label``, ``count``, ``ratings`` {rating: count},
        ``mean_score``) and ``ratings`` (keys and labels)
    """
    tk.check_access("tdpf_data_rate_summary", context, data_dict)
    data, errors = tk.navl_validate(data_dict, _summary_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    scope: list[str] | None = None
    if data.get("organization"):
        org = model.Group.get(data["organization"])
        if org is None or not org.is_organization or org.state != "active":
            raise tk.ObjectNotFound(tk._("Organization not found"))
        scope = [org.name]
    if data.get("mine"):
        mine = _user_organizations(context)
        scope = [n for n in scope if n in mine] if scope is not None else mine
    return report.summary(context, scope, current_lang())


def tdpf_data_rate_check(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Queue a link check of a dataset's resource URLs now (the data rate
    follows when the background job has run).

    :param id: the id or name of the dataset
    :type id: string
    :returns: ``job_id`` of the queued (or already waiting) check
    """
    id_ = tk.get_or_bust(data_dict, "id")
    tk.check_access("tdpf_data_rate_check", context, {"id": id_})
    pkg = model.Package.get(id_)
    if pkg is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    job = linkcheck.enqueue_check(pkg.id)
    return {"job_id": job.id if job is not None else None}

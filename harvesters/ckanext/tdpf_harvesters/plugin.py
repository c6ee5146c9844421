"""Plugins ``tdpf_ckan`` and ``tdpf_dcat`` (harvesters on ckanext-harvest).

``tdpf_ckan`` also carries what both share: the harvest-record tables
(migration/tdpf_ckan), ``ckan tdpf harvest ...``, the duplicate handling in
search and the "also in" helper; ``tdpf_dcat`` needs it loaded.
"""
from __future__ import annotations

import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.harvest.interfaces import IHarvester
from ckanext.tdpf.interfaces import IActionDescriptions, IBulkIndexLookups, IScheduledTasks
from ckanext.tdpf.params import guarded_actions

from . import duplicates, index_lookups, schedule, source_privacy, views
from .harvesters.ckan import CkanHarvester
from .harvesters.dcat import DcatHarvester
from .logic import action, apidoc

DUPLICATE_FIELD = "harvest_duplicate_of"
# A flag beside it for the search filter: an exact value is one hashed
# facet term per row, where "field exists" reads every row's whole term
# document (about 4x slower at 100,000 datasets).
DUPLICATE_FLAG = "harvest_duplicate"


@tk.blanket.helpers
# our tdpf_harvest_* actions behind the bundle's shared input checks
@tk.blanket.actions(lambda: guarded_actions(action))
@tk.blanket.auth_functions
@tk.blanket.blueprints(views.get_blueprints)
@tk.blanket.config_declarations
class TdpfCkanHarvesterPlugin(CkanHarvester):
    p.implements(IHarvester)
    p.implements(p.IConfigurer)
    p.implements(p.IClick)
    p.implements(p.IPackageController, inherit=True)
    p.implements(IActionDescriptions)
    p.implements(IScheduledTasks)
    p.implements(IBulkIndexLookups)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        # ckanext-harvest (loaded before us) comes first in the template path:
        # what extends its own pages goes before it
        over = os.path.join(os.path.dirname(__file__), "templates_over_harvest")
        paths = [p for p in (config.get("extra_template_paths") or "").split(",") if p]
        config["extra_template_paths"] = ",".join([over, *[p for p in paths if p != over]])

    def action_descriptions(self):
        return apidoc.ACTIONS

    def scheduled_tasks(self):
        return schedule.scheduled_tasks()

    def bulk_index_lookups(self, package_ids):
        return index_lookups.for_chunk(package_ids)

    def get_commands(self):
        # `ckan tdpf harvest ...`: a subcommand of the core group (the core
        # does not know the harvesters; we attach ourselves to it).
        from ckanext.tdpf.cli import tdpf

        from .cli import harvest
        tdpf.add_command(harvest)
        return []

    def before_dataset_index(self, pkg_dict):
        dup = duplicates.duplicate_of(pkg_dict["id"])
        if dup:
            pkg_dict[DUPLICATE_FIELD] = dup
            pkg_dict[DUPLICATE_FLAG] = "yes"
        return source_privacy.before_dataset_index(pkg_dict)

    def after_dataset_show(self, context, pkg_dict):
        source_privacy.after_dataset_show(context, pkg_dict)

    def after_dataset_search(self, search_results, search_params):
        source_privacy.after_dataset_search(search_results)
        duplicates.add_source_counts(search_results)
        return search_results

    def before_dataset_search(self, search_params):
        # one result per dataset published in several catalogs
        if not tk.asbool(search_params.pop("include_duplicates", False)):
            # "(*:* -f:*)": a purely negative group matches nothing without
            # *:*; "+": required whatever the caller's fq and default operator
            fq = search_params.get("fq") or ""
            search_params["fq"] = f"+(*:* -{DUPLICATE_FLAG}:yes) {fq}".strip()
        return search_params


class TdpfDcatHarvesterPlugin(DcatHarvester):
    p.implements(IHarvester)

"""The TDPF core plugin: schema vocabularies and validators, PostgreSQL
search, catalog pages, environment configuration and the `ckan tdpf`
commands. Logic lives in the modules beside this one."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import compat, facets, indexing
from .datarate import linkcheck
from .datarate import model as _datarate_model  # noqa: F401 - registers the table
from .files import model as _files_model  # noqa: F401 - registers the tables
from .files import queue as file_queue
from .interfaces import IActionDescriptions, IUsagePanels
from .logic import action, activity, apidoc, auth, gates
from .params import guarded_actions
from .preview import access as preview_access
from .search import model as _search_model  # noqa: F401 - registers the table
from .searchlog import capture as searchlog
from .searchlog import model as _searchlog_model  # noqa: F401 - registers the tables
from .searchlog import report as searchlog_report
from .usage import model as _usage_model  # noqa: F401 - registers the tables
from .vocab import licences


# our actions behind the checks they share; core actions behind type gates;
# activity_show authorised for the data it returns
@tk.blanket.actions(lambda: {**gates.with_gates(guarded_actions(action)),
                               **activity.actions()})
# ours, and the DataStore reads chained behind the gated-content check
@tk.blanket.auth_functions(lambda: {**{name: getattr(auth, name) for name in auth.__all__},
                                    **preview_access.chained_auth_functions()})
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.blueprints
class TdpfPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(IActionDescriptions)
    p.implements(IUsagePanels)

    # IConfigurer
    def update_config(self, config):
        # Before CKAN's start-up Solr check, which runs right after this hook
        # (the search backend's switch is there too).
        compat.install()
        if not config.get("licenses_group_url"):
            config["licenses_group_url"] = licences.FILE.as_uri()
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")

    # IActionDescriptions (the OpenAPI description, ckanext.tdpf.openapi)
    def action_descriptions(self):
        return apidoc.ACTIONS

    # IFacets
    def dataset_facets(self, facets_dict, package_type):
        return facets.dataset_facets(facets_dict, package_type)

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        return indexing.before_index(pkg_dict)

    def after_dataset_create(self, context, pkg_dict):
        linkcheck.on_dataset_changed(pkg_dict["id"])
        file_queue.on_dataset_changed(pkg_dict["id"])

    def after_dataset_update(self, context, pkg_dict):
        linkcheck.on_dataset_changed(pkg_dict["id"])
        file_queue.on_dataset_changed(pkg_dict["id"])

    def after_dataset_search(self, search_results, search_params):
        searchlog.on_search(search_results, search_params)  # one RPUSH, see searchlog/
        return facets.label_search_facets(search_results)

    # IUsagePanels: the searches that led to the provider's datasets
    def usage_panels(self, organization_ids, days):
        return [searchlog_report.panel(organization_ids, days)]

"""The TDPF community plugin: data requests, comments and ratings,
showcases, moderation and notifications.

Each feature is a subpackage; ``registry.FEATURES`` collects their actions,
auth functions, helpers, blueprints and hooks and
``ckanext.tdpf.features.FeaturePlugin`` hands CKAN's calls to them, so this
class only declares the interfaces. It imports only the core: the audit log
and refusals of suspended users are reached through the core's facades."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.tdpf.features import FeaturePlugin
from ckanext.tdpf.interfaces import IActionDescriptions, IBulkIndexLookups, IDataRequestOffer

from .registry import FEATURES


@tk.blanket.actions(FEATURES.actions)
@tk.blanket.auth_functions(FEATURES.auth_functions)
@tk.blanket.helpers(FEATURES.helpers)
@tk.blanket.blueprints(FEATURES.blueprints)
@tk.blanket.config_declarations
class TdpfCommunityPlugin(FeaturePlugin, DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(IActionDescriptions)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.ISignal)  # requests: newly published datasets matched to requests
    p.implements(IBulkIndexLookups)  # ratings: one query per chunk of a bulk index
    p.implements(IDataRequestOffer)  # requests: a search that found nothing

    features = FEATURES

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    # IDataRequestOffer: the request form, the search words as its title
    def data_request_url(self, query):
        return tk.url_for("tdpf_community_requests.new", title=query[:200])

    # IBulkIndexLookups
    def bulk_index_lookups(self, package_ids):
        from .ratings.summary import prefetch
        return prefetch(package_ids)

"""The TDPF market plugin: usage conditions, members and tiers, access
requests and grants, gated downloads, usage, fees and rate limits.

Each feature is a subpackage; ``registry.FEATURES`` collects their actions,
auth functions, helpers, blueprints, commands and hooks
and ``ckanext.tdpf.features.FeaturePlugin`` hands CKAN's calls to them, so
this class only declares the interfaces."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.tdpf.features import FeaturePlugin
from ckanext.tdpf.interfaces import (
    IActionDescriptions,
    IGatedContent,
    IParticipantProfiles,
    IScheduledTasks,
)

from .registry import FEATURES


@tk.blanket.actions(FEATURES.actions)
@tk.blanket.auth_functions(FEATURES.auth_functions)
@tk.blanket.helpers(FEATURES.helpers)
@tk.blanket.blueprints(FEATURES.blueprints)
@tk.blanket.config_declarations
class TdpfMarketPlugin(FeaturePlugin, DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IClick)
    p.implements(IScheduledTasks)
    p.implements(IActionDescriptions)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.ISignal)  # the features' signals (grants: withdrawal notices)
    p.implements(IParticipantProfiles)
    p.implements(IGatedContent)

    features = FEATURES

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    # IParticipantProfiles: the member profiles live in this plugin's table
    def participant_profile(self, user_id):
        from .members import stored
        return stored(user_id)

    # IGatedContent: previews and DataStore reads of a gated resource are
    # allowed to whom its download is (the access gate's one decision)
    def gated_content_allowed(self, user_name, resource_id):
        from ckan import model

        from .access import gate
        return gate.decide(model.User.get(user_name) if user_name else None,
                           resource_id).allowed

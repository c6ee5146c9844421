"""The TDPF trust plugin: warranties, personal-data scanning, notice before
withdrawal, organisation review, suspension, MFA and the audit log.

Each feature is a subpackage; ``registry.FEATURES`` collects their actions,
auth functions, helpers, blueprints, commands and hooks
(``ckanext.tdpf.features``), so this class only wires CKAN's interfaces to
them."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.tdpf.interfaces import IScheduledTasks

from .registry import FEATURES
from .audit import model as _audit_model  # noqa: F401 - registers the table


@tk.blanket.actions(FEATURES.actions)
@tk.blanket.auth_functions(FEATURES.auth_functions)
@tk.blanket.helpers(FEATURES.helpers)
@tk.blanket.blueprints(FEATURES.blueprints)
@tk.blanket.config_declarations
class TdpfTrustPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IClick)
    p.implements(IScheduledTasks)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IAuthenticator, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    # IClick: `ckan tdpf audit ...` and the features' commands join the
    # core's `ckan tdpf` group (the core does not know this plugin).
    def get_commands(self):
        from ckanext.tdpf.cli import tdpf
        for command in FEATURES.commands():
            tdpf.add_command(command)
        return []

    # IScheduledTasks
    def scheduled_tasks(self):
        return [task for hook in FEATURES.hooks("scheduled_tasks") for task in hook()]

    # IFacets
    def dataset_facets(self, facets_dict, package_type):
        for hook in FEATURES.hooks("dataset_facets"):
            facets_dict = hook(facets_dict, package_type)
        return facets_dict

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        for hook in FEATURES.hooks("before_dataset_index"):
            pkg_dict = hook(pkg_dict)
        return pkg_dict

    def before_dataset_search(self, search_params):
        for hook in FEATURES.hooks("before_dataset_search"):
            search_params = hook(search_params)
        return search_params

    def after_dataset_search(self, search_results, search_params):
        for hook in FEATURES.hooks("after_dataset_search"):
            search_results = hook(search_results, search_params)
        return search_results

    def after_dataset_show(self, context, pkg_dict):
        for hook in FEATURES.hooks("after_dataset_show"):
            hook(context, pkg_dict)

    # IResourceController
    def after_resource_create(self, context, resource):
        for hook in FEATURES.hooks("after_resource_create"):
            hook(context, resource)

    def after_resource_update(self, context, resource):
        for hook in FEATURES.hooks("after_resource_update"):
            hook(context, resource)

    # IAuthenticator: suspended users are refused at login and on every
    # request (session or API token); MFA adds a second step to the login
    # form (ckanext.tdpf_trust.suspension, .mfa.login).
    def login(self):
        from .mfa.login import password_step
        return password_step()

    def identify(self):
        from .mfa.login import request_guard
        from .suspension import request_refusal
        return request_refusal() or request_guard()

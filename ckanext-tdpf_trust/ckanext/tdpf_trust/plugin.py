"""The TDPF trust plugin: warranties, personal-data scanning, notice before
withdrawal, organisation review, suspension, MFA, the audit log, the
news/event/policy pages, acceptance of the terms and leaving the platform.

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
    IAuditSink,
    IDemoPublication,
    IFileAnalysers,
    IHiddenReasonProvider,
    IParticipantVerifier,
    IRefusalProvider,
    IScheduledTasks,
)

from .audit import model as _audit_model  # noqa: F401 - registers the table
from .registry import FEATURES


@tk.blanket.actions(FEATURES.actions)
@tk.blanket.auth_functions(FEATURES.auth_functions)
@tk.blanket.helpers(FEATURES.helpers)
@tk.blanket.blueprints(FEATURES.blueprints)
@tk.blanket.config_declarations
class TdpfTrustPlugin(FeaturePlugin, DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IClick)
    p.implements(IScheduledTasks)
    p.implements(IActionDescriptions)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IAuthenticator, inherit=True)
    p.implements(p.ISignal)  # the features' signals (mfa: failed logins)
    p.implements(IParticipantVerifier)
    p.implements(IRefusalProvider)
    p.implements(IHiddenReasonProvider)
    p.implements(IAuditSink)  # other plugins' events (community: hidden posts)
    p.implements(IDemoPublication)
    p.implements(IFileAnalysers)  # the scan runs on the core's file pipeline

    features = FEATURES

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    # IAuthenticator: suspended users are refused at login and on every
    # request (session or API token); MFA adds a second step to the login
    # form and limits a session until it is passed; wrong passwords lock
    # out (ckanext.tdpf_trust.suspension, .mfa.login, .mfa.guard,
    # .mfa.password); a session that has not accepted new terms reaches
    # only the acceptance page (.terms.guard).
    def login(self):
        from .mfa.login import password_step
        return password_step()

    def identify(self):
        from .mfa.guard import request_guard
        from .suspension.checks import request_refusal
        from .terms.guard import request_guard as terms_guard
        return request_refusal() or request_guard() or terms_guard()

    def authenticate(self, identity):
        from .mfa.password import authenticate
        return authenticate(identity)

    # The core's interfaces, through which the market (and anyone) asks
    # this plugin without importing it.
    def participant_verified(self, user_id):
        from .review.organizations import user_is_verified
        return user_is_verified(user_id)

    def user_refusal(self, user_name):
        from .suspension.checks import refusal
        return refusal(user_name)

    def audit_record(self, event, actor, object_type, object_id, detail):
        from .audit.chain import record
        record(event, actor=actor, object_type=object_type, object_id=object_id,
               detail=detail)

    def dataset_hidden_reason(self, pkg_dict):
        from .tombstone.hiding import hidden_reason
        return hidden_reason(pkg_dict)

    def demo_before_publish(self, context, dataset, source):
        from .warranty.demo import warrant
        warrant(context, dataset, source)

"""Interfaces other TDPF plugins implement; the core never imports them.

Trust and market meet only here: each asks the core's facade
(``participants``, ``availability``, ``demo``), which asks whichever plugin
implements the interface, so neither plugin imports the other and each
works without it. ARCHITECTURE.md lists who implements what."""
from __future__ import annotations

from ckan.plugins.interfaces import Interface
from ckan.types import Context


class IScheduledTasks(Interface):
    """Contribute periodic tasks to `ckan tdpf scheduler` (started by
    `make serve`). A task should only enqueue a background job."""

    def scheduled_tasks(self) -> list:
        """Return a list of :class:`ckanext.tdpf.scheduler.Task`."""
        return []


class IActionDescriptions(Interface):
    """Describe a plugin's API actions in the OpenAPI description
    (``/api/3/openapi.json``, ``ckanext.tdpf.openapi``): each ``tdpf_*``
    action it registers and each core action it changes. The action's
    docstring gives its summary and ``:param:`` texts; this gives what a
    docstring cannot say exactly."""

    def action_descriptions(self) -> dict[str, dict]:
        """``{action name: entry}``; an entry's keys (all optional):

        - ``ja``: the summary in Japanese (required for ``tdpf_*`` actions);
        - ``params``: ``{name: JSON Schema}`` of parameters (types, enums,
          bounds), merged over what the docstring and CKAN's naming
          conventions say; a ``description`` adds a parameter the
          docstring does not list;
        - ``required``: names of the required parameters;
        - ``result``: JSON Schema of the result;
        - ``note``: for a core action, what this plugin changes in it.
        """
        return {}


class IParticipantProfiles(Interface):
    """Keep the participants' member profiles (the market plugin). Read
    through :func:`ckanext.tdpf.participants.profile`."""

    def participant_profile(self, user_id: str) -> dict | None:
        """``{"member_type", "tier", "organization_name"}`` of the user
        (``member_type`` None: signed up without becoming a member), or None
        when this plugin has no profile for the user."""
        return None


class IParticipantVerifier(Interface):
    """Say whether TDPF has checked a participant (the trust plugin: MFA or
    membership of an approved organisation). Read through
    :func:`ckanext.tdpf.participants.verified`."""

    def participant_verified(self, user_id: str) -> bool | None:
        """True or False when this plugin can tell; None when it cannot."""
        return None


class IRefusalProvider(Interface):
    """Refuse a user everything an auth function guards (the trust plugin:
    suspended accounts). Read through
    :func:`ckanext.tdpf.participants.refusal`."""

    def user_refusal(self, user_name: str) -> dict | None:
        """An auth-function result ``{"success": False, "msg": ...}`` that
        refuses the user, or None."""
        return None


class IAuditSink(Interface):
    """Keep an audit record of an event another plugin reports (the trust
    plugin: its hash-chained audit log). Reached through
    :func:`ckanext.tdpf.audit.record`, so a plugin audits without importing
    the one that keeps the log."""

    def audit_record(self, event: str, actor: str, object_type: str, object_id: str,
                     detail: dict) -> None:
        """Append the event in the caller's transaction (not committed here)."""


class IHiddenReasonProvider(Interface):
    """Say why a dataset is not offered now although it exists (the trust
    plugin: withdrawn after notice, or its provider suspended). Read through
    :func:`ckanext.tdpf.availability.hidden_reason`."""

    def dataset_hidden_reason(self, pkg_dict: dict) -> dict | None:
        """``{"kind": "withdrawn"|"suspended", "reason", "since", ...}`` or
        None. ``pkg_dict`` needs ``id``, ``owner_org`` and
        ``creator_user_id``."""
        return None


class IDemoPublication(Interface):
    """Do what a plugin requires before a demo dataset is made public (the
    trust plugin: the provider's warranty). ``ckan tdpf demo load`` creates
    such a dataset private, calls every implementer, then publishes it."""

    def demo_before_publish(self, context: Context, dataset: dict, source: dict) -> None:
        """``dataset`` is the created (private) dataset, ``source`` its entry
        in the demo catalog; ``context`` has the loading user, auth skipped."""


class IBulkIndexLookups(Interface):
    """Answer, per chunk of a bulk index (``ckan search-index rebuild``, a
    harvest batch), what a plugin's index hooks would ask the database once
    per dataset (the harvesters plugin: each dataset's harvest object). The
    search never knows who answers."""

    def bulk_index_lookups(self, package_ids: list[str]) -> object:
        """A context manager that the bulk index enters on its thread while
        it indexes these datasets (their hooks can answer from what it
        prefetched), or None: nothing to prefetch."""
        return None


class IFileAnalysers(Interface):
    """Analyse the file pipeline's local copy of a tabular resource
    (``ckanext.tdpf.files``; the trust plugin: the personal-data scan). The
    pipeline fetches each CSV/TSV/XLSX/XLS file once per version and runs
    every analyser on that one copy, so no plugin fetches files itself."""

    def file_analysers(self) -> dict:
        """``{name: analyser}``, in the order they run; an analyser is a
        callable ``(copy) -> dict | None`` (see
        :class:`ckanext.tdpf.files.analysers.Copy`). Its JSON-ready result
        is stored with the file's version under ``name``; None stores
        nothing. An exception is recorded as that analyser's error and does
        not stop the others."""
        return {}


class IUsagePanels(Interface):
    """Add panels to the provider usage dashboard (``/usage``,
    ``ckanext.tdpf.usage``): the market (gated downloads), the community
    (requests, comments, ratings), the core's search log (searches that led
    to the datasets). The dashboard draws each panel's chart and table and
    puts its rows in the dashboard's CSV, so a panel is data only."""

    def usage_panels(self, organization_ids: list[str], days: int) -> list[dict]:
        """Panels about the datasets of ``organization_ids`` over the last
        ``days`` days. The caller has checked that the user may see every
        dataset of these organisations (their editors, admins, operators);
        a panel must not name datasets of other organisations. A panel is
        ``{"id", "title", "rows": [{"key", "label", "count"}], "chart":
        "bars" | "columns" | None, "count_label"?, "note"?}`` (``title``,
        ``note`` and ``count_label`` translated already)."""
        return []


class IDataRequestOffer(Interface):
    """Where a search page that found nothing for all its words sends the
    visitor to ask for the data (``searchhelp.page_state``: 「データをリクエスト」;
    the community plugin: its data request form, the words as its title).
    Without an implementation the page offers no link."""

    def data_request_url(self, query: str) -> str | None:
        """The link for this search text; None: no opinion."""
        return None


class IGatedContent(Interface):
    """Whether a user may read the content of a gated (conditional or paid)
    resource: its DataStore table, preview and map (``ckanext.tdpf.preview.access``;
    the market plugin: the same decision as its gated downloads). Without an
    implementation only those who may edit the dataset read gated content."""

    def gated_content_allowed(self, user_name: str | None, resource_id: str) -> bool | None:
        """True: allowed; False: refused; None: no opinion."""
        return None

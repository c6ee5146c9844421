"""Wraps ckanext-activity's ``resource_history`` view (endpoint
``activity.resource_history``, ``/dataset/<id>/resources/<resource_id>/history/<activity_id>``).

CKAN's view reads the stored activity straight from the session
(``session.get(Activity, activity_id).data``) instead of asking
``activity_show`` as its sibling ``package_history`` does. So neither the
action's auth (``ckan.auth.public_activity_stream_detail``: the old version
refused on the dataset's history page was shown on the resource's) nor
what plugins chain onto ``activity_show`` applied: the market plugin hides
the URLs of conditional and paid resources there, and the page showed them
to anyone who knew an activity id (public in ``package_activity_list``).

The wrapper asks ``activity_show`` (``include_data``) for the caller, then
hands CKAN's unchanged view that answer as the activity's data, set as the
committed value (the row is not marked changed, nothing is written) and
expired once the page is rendered."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

REPLACES = "ckanext-activity's resource_history view"
WRITTEN_FOR = {"ckan": "2.12.0", "sqlalchemy": "2.0.51"}
# the auth of activity_show and the masking of what the page shows are
# applied before CKAN's view runs, whatever that view does next
KEEP_ON_OTHER_VERSIONS = True
IF_OTHER_VERSION = ("Kept on (the access check runs before CKAN's view): check that "
                    "CKAN's view still reads the activity from the session, else the "
                    "market's hidden URLs may show on resource history pages.")
ENDPOINT = "resource_history"
_MARK = "_tdpf_resource_history_wrapped"


def _wrap(view: Callable[..., Any]) -> Callable[..., Any]:
    from sqlalchemy.orm.attributes import set_committed_value

    import ckan.plugins.toolkit as tk
    from ckan import model

    from ckanext.activity.model import Activity

    @functools.wraps(view)
    def resource_history(id: str, resource_id: str, activity_id: str):
        def context() -> Any:  # a fresh one per call, as CKAN's actions change it
            return {"auth_user_obj": tk.g.userobj, "for_view": True}

        try:  # the dataset first, as CKAN's view: no hint that a private one exists
            tk.check_access("package_show", context(), {"id": id})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            return tk.abort(404, tk._("Dataset not found"))
        try:
            shown = tk.get_action("activity_show")(
                context(), {"id": activity_id, "include_data": True})
        except tk.ObjectNotFound:
            return tk.abort(404, tk._("Activity not found"))
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Unauthorized to view activity data"))
        data = shown.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("package"), dict):
            return tk.abort(404, tk._("Activity not found"))  # CKAN's view: a KeyError, 500
        stored = model.Session.get(Activity, activity_id)
        set_committed_value(stored, "data", data)
        try:
            return view(id, resource_id, activity_id)
        finally:
            model.Session.expire(stored, ["data"])

    return resource_history


def install(on: bool) -> None:
    import ckan.plugins.toolkit as tk

    if not on:
        return

    plugins = tk.config.get("ckan.plugins") or []
    if "activity" not in (plugins.split() if isinstance(plugins, str) else plugins):
        return  # its views are not served (and its model is better left unimported)
    from ckanext.activity import views

    if getattr(views.bp, _MARK, False):  # update_config runs again on plugin reloads
        return

    def swap(state) -> None:
        # runs after the blueprint's own rules are added to each new app
        endpoint = ".".join(filter(None, (state.name_prefix, state.name, ENDPOINT)))
        original = state.app.view_functions.get(endpoint)
        if original is not None and not getattr(original, _MARK, False):
            wrapped = _wrap(original)
            setattr(wrapped, _MARK, True)
            state.app.view_functions[endpoint] = wrapped

    views.bp.record(swap)
    setattr(views.bp, _MARK, True)

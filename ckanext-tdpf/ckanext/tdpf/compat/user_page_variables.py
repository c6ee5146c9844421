"""Uses ``ckan.views.user._extra_template_variables`` (private): what CKAN's
user pages give their templates (the user dict, whether it is the viewer's
own page, ...), for pages plugins add to a user's profile (the market's
API limits and transaction history).

On another CKAN version the private function may be gone or answer
differently; then :func:`for_user` answers with the same four variables
(``user_dict``, ``is_myself``, ``is_sysadmin``, ``about_formatted``) from
public APIs (``user_show``, the toolkit's helpers).
"""
from __future__ import annotations

from typing import Any

from . import active

REPLACES = "ckan.views.user._extra_template_variables"
WRITTEN_FOR = {"ckan": "2.12.0"}
IF_OTHER_VERSION = ("The user pages of plugins get their variables from user_show "
                    "instead of CKAN's private function.")


def for_user(user_id: str) -> dict[str, Any]:
    """The template variables of user ``user_id``'s profile pages."""
    if active("user_page_variables"):
        from ckan.views.user import _extra_template_variables

        return _extra_template_variables({}, {"id": user_id})
    import ckan.plugins.toolkit as tk
    from ckan import authz

    try:
        user_dict = tk.get_action("user_show")({}, {"id": user_id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("User not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    me = tk.current_user
    return {"is_sysadmin": bool(me.is_authenticated and authz.is_sysadmin(me.name)),
            "user_dict": user_dict, "is_myself": user_dict["name"] == me.name,
            "about_formatted": tk.h.render_markdown(user_dict.get("about") or "")}

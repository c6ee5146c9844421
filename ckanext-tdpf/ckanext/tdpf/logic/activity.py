"""ckanext-activity's ``activity_show`` answers with the activity and its
stored data whatever ``include_data`` says, but its auth function reads
``data_dict["include_data"]`` (CKAN 2.12: a KeyError, so a 500, when the
caller leaves it out) and judges by it (``include_data=false`` or ``""``
let whoever may see the dataset read the stored snapshot even with
``ckan.auth.public_activity_stream_detail`` off). Chained here, the auth
function is asked about what is returned: the data."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict


@tk.chained_action
@tk.side_effect_free
def activity_show(up: Action, context: Context, data_dict: DataDict):
    """activity_show, authorised as the read of the activity's data it is
    (include_data is always true)."""
    return up(context, {**data_dict, "include_data": True})


def actions() -> dict[str, Any]:
    """The chained actions (none without ckanext-activity: a chained action
    needs the action it chains)."""
    return {"activity_show": activity_show} if p.plugin_loaded("activity") else {}

"""The demo catalog's warranty (``ckan tdpf demo load``): the publication
gate refuses public datasets without one, so each public demo dataset is
warranted by the loading user before the core's loader publishes it
(``IDemoPublication``)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

# The five statements of a warranty (表明保証), all affirmed.
STATEMENTS = {"personal_data": True, "consent": True, "accuracy": True,
              "right_to_provide": True, "legal_compliance": True}


def warrant(context: Context, dataset: dict[str, Any], source: dict[str, Any]) -> None:
    kind = source.get("privacy_policy_contains_personal_data") or "非個人情報"
    tk.get_action("tdpf_warranty_create")(
        context.copy(), dict(STATEMENTS, id=dataset["id"], personal_data_kind=kind))

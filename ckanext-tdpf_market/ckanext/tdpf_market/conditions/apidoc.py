"""What the OpenAPI description says of this feature's actions beyond
their docstrings (``ckanext.tdpf.interfaces.IActionDescriptions``)."""
from __future__ import annotations

_CHECKED = ("Usage conditions (access rights, fee, usage limits) are checked against "
            "each other before the dataset is stored; a paid dataset needs a fee amount")

ACTIONS = {"package_create": {"note": _CHECKED}, "package_update": {"note": _CHECKED}}

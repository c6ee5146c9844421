"""Auth of signed download URLs: the grant itself is checked by the action."""
from __future__ import annotations

from ..grants.auth import _logged_in

__all__ = ["tdpf_resource_access"]


def tdpf_resource_access(context, data_dict):
    return _logged_in(context)

"""Dataset create/update check the usage conditions first (chained)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .validation import check

__all__ = ["package_create", "package_update"]


@tk.chained_action
def package_create(up_func, context, data_dict):
    check(data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def package_update(up_func, context, data_dict):
    check(data_dict)
    return up_func(context, data_dict)

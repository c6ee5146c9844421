"""Typed getters of the withdrawal options (defaults in config_declaration.yaml)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def min_notice_days() -> int:
    return int(tk.config.get("ckanext.tdpf_trust.withdrawal.min_notice_days"))


def reminder_days() -> int:
    return int(tk.config.get("ckanext.tdpf_trust.withdrawal.reminder_days"))


def check_interval() -> int:
    return int(tk.config.get("ckanext.tdpf_trust.withdrawal.check_interval"))

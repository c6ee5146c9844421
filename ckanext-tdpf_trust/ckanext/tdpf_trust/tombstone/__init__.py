"""Tombstones: datasets whose provision ended (withdrawal) or that an
operator suspension hides (``suspension.hidden_reason``).

Such a dataset leaves search (index field ``tdpf_hidden``, filtered out of
every search unless the query names that field) and so the DCAT catalog;
``package_show``/``resource_show`` and the DCAT dataset output carry no
resource URL for anyone but sysadmins; resource downloads answer 410 with
a message (``views``). Its page stays, with the notice (提供終了 / 提供停止,
reason, date), so links do not break. Nothing in the dataset itself
changes: lifting a suspension restores exactly what was there.
"""
from __future__ import annotations

# the publication gate asks each feature package (gate.problems)
from .hiding import publication_problems

__all__ = ["publication_problems"]

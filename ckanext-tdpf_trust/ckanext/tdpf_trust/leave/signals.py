"""The named signals through which other plugins take part in a user's
leaving (subscribe with ``tk.signals.ckanext.signal(<name>)`` in ISignal).

- ``tdpf_trust.leave_summary`` (sender: the user id) returns
  ``{"kept": [text, ...], "deleted": [text, ...]}``: sentences in the
  request's language for the explanation page.
- ``tdpf_trust.user_leaving`` (sender: the user id) deletes the plugin's
  per-user data in the same database transaction (do not commit) and may
  return ``{"deleted": {what: count}}`` for the audit record. Raising stops
  the leaving with nothing changed."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

SUMMARY = "tdpf_trust.leave_summary"
LEAVING = "tdpf_trust.user_leaving"

summary_signal = tk.signals.ckanext.signal(
    SUMMARY, "Return {'kept': [...], 'deleted': [...]}: what leaving does to a user's data.")
leaving_signal = tk.signals.ckanext.signal(
    LEAVING, "Delete a leaving user's per-user data (same transaction, no commit).")


def answers(signal, user_id: str) -> list[dict]:
    return [result for _receiver, result in signal.send(user_id) if isinstance(result, dict)]

"""Suspension of users and organisations by operators.

While a suspension is active:

- the public datasets of the organisation (or created by the user) are
  hidden: :func:`.checks.hidden_reason` tells the tombstone feature, which keeps
  them out of search, the API and DCAT; nothing in the datasets themselves
  changes (their ``private`` flag stays), so lifting restores exactly what
  was there. Suspending and lifting reindex the affected datasets;
- a suspended user cannot log in (the login form says why), their session
  ends, their API tokens are answered 403 with a message
  (:func:`.checks.request_refusal`, called for every request), and trust/market
  auth functions refuse them (:func:`.checks.refusal` / :func:`.checks.check_user`);
- :func:`.checks.publication_problems` stops their datasets becoming public.
"""
from __future__ import annotations

# what other features look up on the package (gate.problems,
# tombstone.hiding.hidden_reason, warranty.auth.suspended_refusal)
from .checks import hidden_reason, publication_problems, refusal

__all__ = ["hidden_reason", "publication_problems", "refusal"]

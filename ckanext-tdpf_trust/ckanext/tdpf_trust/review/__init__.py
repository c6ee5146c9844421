"""Organisation review by operators.

An organisation created by someone who is not a sysadmin starts *pending*;
a sysadmin approves or rejects it with a reason (``tdpf_organization_review_*``
actions, the queue page under the admin area). Until approved its datasets
cannot be public (:func:`.organizations.publication_problems`, asked by the publication
gate). Approved organisations carry the 「TDPF確認済み」 badge and the index
field ``verified_provider`` (facet 「確認済み提供者」).

Organisations without a review row (created before this feature, or by
internal calls without a user) count as approved.
"""
from __future__ import annotations

# the publication gate asks each feature package (gate.problems)
from .organizations import publication_problems

__all__ = ["publication_problems"]

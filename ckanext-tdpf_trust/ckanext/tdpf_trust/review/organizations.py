"""An organisation's review state, the verified providers, what the
publication gate is told, the index field and facet."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

# not `from ckan import model`: the .model submodule would shadow it
from ckan.model import Session

from ckanext.tdpf import prefetch
from ckanext.tdpf.facets import OneValueFacet

from .model import APPROVED, PENDING, REJECTED, OrganizationReview

INDEX_FIELD = "verified_provider"
VERIFIED = "verified"


def review_of(organization_id: str | None) -> OrganizationReview | None:
    if not organization_id:
        return None
    return _review(organization_id)


# datasets of a chunk being indexed share a few organisations
_review = prefetch.Lookup(lambda org_id: Session.get(OrganizationReview, org_id))


def state(organization_id: str | None) -> str | None:
    """``pending``, ``approved`` or ``rejected``; None without an
    organisation. No review row = approved (see the module docstring)."""
    if not organization_id:
        return None
    row = review_of(organization_id)
    return row.state if row else APPROVED


def is_verified(organization_id: str | None) -> bool:
    return state(organization_id) == APPROVED


def user_is_verified(user_id: str | None) -> bool:
    """A participant TDPF has checked (the core's ``IParticipantVerifier``,
    shown as the member's verification): an individual who has enrolled in multi-factor
    authentication, or a member of an organisation the operators approved
    (its admins vouch for whom they add)."""
    if not user_id:
        return False
    from ..mfa import totp as mfa
    if mfa.is_enrolled(user_id):
        return True
    from ckan.model import Member
    org_ids = Session.execute(sa.select(Member.group_id).where(
        Member.table_name == "user", Member.table_id == user_id,
        Member.state == "active")).scalars().all()
    return any(is_verified(org_id) for org_id in org_ids)


def publication_problems(pkg_dict: dict) -> list[str]:
    """Why this dataset cannot be public because of its organisation's
    review (empty when approved). Called by the publication gate."""
    current = state(pkg_dict.get("owner_org"))
    if current == PENDING:
        return [tk._("The organisation is waiting for review by TDPF operators: "
                     "its datasets can be made public once it is approved.")]
    if current == REJECTED:
        return [tk._("The organisation was not approved by TDPF operators: its "
                     "datasets cannot be made public. Contact the operators.")]
    return []


# hooks (ckanext.tdpf.features)

def before_dataset_index(pkg_dict: dict) -> dict:
    if is_verified(pkg_dict.get("owner_org")):
        pkg_dict[INDEX_FIELD] = VERIFIED
    return pkg_dict


_FACET = OneValueFacet(INDEX_FIELD, lambda: tk._("Verified provider"),
                       lambda: tk._("TDPF verified"))
dataset_facets = _FACET.dataset_facets
after_dataset_search = _FACET.after_dataset_search

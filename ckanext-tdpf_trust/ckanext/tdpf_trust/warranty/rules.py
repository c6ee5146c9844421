"""A dataset's warranties: the fingerprint they cover, the records, the state
package_show and the index carry, what the publication gate is told."""
from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

# not `from ckan import model`: the .model submodule would shadow it
from ckan.model import Group, Session, User

from ckanext.tdpf import clock, prefetch
from ckanext.tdpf.facets import OneValueFacet

from ..audit import chain as audit
from . import config
from .model import Warranty

SHOW_KEY = "tdpf_warranty"  # package_show: the warranty state
ATTESTATION_KEY = "tdpf_warranty_attestation"  # package_create/update input
INDEX_FIELD = "tdpf_warranted"  # index and facet: datasets with a current warranty
WARRANTED = "warranted"

FINGERPRINT_FIELDS = (
    "title", "notes", "owner_org", "license_id",
    "privacy_policy_contains_personal_data", "warranty_express_warranty",
    "warranty_legal_compliance",
)
RESOURCE_FIELDS = ("id", "url", "url_type", "hash", "size", "last_modified")

# the attestations, in the order the form asks them (plain Japanese in the .po)
ATTESTATIONS = ("personal_data", "consent", "accuracy", "right_to_provide",
                "legal_compliance")


def attestation_texts() -> dict[str, str]:
    _ = tk._
    return {
        "personal_data": _("The statement about personal data is true: the data "
                           "contains no personal data, or the kind of personal "
                           "data it contains is stated."),
        "consent": _("Where the data concerns people, their consent (or another "
                     "legal basis) for providing it was obtained."),
        "accuracy": _("The data, its description and its annotations are accurate "
                      "to the best of our knowledge."),
        "right_to_provide": _("Our organisation has the right to provide this data "
                              "under the stated licence and conditions."),
        "legal_compliance": _("Providing this data complies with the applicable "
                              "laws and regulations."),
    }


def _resource_key(res: dict) -> dict:
    out = {k: str(res.get(k) or "") for k in RESOURCE_FIELDS}
    if out["url_type"] == "upload":
        # the download URL contains the site URL: keep the stored file name
        out["url"] = out["url"].rsplit("/", 1)[-1]
    return out


def fingerprint(pkg_dict: dict) -> str:
    """SHA-256 of the covered metadata and resources (order-independent)."""
    body = {
        "fields": {k: pkg_dict.get(k) if pkg_dict.get(k) not in ("", None) else None
                   for k in FINGERPRINT_FIELDS},
        "resources": sorted((_resource_key(r) for r in pkg_dict.get("resources") or []),
                            key=lambda r: (r["id"], r["url"])),
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resource_keys(pkg_dict: dict) -> set[str]:
    """One key per resource's covered content (to see resources gained or changed)."""
    return {json.dumps(_resource_key(r), sort_keys=True)
            for r in pkg_dict.get("resources") or []}


def latest(package_id: str) -> Warranty | None:
    return _latest(package_id)


def _latest_one(package_id: str) -> Warranty | None:
    return Session.execute(
        sa.select(Warranty).where(Warranty.package_id == package_id)
        .order_by(Warranty.id.desc()).limit(1)).scalars().first()


def _latest_many(package_ids: list[str]) -> dict[str, Warranty]:
    found: dict[str, Warranty] = {}
    for row in Session.execute(sa.select(Warranty).where(
            Warranty.package_id.in_(package_ids)).order_by(Warranty.id.desc())).scalars():
        found.setdefault(row.package_id, row)  # the newest
    return found


_latest = prefetch.Lookup(_latest_one, _latest_many)  # once per chunk when indexing


def history(package_id: str) -> list[Warranty]:
    return list(Session.execute(
        sa.select(Warranty).where(Warranty.package_id == package_id)
        .order_by(Warranty.id.desc())).scalars())


def is_current(row: Warranty | None, pkg_dict: dict) -> bool:
    return bool(row and row.terms_version == config.terms_version()
                and row.fingerprint == fingerprint(pkg_dict))


def is_harvested(pkg_dict: dict) -> bool:
    """A harvested record: it names its source catalog and a current
    harvest object points at it (set by the harvesters before they write
    the dataset, so users cannot claim it by filling in a URL)."""
    if not pkg_dict.get("source_catalog_url") or not pkg_dict.get("id"):
        return False
    return _harvested(pkg_dict["id"]) if _has_harvest_tables() else False


def _has_harvest_tables() -> bool:
    return _harvest_tables(None)


_harvest_tables = prefetch.Lookup(lambda _: bool(Session.execute(sa.text(
    "SELECT to_regclass('harvest_object') IS NOT NULL")).scalar()))


def _harvested_many(package_ids: list[str]) -> dict[str, bool]:
    rows = Session.execute(sa.text(
        "SELECT DISTINCT package_id FROM harvest_object WHERE current "
        "AND package_id = ANY(:ids)"), {"ids": list(package_ids)})
    return {r[0]: True for r in rows}


_harvested = prefetch.Lookup(lambda package_id: bool(_harvested_many([package_id])),
                             _harvested_many, default=False)


def _org_title(org_id: str | None, pkg_dict: dict | None = None) -> str:
    shown = (pkg_dict or {}).get("organization") or {}
    if org_id and shown.get("id") == org_id:  # the dataset's own: no query
        return shown.get("title") or shown.get("name") or ""
    org = Group.get(org_id) if org_id else None
    return (org.title or org.name) if org else ""


def state(pkg_dict: dict) -> dict[str, Any]:
    """What package_show carries as ``tdpf_warranty``."""
    if is_harvested(pkg_dict):
        return {"current": False, "harvested": True, "created": None,
                "organization": None, "stale": False}
    row = latest(pkg_dict["id"]) if pkg_dict.get("id") else None
    current = is_current(row, pkg_dict)
    return {
        "current": current,
        "harvested": False,
        "created": row.created.isoformat() if row else None,
        "organization": _org_title(row.organization_id, pkg_dict) if row else None,
        "terms_version": row.terms_version if row else None,
        "stale": bool(row) and not current,
    }


def is_true(value: Any) -> bool:
    """An attestation given: true, or a form/query value meaning it
    ("true", "on", "yes", "1"); anything else is not (never an error)."""
    return value is True or str(value).strip().lower() in ("true", "on", "yes", "1", "y", "t")


def check_attestations(data: dict) -> dict[str, bool]:
    """The five attestations from ``data`` (booleans or form values);
    ValidationError naming every one not given."""
    missing = [k for k in ATTESTATIONS if not is_true(data.get(k))]
    if missing:
        texts = attestation_texts()
        raise tk.ValidationError({k: [tk._("Required to warrant: {statement}").format(
            statement=texts[k])] for k in missing})
    return dict.fromkeys(ATTESTATIONS, True)


def personal_data_of(pkg_dict: dict, given: str | None) -> str:
    from ckanext.tdpf.vocab.choices import CADDE

    allowed = [v for v, _ja, _en in CADDE["privacy_policy_contains_personal_data"]]
    stored = pkg_dict.get("privacy_policy_contains_personal_data") or ""
    value = str(given or stored or "").strip()
    if not value:
        raise tk.ValidationError({"personal_data": [tk._(
            "State whether the data contains personal data (個人情報の有無), e.g. "
            "非個人情報 when it contains none.")]})
    if value not in allowed:
        raise tk.ValidationError({"personal_data": [tk._(
            "Unknown value. Use one of: {values}").format(values=", ".join(allowed))]})
    if stored and value != stored:
        raise tk.ValidationError({"personal_data": [tk._(
            "Does not match the dataset's personal-data field ({stored}): correct "
            "the dataset first.").format(stored=stored)]})
    return value


def create(pkg_dict: dict, user: User | None, attestations: dict[str, bool],
           personal_data: str) -> Warranty:
    """Append a warranty for the dataset as ``pkg_dict`` shows it now (and
    its audit record), in the caller's transaction."""
    user_id = user.id if user else ""
    row = Warranty(package_id=pkg_dict["id"], organization_id=pkg_dict.get("owner_org") or "",
                   user_id=user_id,
                   created=clock.db_now(), terms_version=config.terms_version(),
                   personal_data=personal_data, attestations=attestations,
                   fingerprint=fingerprint(pkg_dict))
    Session.add(row)
    Session.flush()
    audit.record("warranty.create", actor=user_id, object_type="package",
                 object_id=pkg_dict["id"],
                 detail={"warranty_id": row.id, "terms_version": row.terms_version,
                         "fingerprint": row.fingerprint, "personal_data": personal_data,
                         "organization_id": row.organization_id,
                         "attestations": attestations})
    return row


def as_dict(row: Warranty, pkg_dict: dict | None = None) -> dict[str, Any]:
    user = User.get(row.user_id) if row.user_id else None
    out = {"id": row.id, "package_id": row.package_id,
           "organization_id": row.organization_id,
           "organization": _org_title(row.organization_id),
           "user": user.name if user else None, "created": row.created.isoformat(),
           "terms_version": row.terms_version, "personal_data": row.personal_data,
           "attestations": row.attestations, "fingerprint": row.fingerprint}
    if pkg_dict is not None:
        out["current"] = is_current(row, pkg_dict)
    return out


def publication_problems(pkg_dict: dict) -> list[str]:
    """Called by the publication gate: the dataset as it would be public."""
    row = latest(pkg_dict["id"]) if pkg_dict.get("id") else None
    if is_current(row, pkg_dict):
        return []
    if row and row.terms_version != config.terms_version():
        return [tk._("The warranty (表明保証) was made under older terms: an editor "
                     "or admin of the organisation must warrant the dataset again "
                     "under the current terms (tdpf_warranty_create or the "
                     "dataset's warranty page) before publishing.")]
    if row:
        return [tk._("The data or its description changed since the last warranty "
                     "(表明保証): an editor or admin of the organisation must "
                     "warrant the dataset as it is now (tdpf_warranty_create, the "
                     "dataset's warranty page, or tdpf_warranty_attestation in "
                     "this call) before it is public with these changes.")]
    return [tk._("No warranty (表明保証): an editor or admin of the organisation "
                 "must warrant the dataset (tdpf_warranty_create, the dataset's "
                 "warranty page, or tdpf_warranty_attestation in this call) "
                 "before it can be public.")]


# hooks (ckanext.tdpf.features)

def before_dataset_index(pkg_dict: dict) -> dict:
    pkg_dict.pop(SHOW_KEY, None)  # shown, not indexed
    data = pkg_dict.get("validated_data_dict")
    data = json.loads(data) if isinstance(data, str) else (data or pkg_dict)
    shown = data.get(SHOW_KEY)  # after_dataset_show's state of this very dict
    if isinstance(shown, dict) and "current" in shown:
        current = bool(shown["current"])
    else:
        current = not is_harvested(data) and is_current(latest(pkg_dict["id"]), data)
    if current:
        pkg_dict[INDEX_FIELD] = WARRANTED
    return pkg_dict


_FACET = OneValueFacet(INDEX_FIELD, lambda: tk._("Warranty"),
                       lambda: tk._("Warranted by provider"))
dataset_facets = _FACET.dataset_facets
after_dataset_search = _FACET.after_dataset_search


def after_dataset_show(context: dict, pkg_dict: dict) -> None:
    if pkg_dict.get("id"):
        pkg_dict[SHOW_KEY] = state(pkg_dict)

"""tdpf_warranty_create / _show / _list."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.model import User
from ckan.types import Context, DataDict

from ..gate import reindex_and_commit, show_stored
from .rules import as_dict, check_attestations, create, history, personal_data_of, state

__all__ = ["tdpf_warranty_create", "tdpf_warranty_show", "tdpf_warranty_list"]


def _dataset(context: Context, data_dict: DataDict) -> dict:
    return show_stored(context, data_dict.get("id") or data_dict.get("package_id") or "")


def tdpf_warranty_create(context: Context, data_dict: DataDict) -> dict:
    """Warrant a dataset as it is now (表明保証). Editors and admins of the
    dataset's organisation (and sysadmins, acting for it).

    :param id: the dataset's id or name
    :param personal_data_kind: the personal-data statement (a CADDE
        ``privacy_policy_contains_personal_data`` value such as 非個人情報);
        optional when the dataset's field is filled, and must match it
    :param personal_data: attests that statement (``true``)
    :param consent: consent obtained where needed (``true``)
    :param accuracy: data, description and annotations accurate (``true``)
    :param right_to_provide: the organisation may provide it (``true``)
    :param legal_compliance: providing it is lawful (``true``)
    :returns: the warranty record (``current`` is true)
    """
    pkg = _dataset(context, data_dict)
    tk.check_access("tdpf_warranty_create", context, {"id": pkg["id"],
                                                      "owner_org": pkg.get("owner_org")})
    attestations = check_attestations(data_dict)
    personal = personal_data_of(pkg, data_dict.get("personal_data_kind"))
    row = create(pkg, User.get(context.get("user") or ""), attestations, personal)
    reindex_and_commit(context, pkg["id"])
    return as_dict(row, pkg)


@tk.side_effect_free
def tdpf_warranty_show(context: Context, data_dict: DataDict) -> dict:
    """The warranty state of a dataset, for whoever may see the dataset.

    :param id: the dataset's id or name
    :returns: ``{"current": bool, "created", "organization", "terms_version",
        "stale": bool, "harvested": bool}``
    """
    tk.check_access("tdpf_warranty_show", context, data_dict)
    pkg = tk.get_action("package_show")(context.copy(), {"id": data_dict.get("id")})
    return pkg.get("tdpf_warranty") or state(pkg)


@tk.side_effect_free
def tdpf_warranty_list(context: Context, data_dict: DataDict) -> list[dict]:
    """Every warranty of a dataset, newest first (members of its
    organisation and sysadmins).

    :param id: the dataset's id or name
    :returns: warranty records with who, when, terms version, attestations,
        fingerprint and whether each is current
    """
    pkg = _dataset(context, data_dict)
    tk.check_access("tdpf_warranty_list", context, {"id": pkg["id"],
                                                    "owner_org": pkg.get("owner_org")})
    return [as_dict(row, pkg) for row in history(pkg["id"])]


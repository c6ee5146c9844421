"""What a comment is about (a dataset or a data request), as the caller
may see it, and who answers for it (the provider, or the organisation
asked)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from .. import access, posts
from ..requests.model import DataRequest

_ = tk._


@dataclass
class Subject:
    type: str
    id: str
    title: str
    link: str
    org_id: str | None
    package: model.Package | None = None

    def source_catalog(self) -> str | None:
        """The source catalog's URL of a harvested record (its provider
        answers there): it names one and a current harvest object points
        at it (set by the harvesters, so nobody claims it by a URL)."""
        pkg = self.package
        url = pkg.extras.get("source_catalog_url") if pkg else None
        if not pkg or not url:
            return None
        if not model.Session.execute(sa.text(
                "SELECT to_regclass('harvest_object') IS NOT NULL")).scalar():
            return None
        harvested = model.Session.execute(sa.text(
            "SELECT EXISTS (SELECT 1 FROM harvest_object WHERE package_id = :id "
            "AND current)"), {"id": pkg.id}).scalar()
        return url if harvested else None


def subject(context, subject_type: str, subject_id: str) -> Subject:
    """The subject, or ObjectNotFound (also for what the caller may not see)."""
    if subject_type == "dataset":
        pkg = access.dataset(context, subject_id)
        if pkg is None:
            raise tk.ObjectNotFound(_("Dataset not found"))
        return Subject("dataset", pkg.id, pkg.title or pkg.name, f"/dataset/{pkg.name}",
                       pkg.owner_org, pkg)
    row = model.Session.get(DataRequest, subject_id)
    if row is None or not posts.shown(row, access.is_operator(context)):
        raise tk.ObjectNotFound(_("Data request not found"))
    return Subject("datarequest", row.id, row.title, f"/datarequest/{row.id}",
                   row.organization_id)


def answers_for(context, found: Subject) -> bool:
    """The caller speaks for the provider (its answers are marked)."""
    if found.package is not None:
        return access.manages_dataset(context, found.package)
    return bool(found.org_id) and access.manages_org(context, found.org_id)

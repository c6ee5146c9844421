"""What the scan tells the publication gate: unresolved blocking findings,
or an upload not scanned yet."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def publication_problems(pkg_dict: dict) -> list[str]:
    """Why this dataset may not become (or stay) public: for each of its
    resources, open blocking findings of the latest scan, or (with
    ``ckanext.tdpf_trust.scan.block_pending``) an upload not scanned yet
    when the dataset is to become public (a public one's new files wait,
    withheld: ``hold``)."""
    from ckan import model as ckan_model

    from ..gate import ALREADY_PUBLIC
    from . import config, jobs

    if "resources" in pkg_dict:
        resources = [r for r in pkg_dict.get("resources") or [] if r.get("id")]
    else:
        pkg = ckan_model.Package.get(pkg_dict.get("id") or pkg_dict.get("name") or "")
        resources = [{"id": r.id, "name": r.name, "url": r.url, "url_type": r.url_type,
                      "size": r.size, "last_modified": r.last_modified and
                      r.last_modified.isoformat()} for r in (pkg.resources if pkg else [])]
    scans = jobs.latest_scans([r["id"] for r in resources])
    open_by_scan: dict[int, list] = {}
    for finding in jobs.findings([s.id for s in scans.values() if s.status == "done"],
                                 open_only=True, severity="blocking"):
        open_by_scan.setdefault(finding.scan_id, []).append(finding)
    problems = []
    for res in resources:
        scan = scans.get(res["id"])
        label = res.get("name") or res.get("url") or res["id"]
        if scan is None or jobs.source_of(res) not in (None, scan.source):
            continue  # never scanned, or the scan read a file the resource no longer has
        if scan.status in jobs.PENDING and scan.source.startswith("upload:") \
                and config.block_pending() and not pkg_dict.get(ALREADY_PUBLIC):
            problems.append(tk._(
                'The personal-data scan of resource "{name}" has not finished yet: '
                'try again in a moment.').format(name=label))
        found = open_by_scan.get(scan.id)
        if found:
            rules = ", ".join(sorted({f.rule for f in found}))
            problems.append(tk._(
                'Resource "{name}" has {count} unresolved personal-data finding(s) '
                '({rules}): remove the personal data and upload the file again, or '
                'mark each finding as a false positive with a reason on the '
                "dataset's personal-data scan page.").format(
                    name=label, count=len(found), rules=rules))
    return problems

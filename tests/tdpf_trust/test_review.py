"""Organisation review: organisations created by users wait for operators;
their datasets cannot be public until approved; the decision is audited,
mailed to the organisation's admins and shown as the 「TDPF確認済み」 badge
and facet."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.lib.mailer import MailerException
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.tdpf import queues
from ckanext.tdpf_trust.audit import chain as audit
from ckanext.tdpf_trust.review import organizations as review

from tests import factories as tdpf_factories

pytestmark = pytest.mark.usefixtures("clean_db")


def _org_by(user: dict, name: str) -> dict:
    return call_action("organization_create", {"user": user["name"]}, name=name,
                       title=f"{name} 株式会社", provider_type="company")


def public_dataset(**fields) -> dict:
    """A public dataset, warranted in the same call (the publication gate)."""
    return tdpf_factories.Dataset(tdpf_warranty_attestation=_attestation(), **fields)


def _attestation() -> dict:
    """A full warranty of a dataset without personal data."""
    from ckanext.tdpf_trust.warranty import rules as warranty

    return {**dict.fromkeys(warranty.ATTESTATIONS, True), "personal_data_kind": "非個人情報"}


def _mail_jobs() -> list:
    """Run the queued decision mails as the worker would; their results."""
    from ckan.lib import jobs

    done = []
    for job in jobs.get_queue(queues.PRIORITY).jobs:
        if job.func_name.endswith("mail_decision"):
            done.append(job.perform())
            job.delete()
    return done


def _token(user: dict) -> dict:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def test_user_organisation_waits_for_review_and_is_refused_publication(mail_server):
    _mail_jobs()  # nothing left from other tests
    applicant = factories.User(email="applicant@example.org")
    outsider = factories.User()
    sysadmin = factories.Sysadmin()
    org = _org_by(applicant, "applicant-org")

    shown = call_action("tdpf_organization_review_show", {"user": applicant["name"]},
                        id=org["name"])
    assert shown["state"] == "pending" and shown["organization_title"] == "applicant-org 株式会社"
    problems = review.publication_problems({"owner_org": org["id"]})
    assert problems and "review" in problems[0]
    # the queue is for operators; the review for members and operators
    queue = call_action("tdpf_organization_review_list", {"user": sysadmin["name"]})
    assert [(r["organization_name"], r["requested_by_name"]) for r in queue] == [
        ("applicant-org", applicant["name"])]
    for action, data in (("tdpf_organization_review_list", {}),
                         ("tdpf_organization_review_decide",
                          {"id": org["id"], "decision": "approve"}),
                         ("tdpf_organization_review_show", {"id": org["id"]})):
        with pytest.raises(tk.NotAuthorized):
            call_auth(action, {"user": outsider["name"]}, **data)
        with pytest.raises(tk.NotAuthorized):
            call_auth(action, {"user": ""}, **data)
    with pytest.raises(tk.NotAuthorized):
        call_auth("tdpf_organization_review_decide", {"user": applicant["name"]},
                  id=org["id"], decision="approve")

    # rejecting needs a reason; the admins are told
    with pytest.raises(tk.ValidationError) as error:
        call_action("tdpf_organization_review_decide", {"user": sysadmin["name"]},
                    id=org["id"], decision="reject")
    assert "reason" in error.value.error_dict
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_organization_review_decide", {"user": sysadmin["name"]},
                    id=org["id"], decision="maybe")
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_organization_review_decide", {"user": sysadmin["name"]},
                    id="no-such-org", decision="approve")
    rejected = call_action("tdpf_organization_review_decide", {"user": sysadmin["name"]},
                           id=org["id"], decision="reject", reason="登記事項の確認ができません")
    assert rejected["state"] == "rejected"
    assert "not approved" in review.publication_problems({"owner_org": org["id"]})[0]
    assert mail_server.get_smtp_messages() == []  # sent by the worker
    assert _mail_jobs() == [1]
    [mail] = mail_server.get_smtp_messages()
    assert mail[2] == ["applicant@example.org"]

    approved = call_action("tdpf_organization_review_decide", {"user": sysadmin["name"]},
                           id=org["name"], decision="approve")
    assert approved["state"] == "approved" and approved["decided_by"] == sysadmin["id"]
    assert review.publication_problems({"owner_org": org["id"]}) == []
    assert _mail_jobs() == [1] and len(mail_server.get_smtp_messages()) == 2
    assert call_action("tdpf_organization_review_list", {"user": sysadmin["name"]}) == []

    events = [r.event for r in audit.records(object_type="organization", object_id=org["id"])]
    assert events == ["review.approve", "review.reject", "review.request"]


def test_sysadmin_organisations_start_approved_and_mail_failure_keeps_decision(monkeypatch):
    sysadmin = factories.Sysadmin()
    org = factories.Organization()  # created by the site user
    assert review.state(org["id"]) == "approved"
    assert audit.records(object_id=org["id"])[0].event == "review.auto_approve"

    applicant = factories.User(email="a@example.org")
    pending = _org_by(applicant, "mail-fails")

    def broken(*args, **kwargs):
        raise MailerException("SMTP down")

    monkeypatch.setattr(tk, "mail_user", broken)
    call_action("tdpf_organization_review_decide", {"user": sysadmin["name"]},
                id=pending["id"], decision="approve")
    assert _mail_jobs() == [0]  # the job does not fail
    assert review.state(pending["id"]) == "approved"


def test_badge_index_field_and_facet(app):
    sysadmin = factories.Sysadmin()
    applicant = factories.User()
    org = _org_by(applicant, "badge-org")
    call_action("tdpf_organization_review_decide", {"user": sysadmin["name"]},
                id=org["id"], decision="approve")
    dataset = public_dataset(owner_org=org["id"], name="verified-data")
    other_org = _org_by(applicant, "unreviewed-org")
    tdpf_factories.Dataset(owner_org=other_org["id"], name="unreviewed-data", private=True)

    found = call_action("package_search", {"user": sysadmin["name"]},
                        fq="verified_provider:verified", facet="true",
                        **{"facet.field": '["verified_provider"]'}, include_private=True)
    assert [d["name"] for d in found["results"]] == ["verified-data"]
    item = found["search_facets"]["verified_provider"]["items"][0]
    assert item["count"] == 1 and item["display_name"] in ("TDPF確認済み", "TDPF verified")

    page = app.get(f"/dataset/{dataset['name']}")
    assert "TDPF確認済み" in page.text
    assert "TDPF確認済み" in app.get(f"/organization/{org['name']}").text
    assert "TDPF確認済み" not in app.get(f"/organization/{other_org['name']}",
                                       headers=_token(sysadmin)).text
    search = app.get("/dataset/")
    assert "確認済み提供者" in search.text


def test_queue_page_for_operators_only(app):
    sysadmin = factories.Sysadmin()
    applicant = factories.User()
    org = _org_by(applicant, "queued-org")
    assert app.get("/ckan-admin/trust/reviews", headers=_token(applicant),
                   status=403).status_code == 403
    org_page = app.get(f"/organization/{org['name']}", headers=_token(applicant)).text
    assert "TDPF運営者の審査待ちです" in org_page and "TDPF確認済み" not in org_page
    page = app.get("/ckan-admin/trust/reviews", headers=_token(sysadmin))
    assert "queued-org 株式会社" in page.text and "組織の審査" in page.text
    app.post(f"/ckan-admin/trust/reviews/{org['id']}", headers=_token(sysadmin),
             data={"decision": "approve", "reason": ""})
    assert review.state(org["id"]) == "approved"


def test_pending_organisation_cannot_publish_until_approved():
    sysadmin = factories.Sysadmin()
    applicant = factories.User()
    org = _org_by(applicant, "gate-org")
    draft = tdpf_factories.Dataset(owner_org=org["id"], private=True, user=applicant)
    attestation = _attestation()
    with pytest.raises(tk.ValidationError) as error:
        call_action("package_patch", {"user": applicant["name"]}, id=draft["id"],
                    private=False, tdpf_warranty_attestation=attestation)
    assert any("review" in m for m in error.value.error_dict["private"])
    call_action("tdpf_organization_review_decide", {"user": sysadmin["name"]},
                id=org["id"], decision="approve")
    published = call_action("package_patch", {"user": applicant["name"]}, id=draft["id"],
                            private=False, tdpf_warranty_attestation=attestation)
    assert published["private"] is False

"""提供停止の事前告知: scheduling with enough notice, cancelling, the
followers' mails, the job that withdraws on the date, and the tombstone
left behind (out of search and DCAT, no URLs, downloads gone)."""
from __future__ import annotations

import datetime

import pytest

import ckan.lib.jobs as jobs
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf import queues
from ckanext.tdpf_trust.audit import chain as audit
from ckanext.tdpf_trust.registry import FEATURES
from ckanext.tdpf_trust.withdrawal import notice as withdrawal

from tests import factories as tdpf_factories
from tests.tdpf_trust.t1_support import ctx, provider_site

pytestmark = pytest.mark.usefixtures("clean_db")


def _mail(message) -> tuple[str, str]:
    """(subject, body) of a mail caught by the mail_server fixture."""
    import email
    from email.header import decode_header, make_header

    parsed = email.message_from_string(message[3])
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/plain")
    return (str(make_header(decode_header(parsed["Subject"]))),
            part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))


def _in(days: int) -> str:
    return (withdrawal.today() + datetime.timedelta(days=days)).isoformat()


def _public_site() -> dict:
    site = provider_site()
    site["ds"] = tdpf_factories.Dataset(
        owner_org=site["org"]["id"], name="parks", title="公園一覧",
        resources=[{"url": "https://example.lg.jp/parks.csv", "format": "CSV"}])
    follower = factories.User(email="follower@example.jp")
    call_action("follow_dataset", ctx(follower), id=site["ds"]["id"])
    site["follower"] = follower
    return site


@pytest.mark.usefixtures("with_request_context")
def test_only_providers_schedule_with_enough_notice_and_a_reason(mail_server):
    site = _public_site()
    ds = site["ds"]
    for user in (None, site["member"], site["outsider"]):
        with pytest.raises(Exception) as refused:
            call_action("tdpf_withdrawal_schedule", ctx(user), id=ds["id"],
                        end_date=_in(40), reason="更新終了")
        assert type(refused.value).__name__ == "NotAuthorized"
    with pytest.raises(Exception) as err:
        call_action("tdpf_withdrawal_schedule", ctx(site["editor"]), id=ds["id"],
                    end_date=_in(29), reason=" ")
    assert set(err.value.error_dict) == {"end_date", "reason"}
    assert _in(30) in err.value.error_dict["end_date"][0]
    for bad_date in ("来月", ["2099-01-01"], "2099-02-30"):
        with pytest.raises(Exception, match="2027-03-31"):
            call_action("tdpf_withdrawal_schedule", ctx(site["editor"]), id=ds["id"],
                        end_date=bad_date, reason="x")
    assert mail_server.get_smtp_messages() == []

    done = call_action("tdpf_withdrawal_schedule", ctx(site["editor"]), id=ds["id"],
                       end_date=_in(30), reason="システム更改のため")
    assert done["state"] == "scheduled" and done["notified"] == 1
    shown = call_action("package_show", ctx(None), id=ds["id"])
    assert shown["tdpf_withdrawal"]["date"] == _in(30)
    assert shown["tdpf_withdrawal"]["reason"] == "システム更改のため"
    messages = mail_server.get_smtp_messages()
    assert [m[2] for m in messages] == [["follower@example.jp"]]
    subject, body = _mail(messages[0])
    assert subject == f"【TDPF】「公園一覧」の提供終了のお知らせ（{_in(30)}）"
    assert "システム更改のため" in body and "/dataset/parks" in body
    # a second notice is refused; cancelling is for providers too
    with pytest.raises(Exception, match="すでに .* に予定されています"):
        call_action("tdpf_withdrawal_schedule", ctx(site["admin"]), id=ds["id"],
                    end_date=_in(60), reason="x")
    with pytest.raises(Exception) as refused:
        call_action("tdpf_withdrawal_cancel", ctx(site["outsider"]), id=ds["id"])
    assert type(refused.value).__name__ == "NotAuthorized"
    call_action("tdpf_withdrawal_cancel", ctx(site["admin"]), id=ds["id"])
    assert call_action("package_show", ctx(None), id=ds["id"])["tdpf_withdrawal"] is None
    with pytest.raises(Exception, match="予定された提供終了はありません"):
        call_action("tdpf_withdrawal_cancel", ctx(site["admin"]), id=ds["id"])
    events = [r.event for r in audit.records(object_type="package", object_id=ds["id"])]
    assert events[:2] == ["withdrawal.cancel", "withdrawal.schedule"]
    assert list(audit.verify()) == []
    # followers' dashboards show it
    activities = call_action("package_activity_list", ctx(factories.Sysadmin()), id=ds["id"])
    assert any((a["data"].get("tdpf_withdrawal") or {}).get("notice") == "scheduled"
               for a in activities)


def test_other_plugins_add_recipients(mail_server):
    site = _public_site()
    grantee = factories.User(email="grantee@example.jp")

    def holders(package_id, kind):
        return [grantee["id"]] if package_id == site["ds"]["id"] else []

    withdrawal.recipients_signal.connect(holders)
    try:
        call_action("tdpf_withdrawal_schedule", ctx(site["editor"]), id=site["ds"]["id"],
                    end_date=_in(31), reason="終了")
    finally:
        withdrawal.recipients_signal.disconnect(holders)
    assert sorted(m[2][0] for m in mail_server.get_smtp_messages()) == [
        "follower@example.jp", "grantee@example.jp"]


def test_job_reminds_then_withdraws_leaving_a_tombstone(app, mail_server, test_request_context):
    site = _public_site()
    ds, editor = site["ds"], site["editor"]
    res_id = ds["resources"][0]["id"]
    call_action("tdpf_withdrawal_schedule", ctx(editor), id=ds["id"],
                end_date=_in(30), reason="データ提供元の廃止")
    # the scheduled task only enqueues the job
    jobs.get_queue(queues.PRIORITY).empty()
    task = next(t for hook in FEATURES.hooks("scheduled_tasks") for t in hook()
                if t.name == "trust-withdrawals")
    task.run()
    assert [j.func_name for j in jobs.get_queue(queues.PRIORITY).jobs] == [
        "ckanext.tdpf_trust.withdrawal.notice.run_due"]
    jobs.get_queue(queues.PRIORITY).empty()

    today = withdrawal.today()
    assert withdrawal.run_due(today) == {"reminded": 0, "withdrawn": 0}
    with test_request_context():  # as in the job worker (ckan jobs worker)
        assert withdrawal.run_due(today + datetime.timedelta(days=24)) == {
            "reminded": 1, "withdrawn": 0}
    assert withdrawal.run_due(today + datetime.timedelta(days=25)) == {
        "reminded": 0, "withdrawn": 0}  # once
    assert _mail(mail_server.get_smtp_messages()[-1])[0].startswith("【TDPF】再通知")
    assert call_action("package_search", ctx(None), q="公園")["count"] == 1
    assert withdrawal.run_due(today + datetime.timedelta(days=30)) == {
        "reminded": 0, "withdrawn": 1}

    # out of search, for everyone
    assert call_action("package_search", ctx(None), q="公園")["count"] == 0
    assert call_action("package_search", ctx(editor), q="公園",
                       include_private=True)["count"] == 0
    # tombstones can be found when asked for by name, without URLs
    found = call_action("package_search", ctx(None), fq="tdpf_hidden:withdrawn")
    assert [r["resources"][0]["url"] for r in found["results"]] == [""]
    # no URLs in the API but for sysadmins
    shown = call_action("package_show", ctx(None), id=ds["id"])
    assert shown["tdpf_hidden"]["kind"] == "withdrawn"
    assert [r["url"] for r in shown["resources"]] == [""]
    assert call_action("resource_show", ctx(editor), id=res_id)["url"] == ""
    sysadmin = factories.Sysadmin()
    assert call_action("package_show", ctx(sysadmin), id=ds["id"])["resources"][0]["url"]
    # the stored URL is intact (a sysadmin sees it; patching keeps it)
    call_action("package_patch", ctx(editor), id=ds["id"], tag_string="終了")
    assert model.Resource.get(res_id).url == "https://example.lg.jp/parks.csv"
    # page kept as a tombstone; download gone
    page = app.get(f"/dataset/{ds['name']}")
    assert page.status_code == 200
    assert "データ提供元の廃止" in page.body and "提供終了" in page.body
    assert "https://example.lg.jp/parks.csv" not in page.body
    gone = app.get(f"/dataset/{ds['name']}/resource/{res_id}/download")
    assert gone.status_code == 410
    # DCAT: not in the catalog, no URL in the dataset's own record
    catalog = app.get("/catalog.ttl")
    assert ds["name"] not in catalog.body
    record = app.get(f"/dataset/{ds['name']}.ttl")
    assert record.status_code == 200 and "parks.csv" not in record.body
    # it cannot be published or given data again
    with pytest.raises(Exception, match="ended"):
        call_action("resource_create", ctx(editor), package_id=ds["id"],
                    url="https://example.lg.jp/again.csv",
                    tdpf_warranty_attestation=dict(
                        personal_data=True, consent=True, accuracy=True,
                        right_to_provide=True, legal_compliance=True))
    with pytest.raises(Exception, match="already ended"):
        call_action("tdpf_withdrawal_cancel", ctx(editor), id=ds["id"])

"""The fee ledger: charges when a paid grant starts and per download, once
each; immutable entries with corrections; monthly statements (CSV) for the
member and the provider only."""
from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf_market.access.model import AccessLog
from ckanext.tdpf_market.fees import ledger as fees
from ckanext.tdpf_market.fees.model import FeeEntry
from ckanext.tdpf_market.grants.model import Grant

from tests.factories import Dataset


def make_grant(dataset: dict, user: dict, amount: int | None, unit: str | None,
               **extra) -> Grant:
    grant = Grant(dataset_id=dataset["id"], user_id=user["id"], purpose="研究",
                  member_type="corporation",
                  conditions={"access_level": "paid" if amount else "conditional",
                              "fee_amount": amount, "fee_unit": unit}, **extra)
    model.Session.add(grant)
    model.Session.flush()
    return grant


def log_download(grant: Grant) -> AccessLog:
    row = AccessLog(grant_id=grant.id, user_id=grant.user_id, dataset_id=grant.dataset_id,
                    resource_id="r1", bytes=100, purpose=grant.purpose,
                    member_type=grant.member_type)
    model.Session.add(row)
    model.Session.flush()
    return row


@pytest.fixture
def ledger(clean_db):
    provider, member, other = factories.User(), factories.User(), factories.User()
    org = factories.Organization(users=[{"name": provider["name"], "capacity": "editor"}])
    other_org = factories.Organization(users=[{"name": other["name"], "capacity": "admin"}])
    # private: the trust gate (warranty) is not what these tests are about
    monthly = Dataset(owner_org=org["id"], name="monthly-data", private=True)
    per_download = Dataset(owner_org=org["id"], name="per-download-data", private=True)
    return {"provider": provider, "member": member, "other": other, "org": org,
            "other_org": other_org, "monthly": monthly, "per_download": per_download,
            "admin": factories.Sysadmin()}


def test_charges_once_per_grant_and_per_download(ledger):
    member = ledger["member"]
    monthly = make_grant(ledger["monthly"], member, 5000, "month")
    entry = fees.on_grant_started(monthly)
    assert (entry.kind, entry.amount_yen, entry.unit) == ("grant", 5000, "month")
    assert entry.organization_id == ledger["org"]["id"]
    assert entry.month == fees.month_of(entry.created)
    assert fees.on_grant_started(monthly) is None          # a retry charges nothing
    assert fees.on_download(monthly, log_download(monthly)) is None   # monthly: no per-download fee

    per_dl = make_grant(ledger["per_download"], member, 120, "download")
    assert fees.on_grant_started(per_dl) is None
    logs = [log_download(per_dl) for _ in range(3)]
    for log in logs:
        assert fees.on_download(per_dl, log).amount_yen == 120
    assert fees.on_download(per_dl, logs[0]) is None
    free = make_grant(ledger["monthly"], member, None, None)
    assert fees.on_grant_started(free) is None
    model.Session.commit()

    rows = fees.entries(member_user_id=member["id"])
    assert [(r.kind, r.amount_yen) for r in rows] == [("grant", 5000)] + [("download", 120)] * 3
    assert sorted(r.access_log_id for r in rows if r.kind == "download") == sorted(
        log.id for log in logs)


def test_a_paid_grant_is_charged_when_the_request_is_approved(market):
    from tests.tdpf_market.conftest import ctx

    member = market["paid_member"]
    call_action("tdpf_access_request_create", ctx(member), dataset_id="flow-premium",
                purpose="商用", accepted_conditions=True)        # automatic approval
    call_action("tdpf_access_request_create", ctx(market["free_member"]),
                dataset_id="people-flow", purpose="研究", accepted_conditions=True)
    rows = fees.entries(member_user_id=member["id"])
    assert [(r.kind, r.amount_yen, r.unit) for r in rows] == [("grant", 5000, "month")]
    assert rows[0].organization_id == market["org"]["id"]
    # the conditional dataset is free of charge: nothing for the other member
    assert fees.entries(member_user_id=market["free_member"]["id"]) == []


def test_monthly_and_yearly_grants_are_charged_each_period_once(ledger, cli):
    from ckan.cli.cli import ckan as ckan_cli

    member, ds = ledger["member"], ledger["monthly"]
    now = fees.utcnow()
    ago = lambda days: now - datetime.timedelta(days=days)  # noqa: E731
    monthly = make_grant(ds, member, 5000, "month", valid_from=ago(65))  # 3rd month begun
    yearly = make_grant(ds, member, 60000, "year", valid_from=ago(400))  # 2nd year begun
    make_grant(ds, member, 5000, "month", valid_from=ago(100), state="revoked")
    make_grant(ds, member, 5000, "month", valid_from=ago(100), valid_until=ago(1))
    make_grant(ds, member, 100, "download", valid_from=ago(100))
    fees.on_grant_started(monthly)
    fees.on_grant_started(yearly)
    model.Session.commit()

    assert fees.charge_due_periods() == 3
    assert fees.charge_due_periods() == 0                     # never twice
    result = cli.invoke(ckan_cli, ["tdpf", "fees", "renew"])
    assert result.exit_code == 0 and "0 renewal entries added" in result.output
    rows = fees.entries(member_user_id=member["id"])
    assert sorted((r.grant_id == monthly.id, r.kind, r.period, r.amount_yen) for r in rows) == [
        (False, "grant", 0, 60000), (False, "renewal", 1, 60000),
        (True, "grant", 0, 5000), (True, "renewal", 1, 5000), (True, "renewal", 2, 5000)]
    # a month is a calendar month: from 31 January the next begins on 28 February
    jan31 = make_grant(ds, member, 1, "month", valid_from=datetime.datetime(2026, 1, 31))
    assert fees.periods_started(jan31, datetime.datetime(2026, 2, 27, 23)) == 1
    assert fees.periods_started(jan31, datetime.datetime(2026, 2, 28)) == 2
    assert fees.periods_started(jan31, datetime.datetime(2026, 3, 31)) == 3
    # the scheduler runs it
    from ckanext.tdpf.scheduler import all_tasks
    assert "market-fee-renewals" in [task.name for task in all_tasks()]


def test_entries_are_immutable_and_corrected_by_new_entries(ledger):
    grant = make_grant(ledger["monthly"], ledger["member"], 5000, "month")
    entry = fees.on_grant_started(grant)
    model.Session.commit()
    for statement in (sa.update(FeeEntry).values(amount_yen=1),
                      sa.delete(FeeEntry)):
        with pytest.raises(DBAPIError, match="append-only"):
            model.Session.execute(statement.where(FeeEntry.id == entry.id))
        model.Session.rollback()

    admin = {"user": ledger["admin"]["name"]}
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_fee_correction_create", {"user": ledger["provider"]["name"],
                                                   "ignore_auth": False},
                    entry_id=entry.id, amount_yen=-1000, reason="x")
    with pytest.raises(tk.ValidationError) as error:
        call_action("tdpf_fee_correction_create", dict(admin), entry_id=entry.id,
                    amount_yen="1.5", reason="")
    assert set(error.value.error_dict) == {"amount_yen", "reason"}
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_fee_correction_create", dict(admin), entry_id=999999,
                    amount_yen=-1, reason="typo")
    fix = call_action("tdpf_fee_correction_create", dict(admin), entry_id=entry.id,
                      amount_yen=-1000, reason="=初月割引")
    assert (fix["kind"], fix["amount_yen"], fix["corrects_id"]) == ("correction", -1000, entry.id)
    assert model.Session.get(FeeEntry, entry.id).amount_yen == 5000
    month = fees.month_of(entry.created)
    shown = call_action("tdpf_fee_statement_show", {"user": ledger["member"]["name"]},
                        user_id=ledger["member"]["name"], month=month)
    assert shown["total_yen"] == 4000 and len(shown["entries"]) == 2
    # the CSV: the correction's amount a number, its text never a formula
    from ckanext.tdpf.csvexport import to_bytes
    from ckanext.tdpf_market.fees.views import statement_rows
    lines = to_bytes(["h"], statement_rows(shown["entries"])).decode("utf-8-sig").splitlines()
    assert ",-1000,'=初月割引," in lines[2]


def test_accounting_month_is_tokyo_time():
    # 2026-04-30 15:30 UTC is 2026-05-01 00:30 in Tokyo
    assert fees.month_of(datetime.datetime(2026, 4, 30, 15, 30)) == "2026-05"
    assert fees.month_of(datetime.datetime(2026, 4, 30, 14, 59)) == "2026-04"


def test_monthly_statements_for_member_and_provider_only(app, ledger):
    member, provider = ledger["member"], ledger["provider"]
    grant = make_grant(ledger["per_download"], member, 300, "download")
    for _ in range(2):
        fees.on_download(grant, log_download(grant))
    second = factories.User()
    fees.on_grant_started(make_grant(ledger["monthly"], second, 10000, "year"))
    model.Session.commit()
    month = fees.month_of(fees.utcnow())

    def get(url, user):
        headers = {"Authorization": factories.APIToken(user=user["name"])["token"]} if user else {}
        return app.get(url, headers=headers)

    csv = get(f"/user/{member['name']}/fees.csv?month={month}", member)
    assert csv.status_code == 200
    assert csv.headers["Content-Type"].startswith("text/csv")
    raw = csv.get_data()
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("日時,種別,会員")
    assert len(lines) == 4                              # header, 2 downloads, total
    assert lines[1].split(",")[1] == "ダウンロード" and ",300," in lines[1]
    assert lines[-1].startswith("合計") and ",600," in lines[-1]

    org = ledger["org"]["name"]
    provider_csv = get(f"/organization/{org}/fees.csv?month={month}", provider)
    assert provider_csv.status_code == 200
    assert provider_csv.get_data().decode("utf-8-sig").splitlines()[-1].count("10600") == 1
    tab = f'href="/organization/{org}/fees"'
    assert tab in get(f"/organization/{org}", provider).get_data(as_text=True)
    assert tab not in get(f"/organization/{org}", member).get_data(as_text=True)
    page = get(f"/organization/{org}/fees", provider).get_data(as_text=True)
    assert f'data-month="{month}"' in page and "10,600" in page

    # nobody else: another member, the editor of another organisation, anonymous
    for url in (f"/user/{member['name']}/fees.csv?month={month}",
                f"/organization/{org}/fees.csv?month={month}", f"/organization/{org}/fees"):
        assert get(url, second if "/user/" in url else ledger["other"]).status_code == 403
        assert get(url, None).status_code == 403
    assert get(f"/user/{member['name']}/fees.csv?month=2026-13", member).status_code == 400
    assert get(f"/user/{member['name']}/fees.csv?month={month}",
               ledger["admin"]).status_code == 200

    listed = call_action("tdpf_fee_statement_list", {"user": provider["name"]},
                         organization_id=org)
    assert listed == [{"month": month, "entries": 3, "total_yen": 10600}]
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_fee_statement_list", {"user": provider["name"]})


def test_closing_a_month_hands_every_statement_to_the_gateways(cli, ledger, monkeypatch):
    from ckan.cli.cli import ckan as ckan_cli

    from ckanext.tdpf_market.fees import gateway

    class Gateway:   # what an IPaymentGateway plugin receives
        entries: list = []
        statements: list = []

        def fee_entry_created(self, entry):
            self.entries.append(entry)

        def statement_closed(self, statement):
            self.statements.append(statement)
    monkeypatch.setattr(gateway, "gateways", lambda: [Gateway()])
    grant = make_grant(ledger["monthly"], ledger["member"], 5000, "one_off")
    fees.on_grant_started(grant)
    model.Session.commit()
    assert [(e["kind"], e["amount_yen"], e["grant_id"]) for e in Gateway.entries] == [
        ("grant", 5000, grant.id)]
    month = fees.month_of(fees.utcnow())
    result = cli.invoke(ckan_cli, ["tdpf", "fees", "close", month])
    assert result.exit_code == 0, result.output
    assert f"member {ledger['member']['id']}\t1 entries\t5000 yen" in result.output
    assert f"provider {ledger['org']['id']}\t1 entries\t5000 yen" in result.output
    assert [(st["member_user_id"], st["organization_id"], st["total_yen"])
            for st in Gateway.statements] == [(ledger["member"]["id"], None, 5000),
                                              (None, ledger["org"]["id"], 5000)]
    assert cli.invoke(ckan_cli, ["tdpf", "fees", "close", "2026-4"]).exit_code == 2

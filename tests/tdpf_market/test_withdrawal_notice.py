"""Members holding a valid grant are told of a dataset's end of provision
with its followers (the trust plugin's notice before withdrawal)."""
from __future__ import annotations

import datetime

from ckan.tests.helpers import call_action

from ckanext.tdpf_trust.withdrawal import notice as withdrawal

from tests.tdpf_market.conftest import ctx


def test_grant_holders_are_among_the_recipients(market):
    request = call_action("tdpf_access_request_create", ctx(market["free_member"]),
                          dataset_id="people-flow", purpose="研究", accepted_conditions=True)
    pending_only = call_action("tdpf_access_request_create", ctx(market["paid_member"]),
                               dataset_id="people-flow", purpose="研究",
                               accepted_conditions=True)
    call_action("tdpf_access_request_decide", ctx(market["provider"]),
                id=request["id"], decision="approve")
    end = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()
    call_action("tdpf_withdrawal_schedule", ctx(market["provider"]), id="people-flow",
                end_date=end, reason="提供元システムの終了のため")

    names = {u.name for u in withdrawal.recipients(market["conditional"]["id"], "scheduled")}
    assert market["free_member"]["name"] in names          # holds a grant
    assert market["paid_member"]["name"] not in names      # only asked (pending)
    assert pending_only["state"] == "pending"
    assert {u.name for u in withdrawal.recipients(market["open"]["id"], "scheduled")} == set()

"""Bad input to the market's actions is answered 400/403/404/409 with a
message, never 500."""
from __future__ import annotations

from ckan.tests import factories

BAD = [
    ("tdpf_access_request_create", {}),
    ("tdpf_access_request_create", {"dataset_id": "no-such-dataset", "purpose": "研究"}),
    ("tdpf_access_request_create", {"dataset_id": "people-flow", "purpose": ["研究"],
                                    "accepted_conditions": {"x": 1}}),
    ("tdpf_access_request_create", {"dataset_id": "people-flow", "purpose": "研究",
                                    "accepted_conditions": True, "resource_id": "nope"}),
    ("tdpf_access_request_list", {"limit": "many"}),
    ("tdpf_access_request_list", {"state": ["x"], "offset": -5}),
    ("tdpf_access_request_show", {}),
    ("tdpf_access_request_show", {"id": "nope"}),
    ("tdpf_access_request_decide", {"id": "nope", "decision": "approve"}),
    ("tdpf_grant_list", {"limit": "ten"}),
    ("tdpf_grant_list", {"state": "lost"}),
    ("tdpf_grant_revoke", {"id": 42}),
    ("tdpf_resource_access", {}),
    ("tdpf_resource_access", {"id": ["a", "b"]}),
    ("tdpf_member_show", {"id": "nobody"}),
    ("tdpf_member_update", {"id": "free-corp", "member_type": 7}),
    ("package_patch", {"id": "people-flow", "fee_amount": {"yen": 5}, "access_level": "paid"}),
]


def test_bad_input_is_never_a_server_error(app, market):
    headers = {"Authorization": factories.APIToken(user=market["operator"]["id"])["token"]}
    member = {"Authorization": factories.APIToken(user=market["free_member"]["id"])["token"]}
    for action, data in BAD:
        for who in (headers, member, {}):
            answer = app.post(f"/api/3/action/{action}", json=data, headers=who)
            assert answer.status_code in (400, 403, 404, 409), (action, data, answer.status_code)
            assert answer.json["success"] is False and answer.json["error"], (action, data)

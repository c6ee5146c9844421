"""Data requests through the Action API: anyone signed in asks, the board is
public, votes, the addressed organisation answers and closes with a
dataset (voters told), search and facets, matching of new datasets."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action

from tests import factories
from tests.tdpf_community.conftest import ctx, notices


def _ask(world, **fields) -> dict:
    data = {"title": "公衆無線LANアクセスポイント一覧", "purpose": "観光客向けアプリで使いたい",
            "area": "千代田区", "period": "2024年", "theme": "transport_tourism",
            "organization_id": "chiyoda", **fields}
    return call_action("tdpf_datarequest_create", ctx(world["taro"]), **data)


def test_ask_vote_answer_and_close_as_published(world):
    request = _ask(world)
    assert request["status"] == "received" and request["organization_title"] == "千代田区"
    # the addressed organisation's editor is told; the other organisation's is not
    [notice] = notices(world["chiyoda-editor"])
    assert "公衆無線LAN" in notice["subject"] and notice["link"] == f"/datarequest/{request['id']}"
    assert notices(world["koto-editor"]) == []

    voted = call_action("tdpf_datarequest_vote", ctx(world["hanako"]), id=request["id"])
    assert voted == {"id": request["id"], "votes": 1, "voted": True}
    # voting twice counts once
    assert call_action("tdpf_datarequest_vote", ctx(world["hanako"]),
                       id=request["id"])["votes"] == 1

    # only the organisation asked (or an operator) answers
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_datarequest_answer", ctx(world["koto-editor"]), id=request["id"],
                    status="considering")
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_datarequest_answer", ctx(world["hanako"]), id=request["id"],
                    status="considering")
    considering = call_action("tdpf_datarequest_answer", ctx(world["chiyoda-editor"]),
                              id=request["id"], status="considering", reason="来月公開予定です")
    assert considering["status"] == "considering"
    assert any("回答" in n["subject"] or "answered" in n["subject"]
               for n in notices(world["taro"]))

    # published needs the datasets; a private one is refused (the voters would learn it)
    with pytest.raises(tk.ValidationError) as error:
        call_action("tdpf_datarequest_answer", ctx(world["chiyoda-editor"]), id=request["id"],
                    status="published")
    assert "datasets" in error.value.error_dict
    with pytest.raises(tk.ValidationError) as error:
        call_action("tdpf_datarequest_answer", ctx(world["chiyoda-editor"]), id=request["id"],
                    status="published", datasets=["chiyoda-draft"])
    assert "chiyoda-draft" in str(error.value.error_dict["datasets"])
    closed = call_action("tdpf_datarequest_answer", ctx(world["chiyoda-editor"]),
                         id=request["id"], status="published",
                         datasets=["chiyoda-shelters"], reason="公開しました")
    assert closed["status"] == "published"
    assert [d["name"] for d in closed["datasets"]] == ["chiyoda-shelters"]
    told = [n for n in notices(world["hanako"]) if n["link"] == f"/datarequest/{request['id']}"]
    assert told and "千代田区 避難所一覧" in told[0]["body"]

    # declining needs a reason
    with pytest.raises(tk.ValidationError) as error:
        call_action("tdpf_datarequest_answer", ctx(world["chiyoda-editor"]), id=request["id"],
                    status="declined")
    assert "reason" in error.value.error_dict


def test_anonymous_reads_but_never_posts(world):
    request = _ask(world)
    assert call_action("tdpf_datarequest_show", ctx(None), id=request["id"])["votes"] == 0
    assert call_action("tdpf_datarequest_list", ctx(None))["count"] == 1
    for action, data in (("tdpf_datarequest_create", {"title": "x", "purpose": "y"}),
                         ("tdpf_datarequest_vote", {"id": request["id"]}),
                         ("tdpf_datarequest_answer", {"id": request["id"],
                                                      "status": "considering"}),
                         ("tdpf_comment_create", {"subject_type": "datarequest",
                                                  "subject_id": request["id"], "body": "x"})):
        with pytest.raises(tk.NotAuthorized):
            call_action(action, ctx(None), **data)


def test_bad_input_is_a_field_error(world):
    with pytest.raises(tk.ValidationError) as error:
        _ask(world, title="", theme="no-such-theme", organization_id="no-such-org")
    assert {"title", "theme"} <= set(error.value.error_dict)
    with pytest.raises(tk.ValidationError) as error:
        _ask(world, organization_id="no-such-org")
    assert "organization_id" in error.value.error_dict
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_datarequest_list", ctx(None), status="maybe")
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_datarequest_show", ctx(None), id="no-such-request")


def test_search_and_facets(world):
    first = _ask(world)
    _ask(world, title="保育園の空き状況", purpose="子育て支援", theme="", organization_id="koto")
    call_action("tdpf_datarequest_vote", ctx(world["hanako"]), id=first["id"])
    everything = call_action("tdpf_datarequest_list", ctx(None), sort="votes")
    assert everything["count"] == 2 and everything["results"][0]["id"] == first["id"]
    assert everything["facets"]["organization"] == {"chiyoda": 1, "koto": 1}
    assert everything["facets"]["status"] == {"received": 2}
    assert everything["facets"]["theme"] == {"transport_tourism": 1}
    found = call_action("tdpf_datarequest_list", ctx(None), q="保育園")
    assert [r["title"] for r in found["results"]] == ["保育園の空き状況"]
    by_org = call_action("tdpf_datarequest_list", ctx(None), organization="chiyoda")
    assert [r["id"] for r in by_org["results"]] == [first["id"]]
    assert call_action("tdpf_datarequest_list", ctx(None), status="published")["count"] == 0


def test_a_new_public_dataset_matching_an_open_request_tells_requester_and_org(world):
    request = _ask(world, title="避難所 一覧")
    factories.Dataset(name="koto-wifi", title="江東区 公衆トイレ", owner_org=world["other_org"]["id"])
    factories.Dataset(name="chiyoda-hidden", title="避難所一覧（準備中）", private=True,
                      owner_org=world["org"]["id"])
    assert notices(world["taro"]) == []  # neither another title nor a private dataset
    factories.Dataset(name="chiyoda-shelters-2025", title="避難所一覧 2025年度",
                      owner_org=world["org"]["id"])
    matched = [n for n in notices(world["taro"]) if n["link"] == f"/datarequest/{request['id']}"]
    assert len(matched) == 1 and "避難所一覧 2025年度" in matched[0]["body"]
    assert any(n["link"] == f"/datarequest/{request['id']}"
               for n in notices(world["chiyoda-editor"]))
    # updating the dataset does not tell them again
    call_action("package_patch", {"user": world["operator"]["name"]},
                id="chiyoda-shelters-2025", notes="更新")
    assert len([n for n in notices(world["taro"])
                if n["link"] == f"/datarequest/{request['id']}"]) == 1

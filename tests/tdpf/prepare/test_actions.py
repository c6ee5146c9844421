"""tdpf_prepare_propose / tdpf_prepare_apply on an uploaded file: the
provider of the dataset's organisation and operators get the steps and
the tables; anyone else is refused; a saved recipe replays on the next
edition; bad input is a validation error, never a crash."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action

from .conftest import ctx, edition


def test_provider_gets_the_proposed_steps_and_the_clean_table(site):
    res = site["upload"](edition("800人", "4"), "hinanjo.csv")
    got = call_action("tdpf_prepare_propose", ctx(site["provider"]), id=res["id"])
    names = [s["step"] for s in got["recipe"]["steps"]]
    assert names[:2] == ["encoding", "trim_rows"] and "numbers" in names
    table = got["tables"][0]
    assert table["columns"] == ["時点", "名称", "所在地", "収容人数（人）"]
    assert table["rows"] == [["2026-04-01", "中央公園", "高松市番町1", "1400"],
                             ["2026-04-01", "市民会館", "高松市桜町", "800"]]
    assert got["after"]["L1"] > got["before"]["L1"]


def test_a_saved_recipe_replays_on_the_nextedition(site):
    first = site["upload"](edition("800人", "4"), "hinanjo-04.csv")
    recipe = call_action("tdpf_prepare_propose", ctx(site["provider"]), id=first["id"])["recipe"]
    second = site["upload"](edition("750人", "5"), "hinanjo-05.csv")
    got = call_action("tdpf_prepare_apply", ctx(site["operator"]), id=second["id"],
                      recipe=recipe)
    assert got["recipe"] == recipe
    assert got["tables"][0]["rows"] == [["2026-05-01", "中央公園", "高松市番町1", "1500"],
                                        ["2026-05-01", "市民会館", "高松市桜町", "750"]]


@pytest.mark.parametrize("who", ["reader", "outsider", "lonely", None])
def test_others_are_refused(site, who):
    res = site["upload"](edition("800人", "4"), "hinanjo.csv")
    for action, extra in (("tdpf_prepare_propose", {}),
                          ("tdpf_prepare_apply", {"recipe": {"steps": []}})):
        with pytest.raises(tk.NotAuthorized):
            call_action(action, ctx(site[who] if who else None), id=res["id"], **extra)


def test_bad_input_is_a_validation_error(site):
    res = site["upload"](edition("800人", "4"), "hinanjo.csv")
    provider = ctx(site["provider"])
    for extra in ({"recipe": "{"}, {"recipe": {"steps": [{"step": "nope"}]}}, {}):
        with pytest.raises(tk.ValidationError):
            call_action("tdpf_prepare_apply", provider, id=res["id"], **extra)
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_prepare_propose", provider, id=res["id"], standard="no-such")
    with pytest.raises(tk.ValidationError):
        call_action("tdpf_prepare_propose", provider, id=res["id"], municipality="123")
    with pytest.raises(tk.NotAuthorized):
        call_action("tdpf_prepare_propose", provider, id="no-such-resource")
    operator = ctx(site["operator"])  # passes every auth function: the action's own checks
    with pytest.raises(tk.ObjectNotFound):
        call_action("tdpf_prepare_propose", operator, id="no-such-resource")
    for action in ("tdpf_prepare_propose", "tdpf_prepare_apply", "tdpf_prepare_publish"):
        with pytest.raises(tk.ValidationError):
            call_action(action, operator)


def test_over_http_the_api_answers_400_series(app, site):
    res = site["upload"](edition("800人", "4"), "hinanjo.csv")
    anon = app.post("/api/3/action/tdpf_prepare_propose", json={"id": res["id"]})
    assert anon.status_code == 403
    bad = app.post("/api/3/action/tdpf_prepare_apply", json={"id": res["id"], "recipe": 5},
                   headers={"Authorization": site["provider"]["token"]})
    assert bad.status_code in (400, 409)

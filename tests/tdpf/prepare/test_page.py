"""The workbench page (データ整備) through the web app: who may open it,
the ticked steps deciding the preview, publishing and the links between
the original and the prepared resource."""
from __future__ import annotations

from ckan.tests import factories
from ckan.tests.helpers import call_action

from .conftest import edition


def _url(res: dict) -> str:
    return f"/dataset/{res['package_id']}/resource/{res['id']}/prepare"


def _attest() -> dict:
    keys = ("personal_data", "consent", "accuracy", "right_to_provide", "legal_compliance")
    return {f"tdpf_attest_{k}": "true" for k in keys}


def test_the_page_proposes_steps_and_previews_the_ticked_ones(app, site):
    original = site["upload"](edition("800人", "4"), "hinanjo.csv")
    token = {"Authorization": site["provider"]["token"]}
    page = app.get(_url(original), headers=token)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'data-step="trim_rows"' in body and "表の上下の行を削除" in body
    assert "<th scope=\"col\">名称</th>" in body  # the header found under the metadata rows
    # nothing ticked: the preview is the file as read, the metadata row in the table
    bare = app.post(_url(original), headers=token, data={"preview": "1"})
    assert bare.status_code == 200
    after = bare.get_data(as_text=True).split("tdpf-prepare-preview-after", 1)[1]
    assert "#title" in after
    resource_page = app.get(f"/dataset/{original['package_id']}/resource/{original['id']}",
                            headers=token).get_data(as_text=True)
    assert _url(original).replace(original["package_id"], "hinanjo") in resource_page


def test_publishing_from_the_page_links_both_resources(app, site):
    original = site["upload"](edition("800人", "4"), "hinanjo.csv")
    token = {"Authorization": site["provider"]["token"]}
    steps = app.get(_url(original), headers=token).get_data(as_text=True).count('name="step"')
    refused = app.post(_url(original), headers=token,
                       data={"publish": "1", "step": [str(i) for i in range(steps)]})
    assert refused.status_code == 400  # no warranty for a public dataset: a form error
    assert "tdpf-prepare-errors" in refused.get_data(as_text=True)
    done = app.post(_url(original), headers=token, follow_redirects=False,
                    data={"publish": "1", "step": [str(i) for i in range(steps)], **_attest()})
    assert done.status_code == 302
    new_page = app.get(done.headers["Location"], headers=token).get_data(as_text=True)
    assert "元のファイル" in new_page and original["id"] in new_page
    old_page = app.get(f"/dataset/hinanjo/resource/{original['id']}",
                       headers=token).get_data(as_text=True)
    assert "整備済みのデータ" in old_page


def test_others_are_refused_the_page(app, site):
    original = site["upload"](edition("800人", "4"), "hinanjo.csv")
    for who in ("reader", "outsider", "lonely"):
        token = factories.APIToken(user=site[who]["name"])["token"]
        assert app.get(_url(original), headers={"Authorization": token}).status_code == 403
        page = app.get(f"/dataset/hinanjo/resource/{original['id']}",
                       headers={"Authorization": token}).get_data(as_text=True)
        assert "tdpf-prepare-link" not in page
    assert app.get(_url(original)).status_code in (403, 404)
    token = {"Authorization": site["provider"]["token"]}
    assert app.get(f"/dataset/other/resource/{original['id']}/prepare",
                   headers=token).status_code == 404
    assert app.get("/dataset/hinanjo/resource/no-such/prepare", headers=token).status_code == 404


def test_a_private_dataset_s_resource_is_not_found_for_others(app, site):
    original = site["upload"](edition("800人", "4"), "hinanjo.csv")
    call_action("package_patch", {"user": site["operator"]["name"]}, id=original["package_id"], private=True)
    outsider = factories.APIToken(user=site["outsider"]["name"])["token"]
    assert app.get(_url(original), headers={"Authorization": outsider}).status_code == 404
    reader = factories.APIToken(user=site["reader"]["name"])["token"]
    assert app.get(_url(original), headers={"Authorization": reader}).status_code == 403
    provider = {"Authorization": site["provider"]["token"]}
    assert app.get(_url(original), headers=provider).status_code == 200

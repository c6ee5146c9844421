"""Counts that say what is there (issue 18 #6): the /harvest list shows the
last run's counts (the source's search row was written without a commit),
and a source page counts what the source holds, saying how many are shown
under another catalog's record (it showed 「データセット 0」 for a source
whose datasets all duplicate another source's)."""
from __future__ import annotations

import copy
import re
import uuid

from ckan.tests import factories

from .conftest import harvest


def _datasets_on(body: str) -> list[str]:
    return re.findall(r"データセット\s*(?:</dt>\s*<dd>)?\s*:?\s*(\d+)", body)


def test_harvest_list_shows_the_last_runs_count(app, remote, make_source, sysadmin):
    source = make_source(remote.url)
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    harvest(source)
    assert "12" in _datasets_on(app.get("/harvest", headers=headers).body)
    for i in range(100, 103):
        remote.add(i)
    harvest(source)
    assert "15" in _datasets_on(app.get("/harvest", headers=headers).body)


def test_source_of_duplicates_counts_what_it_holds(app, remote, remote2, make_source,
                                                   sysadmin):
    for d in list(remote.datasets.values()):  # a national portal republishing all of it
        copy_ = copy.deepcopy(d)
        copy_["id"], copy_["name"] = str(uuid.uuid4()), "national-" + d["name"]
        remote2.datasets[copy_["id"]] = copy_
    municipal = make_source(remote.url, name="chiyoda")
    national = make_source(remote2.url, name="data-go-jp", title="DATA GO JP",
                           provider_type="national", municipality_codes=[])
    harvest(municipal)
    harvest(national)
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    page = app.get(f"/harvest/{national['name']}", headers=headers).body
    assert _datasets_on(page)[:1] == ["12"]
    assert "うち 12 件は、同じデータセットを掲載している他のカタログの記録の下に表示されます" in page
    own = app.get(f"/harvest/{municipal['name']}", headers=headers).body
    assert _datasets_on(own)[:1] == ["12"] and "うち" not in own

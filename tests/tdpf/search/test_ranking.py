"""title > tags > description > resources, ties by metadata_modified desc."""
from __future__ import annotations

import pytest

from ckan.tests import factories

from tests import factories as tdpf_factories

from .conftest import search_names


@pytest.mark.usefixtures("clean_db")
def test_title_above_tags_above_notes_above_resources():
    org = factories.Organization()

    def make(name, **kw):
        return tdpf_factories.Dataset(owner_org=org["id"], name=name, **kw)

    # created in reverse so that recency alone would give the opposite order
    make("in-resource", title="資料A", notes="説明",
         resources=[{"url": "https://x.jp/a.csv", "name": "洪水浸水想定区域"}])
    # description mentions it three times: still below a single tag
    make("in-notes", title="資料B", notes="洪水浸水想定区域。洪水浸水想定区域の図。洪水浸水想定区域")
    make("in-tags", title="資料C", notes="説明", tags=[{"name": "洪水浸水想定区域"}])
    make("in-title", title="洪水浸水想定区域図", notes="説明")
    make("unrelated", title="公園一覧", notes="説明")

    assert search_names(q="洪水浸水想定区域") == [
        "in-title", "in-tags", "in-notes", "in-resource"]


@pytest.mark.usefixtures("clean_db")
def test_ties_broken_by_most_recently_modified():
    org = factories.Organization()
    for name in ("first", "second", "third"):
        tdpf_factories.Dataset(owner_org=org["id"], name=name, title="公園一覧")
    assert search_names(q="公園") == ["third", "second", "first"]


@pytest.mark.usefixtures("clean_db")
def test_a_phrase_mixing_scripts_ranks_title_above_description():
    """Positional phrases (Japanese and Latin words) rank by tier too."""
    org = factories.Organization()
    # created in this order, so recency alone would put in-notes first
    for name, kw in (("in-title", {"title": "公衆無線LAN 設置場所", "notes": "説明"}),
                     ("apart", {"title": "公衆トイレと無線LAN", "notes": "説明"}),
                     ("in-notes", {"title": "資料D", "notes": "区内の公衆無線LANの一覧"})):
        tdpf_factories.Dataset(owner_org=org["id"], name=name, **kw)
    assert search_names(q='"公衆無線LAN"') == ["in-title", "in-notes"]

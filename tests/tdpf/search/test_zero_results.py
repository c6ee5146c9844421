"""A search that finds nothing: any of the words, 「もしかして」, the data
request link; highlighted snippets (ckanext/tdpf/searchhelp.py)."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.search.vocabulary import VOCABULARY

from tests import factories as tdpf_factories


def search(**params):
    return call_action("package_search", **params)


def names(result):
    return [d["name"] for d in result["results"]]


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    VOCABULARY.clear()  # the tags of another test's catalog are gone


@pytest.mark.usefixtures("catalog")
class TestApi:
    def test_all_the_words_find_nothing_without_the_flag(self):
        found = search(q="避難所 公衆トイレ")
        assert found["count"] == 0 and "any_words" not in found

    def test_any_of_the_words_ranked_by_how_many(self):
        found = search(q="避難所 防災 トイレ", ext_any_words=True)
        assert found["any_words"] is True
        # both shelters hold 避難所 and the tag 防災; the toilets only トイレ
        assert set(names(found)[:2]) == {"shelter-designated", "shelter-list"}
        assert names(found)[2:] == ["toilets"]
        assert found["count"] == 3
        assert found["suggestion"] is None  # every word finds something

    def test_the_flag_changes_nothing_when_all_the_words_match(self):
        found = search(q="避難所 千代田区", ext_any_words="true")
        assert names(found) == ["shelter-designated"] and "any_words" not in found

    def test_solr_mm_1_is_any_of_the_words(self):
        assert set(names(search(q="避難所 トイレ", mm="1"))) == {
            "shelter-designated", "shelter-list", "toilets"}

    def test_suggestion_for_a_wrong_kanji(self):
        found = search(q="非難所", ext_any_words=True)
        assert found["count"] == 0 and found["suggestion"] == "避難所"
        found = search(q="非難所 公衆トイレ", ext_any_words=True)
        assert names(found) == ["toilets"] and found["any_words"] is True
        assert found["suggestion"] == "避難所 公衆トイレ"

    def test_a_suggestion_costs_a_bounded_number_of_searches(self, monkeypatch):
        from ckanext.tdpf import searchhelp
        counted = []
        real = searchhelp._count
        monkeypatch.setattr(searchhelp, "_count", lambda *a: counted.append(a[-1]) or real(*a))
        found = search(q="非難所 非難場所 公衆トイラ 防炎 人工 観航 文化材 子育", ext_any_words=True)
        assert found["count"] == 0 and found["suggestion"].startswith("避難所 ")
        assert len(counted) <= searchhelp.MAX_CHECKS + 1  # and the corrected query's

    def test_no_suggestion_for_nonsense(self):
        assert search(q="ぬぬぬぬぬ", ext_any_words=True)["suggestion"] is None

    def test_highlight_marks_the_words_and_their_variants(self):
        found = search(q="避難所", hl=True)
        marked = found["highlight"]
        by_name = {d["name"]: d["id"] for d in found["results"]}
        assert marked[by_name["shelter-list"]]["title"] == "<mark>避難所</mark>一覧"
        assert "<mark>避難所</mark>" in marked[by_name["shelter-designated"]]["notes"]
        assert "highlight" not in search(q="避難所")

    def test_bad_flags_are_refused(self):
        from ckan.logic import ValidationError
        with pytest.raises(ValidationError) as err:
            search(q="避難所", hl="maybe")
        assert "hl" in err.value.error_dict
        with pytest.raises(ValidationError):
            search(q="避難所", ext_any_words=[1])


@pytest.mark.usefixtures("catalog")
class TestPage:
    def test_zero_results_page_shows_any_words_and_suggestion(self, app):
        page = app.get("/dataset/", query_string={"q": "非難所 公衆トイレ"})
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "公衆トイレ一覧" in body  # the any-word result
        assert "すべて含むデータセットはありませんでした" in body
        assert "もしかして" in body and "避難所 公衆トイレ" in body
        assert "<mark>公衆トイレ</mark>" in body  # its description, marked

    def test_data_request_link_with_the_community_plugin_only(self, app):
        """IDataRequestOffer: the community plugin's request form, the words
        as its title; without that plugin (tests/matrix.py "core") no link."""
        from ckan.plugins import plugin_loaded
        body = app.get("/dataset/", query_string={"q": "ぬぬぬぬぬ"}).get_data(as_text=True)
        link = "/datarequest/new?title=%E3%81%AC%E3%81%AC"
        if plugin_loaded("tdpf_community"):
            assert "データをリクエスト" in body and link in body
        else:
            assert "データをリクエスト" not in body and "/datarequest/" not in body
        found = app.get("/dataset/", query_string={"q": "トイレ"}).get_data(as_text=True)
        assert "データをリクエスト" not in found  # something found: no offer

    def test_results_show_a_marked_snippet(self, app):
        body = app.get("/dataset/", query_string={"q": "トイレ"}).get_data(as_text=True)
        assert "東京都内の公衆<mark>トイレ</mark>の所在地。" in body
        assert "もしかして" not in body


# these empty the database: after the tests of the shared catalog
@pytest.mark.usefixtures("clean_db")
def test_stored_markup_is_escaped_in_the_highlight():
    org = factories.Organization()
    pkg = tdpf_factories.Dataset(owner_org=org["id"], name="markup", title="窓口",
                                 notes='<script>alert(1)</script> 区の問い合わせ窓口 & "受付"')
    marked = search(q="問合せ 受付", hl=True)["highlight"][pkg["id"]]["notes"]
    assert marked == ("&lt;script&gt;alert(1)&lt;/script&gt; 区の<mark>問い合わせ</mark>窓口 "
                      "&amp; &#34;<mark>受付</mark>&#34;")


@pytest.mark.usefixtures("clean_db")
def test_a_private_tag_is_never_suggested_to_who_cannot_see_it():
    org = factories.Organization()
    tdpf_factories.Dataset(owner_org=org["id"], name="secret", title="資料", private=True,
                           tags=[{"name": "極秘調査"}])
    anonymous = call_action("package_search", {"user": "", "ignore_auth": False}, q="極秘調杳",
                            ext_any_words=True, include_private=True)
    assert anonymous["suggestion"] is None
    admin = call_action("package_search", {"user": factories.Sysadmin()["name"],
                                           "ignore_auth": False},
                        q="極秘調杳", ext_any_words=True, include_private=True)
    assert admin["suggestion"] == "極秘調査"


@pytest.mark.usefixtures("clean_db")
def test_suggestion_from_a_title_word():
    """No tag holds 蔵書 or 避難所: the words of titles are suggested too,
    adjacent tokens together (避難 + 所); never a private title's word to
    who cannot see it."""
    org = factories.Organization()
    tdpf_factories.Dataset(owner_org=org["id"], name="books", title="中央図書館 蔵書一覧", tags=[])
    tdpf_factories.Dataset(owner_org=org["id"], name="shelters", title="指定緊急避難所一覧",
                           tags=[])
    tdpf_factories.Dataset(owner_org=org["id"], name="hidden", title="極秘調査の記録",
                           private=True, tags=[])
    found = search(q="蔵署", ext_any_words=True)
    assert found["count"] == 0 and found["suggestion"] == "蔵書"
    found = search(q="非難所", ext_any_words=True)
    assert found["suggestion"] == "避難所"
    anonymous = call_action("package_search", {"user": "", "ignore_auth": False}, q="極秘調杳",
                            ext_any_words=True, include_private=True)
    assert anonymous["suggestion"] is None
    # a dataset indexed after the vocabulary was read is added at its next refresh
    tdpf_factories.Dataset(owner_org=org["id"], name="parks", title="都立公園の遊具", tags=[])
    assert search(q="遊貝", ext_any_words=True)["suggestion"] is None  # not read yet
    from ckanext.tdpf.search import vocabulary
    vocabulary.VOCABULARY._read_at = -vocabulary.REFRESH_S * 2.0  # the refresh is due
    assert search(q="遊貝", ext_any_words=True)["suggestion"] == "遊具"

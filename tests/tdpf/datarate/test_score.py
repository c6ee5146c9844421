"""The data rate of a dataset with known metadata equals a hand
computation, indicator by indicator (pure function, no database)."""
from __future__ import annotations

from ckanext.tdpf.datarate import score
from ckanext.tdpf.datarate.score import FAILED, MET, MISSING, UNKNOWN, LinkResult

CSV = "https://example.jp/data/shelters.csv"
PAGE = "https://example.jp/opendata/shelters.html"


def known_dataset() -> dict:
    return {
        "id": "x", "title": "避難所一覧", "notes": "区内の避難所の名称と所在地",
        "owner_org": "org-1", "license_id": "cc-by-4.0",
        "tags": [{"name": "防災"}, {"name": "避難所"}],
        "theme": ["justice_environment"],
        "municipality_codes": ["131016"],
        "maintainer_email": "opendata@city.chiyoda.example.jp",
        "resources": [
            {"url": CSV, "format": "CSV", "mimetype": "text/csv", "size": 2048,
             "issued": "2024-04-01"},
            {"url": PAGE, "format": "HTML"},
        ],
    }


def states(result: dict) -> dict[str, str]:
    return {i["key"]: i["state"] for d in result["dimensions"] for i in d["indicators"]}


def test_hand_computed_score_with_unchecked_links():
    result = score.breakdown(known_dataset(), links={})
    dims = {d["key"]: (d["earned"], d["possible"]) for d in result["dimensions"]}

    # Findability: keyword 30 (2 tags) + theme 30 + spatial 20 (a
    # municipality code) + temporal 0 (no dates) = 80 of 100
    assert dims["findability"] == (30 + 30 + 20 + 0, 100)
    # Accessibility: access URLs unchecked -> 0 (unknown, not failed);
    # download URL present 20 (the CSV; the HTML page is not a file);
    # download URL answers: unchecked -> 0. = 20 of 100
    assert dims["accessibility"] == (0 + 20 + 0, 100)
    # Interoperability, best distribution (the CSV): format 20 + media type
    # 10 + both from the vocabulary 10 + non-proprietary 20 +
    # machine-readable 20; DCAT-AP compliant 30 (title, description,
    # publisher, every resource has a URL) = 110 of 110
    assert dims["interoperability"] == (20 + 10 + 10 + 20 + 20 + 30, 110)
    # Reusability: licence 20 + from the list 10 + access rights 0 + from
    # the vocabulary 0 (not set) + contact point 20 + publisher 10 = 60 of 75
    assert dims["reusability"] == (20 + 10 + 0 + 0 + 20 + 10, 75)
    # Contextuality: rights 0 + byte size 5 + issued 5 + modified 0 = 10 of 20
    assert dims["contextuality"] == (0 + 5 + 5 + 0, 20)

    assert result["score"] == 80 + 20 + 110 + 60 + 10 == 280
    assert result["max_score"] == 405
    assert result["rating"] == "good"  # 221-350
    # open licence, structured (CSV), non-proprietary; no RDF -> 3 stars
    assert result["stars"] == 3
    s = states(result)
    assert s["access_url_status"] == UNKNOWN and s["download_url_status"] == UNKNOWN
    assert s["temporal"] == MISSING and s["access_rights"] == MISSING
    missing = {i["key"]: i for i in result["missing"]}
    assert set(missing) == {"temporal", "access_url_status", "download_url_status",
                            "access_rights", "access_rights_vocabulary", "rights",
                            "modified"}
    assert all(i["fix"] for i in result["missing"])
    assert "Not checked" in missing["access_url_status"]["fix"]


def test_checked_links_earn_or_fail():
    ok = {CSV: LinkResult(200), PAGE: LinkResult(200)}
    result = score.breakdown(known_dataset(), links=ok)
    # + access URLs 50 + download URL answers 30
    assert result["score"] == 280 + 50 + 30 == 360
    assert result["rating"] == "excellent"  # 351-405

    broken = {CSV: LinkResult(200), PAGE: LinkResult(404)}
    result = score.breakdown(known_dataset(), links=broken)
    assert result["score"] == 280 + 30  # one access URL fails: no access points
    s = states(result)
    assert s["access_url_status"] == FAILED and s["download_url_status"] == MET
    failed = next(i for i in result["missing"] if i["key"] == "access_url_status")
    assert f"{PAGE} (404)" in failed["detail"]


def test_every_indicator_adds_up_to_405():
    pkg = known_dataset()
    pkg.update(temporal_start="2024-01-01", access_rights="PUBLIC",
               terms_of_use_notices="出典を明記してください")
    pkg["resources"][0]["modified"] = "2024-05-01"
    links = {CSV: LinkResult(200), PAGE: LinkResult(200)}
    result = score.breakdown(pkg, links)
    assert result["score"] == 405 and result["missing"] == []
    assert [d["possible"] for d in result["dimensions"]] == [100, 100, 110, 75, 20]


def test_empty_dataset_is_bad_and_not_compliant():
    result = score.breakdown({"title": "t", "license_id": "conditional"}, {})
    # only the licence (20) and it being from the list (10)
    assert result["score"] == 30 and result["rating"] == "bad" and result["stars"] == 0


def test_ratings_bounds():
    assert [score.rating(s) for s in (405, 351, 350, 221, 220, 121, 120, 0)] == [
        "excellent", "excellent", "good", "good", "sufficient", "sufficient", "bad", "bad"]


def test_stars_levels():
    base = {"license_id": "cc-by-4.0"}

    def level(*resources, **extra):
        return score.stars({**base, **extra, "resources": list(resources)})

    assert level({"url": "https://x/a.pdf", "format": "PDF"}) == 1
    assert level({"url": "https://x/a.xlsx", "format": "XLSX"}) == 2
    assert level({"url": "https://x/a.csv", "format": "csv"}) == 3
    assert level({"url": "https://x/a.ttl", "format": "text/turtle"}) == 4
    assert level({"url": "https://x/a.ttl", "format": "TTL", "conforms_to": "shelter"}) == 5
    # not open: no star whatever the format
    assert score.stars({"license_id": "conditional",
                        "resources": [{"url": "https://x/a.csv", "format": "CSV"}]}) == 0


def test_upload_counts_as_reachable_and_is_not_fetched():
    pkg = {"resources": [{"url": "http://portal/dataset/x/resource/y/download/a.csv",
                          "url_type": "upload", "format": "CSV"}]}
    assert score.checked_urls(pkg) == []
    s = states(score.breakdown(pkg, {}))
    assert s["access_url_status"] == MET and s["download_url_status"] == MET


def test_download_url_rule():
    assert score.download_url({"url": "https://x/a.csv", "format": "csv"}) == "https://x/a.csv"
    assert score.download_url({"url": "https://x/", "format": "HTML"}) == ""
    assert score.download_url({"url": "https://x/api", "format": "API"}) == ""
    assert score.download_url({"url": "https://x/a.bin", "format": "FOO"}) == ""
    assert score.download_url({"url": "https://x/", "format": "HTML",
                                "download_url": "https://x/a.zip"}) == "https://x/a.zip"

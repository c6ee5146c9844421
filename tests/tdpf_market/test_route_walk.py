"""No response of the portal carries the URL of a gated resource to a user
who may not see it (issue 15, finding 1): every GET route the Flask app
registers, every read action of the Action API and every DCAT/feed format,
walked as an anonymous visitor and as a logged-in user without a grant.

The world: an organisation, its admin (the creator of everything, through
the API as a provider works, so the activity stream stores the real URLs),
a conditional dataset (a remote file and an upload) and an open dataset
with one resource gated from the start and one gated after it was
published; each changed after creation, so history and changes pages exist.
Every gated URL holds MARKER. A route added later is walked by default:
its variables are filled from the world by name, and only the rules listed
in SKIPPED (with the reason) are left out; a rule with a variable this
module cannot fill fails the walk until the variable is given a value."""
from __future__ import annotations

import json
import re
from io import BytesIO
from itertools import product
from urllib.parse import urlencode

import ckan.logic
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.common import config
from ckan.tests import factories
from ckan.tests.helpers import _get_test_app, call_action
from ckanext.activity.model import Activity
from werkzeug.routing import ValidationError as BuildError

from tests.conftest import plugins_loaded, reset_tdpf_db
from tests.tdpf_market.conftest import CONDITIONAL, _scan_now, attest

MARKER = "secret-marker-q7z3"
PASSWORD = "Walk-2026-pass"
HOST = f"https://{MARKER}.example.jp"
FORMATS = ("xml", "rdf", "ttl", "jsonld", "n3", "nt")
ACCEPTS = ("text/turtle", "application/ld+json", "application/rdf+xml")

SKIPPED = {
    "static": "files of the public directories shipped with CKAN and the plugins",
    "webassets.index": "bundled CSS and JavaScript",
    "api.action": "walked action by action in test_read_actions_leak_nothing",
}


# -- the world ------------------------------------------------------------

def _api(client, token, action, data=None, files=None):
    headers = {"Authorization": token}
    if files:
        response = client.post(f"/api/3/action/{action}", headers=headers,
                               data={**data, **files}, content_type="multipart/form-data")
    else:
        response = client.post(f"/api/3/action/{action}", headers=headers, json=data)
    assert response.status_code == 200, (action, response.get_data(as_text=True)[:500])
    return response.json["result"]


def _activities(pkg_id: str) -> list[dict]:
    return call_action("package_activity_list", {"ignore_auth": True}, id=pkg_id)


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        client = _get_test_app()
        # a failing view answers its error page, as in production, and the walk goes on
        client.flask_app.config["PROPAGATE_EXCEPTIONS"] = False
        owner = factories.User(name="walk-owner", email="walk-owner@example.jp")
        stranger = factories.User(name="walk-stranger", email="walk-stranger@example.jp",
                                  password=PASSWORD)
        org = factories.Organization(name="walk-org", title="ルート巡回株式会社",
                                     users=[{"name": owner["name"], "capacity": "admin"}])
        group = factories.Group(name="walk-group",
                                users=[{"name": owner["name"], "capacity": "admin"}])
        token = factories.APIToken(user=owner["name"])["token"]
        common = dict(owner_org=org["id"], license_id="cc-by-4.0", groups=[{"name": "walk-group"}],
                      tags=[{"name": "walk-tag"}], **attest(),
                      privacy_policy_contains_personal_data="非個人情報")

        closed = _api(client, token, "package_create", dict(
            common, name="walk-conditional", title="巡回（条件付き）", **CONDITIONAL,
            resources=[{"url": f"{HOST}/flow.pdf", "format": "PDF", "name": "人流"}]))
        upload = _api(client, token, "resource_create", {
            "package_id": closed["id"], "name": "アップロード", "format": "CSV",
            "tdpf_warranty_attestation": json.dumps(attest().get("tdpf_warranty_attestation"))
            if attest() else ""},
            files={"upload": (BytesIO(b"area,count\n131016,3\n"), f"{MARKER}.csv")})
        _scan_now(upload["id"])
        _api(client, token, "package_patch", dict(id=closed["id"], notes="更新", **attest()))

        mixed = _api(client, token, "package_create", dict(
            common, name="walk-mixed", title="巡回（オープン、一部条件付き）", access_level="open",
            resources=[
                {"url": "https://open.example.jp/open.pdf", "format": "PDF", "name": "公開"},
                {"url": f"{HOST}/gated.pdf", "format": "PDF", "name": "条件付き",
                 "access_level": "conditional"},
                {"url": f"{HOST}/later.pdf", "format": "PDF", "name": "後から条件付き"}]))
        later = mixed["resources"][2]
        _api(client, token, "resource_patch", dict(id=later["id"], access_level="conditional",
                                                   **attest()))
        _api(client, token, "package_patch", dict(id=mixed["id"], notes="更新", **attest()))

        for action, target in (("organization_patch", org["id"]), ("group_patch", group["id"])):
            _api(client, token, action, {"id": target, "description": "更新"})
        # a follower of it all: their dashboard and followee lists show it. (Not
        # the stranger: the masked activities of a follower's page header
        # would hide what a page body shows of the same stored versions.)
        follower = factories.User(name="walk-follower", email="walk-follower@example.jp",
                                  password=PASSWORD)
        for action, target in (("follow_dataset", closed["id"]), ("follow_dataset", mixed["id"]),
                               ("follow_group", org["id"]), ("follow_group", group["id"]),
                               ("follow_user", owner["id"])):
            call_action(action, {"user": follower["name"]}, id=target)

        datasets = [call_action("package_show", {"user": owner["name"]}, id=pkg["id"])
                    for pkg in (closed, mixed)]
        # what the walk must not find: stored where the history pages read it
        stored = model.Session.execute(sa.text(
            "SELECT count(*) FROM activity WHERE data::text LIKE :m"), {"m": f"%{MARKER}%"}
        ).scalar()
        assert stored >= 4
        yield {
            "client": client, "owner": owner, "stranger": stranger, "org": org, "group": group,
            "datasets": datasets, "activities": {d["id"]: _activities(d["id"]) for d in datasets},
            # the organisation's and group's own (their changes pages take these)
            "own_activities": {o["id"]: [a.id for a in model.Session.execute(sa.select(
                Activity).where(Activity.object_id == o["id"])).scalars()] for o in (org, group)},
            "follower": follower,
            "clients": {"anonymous": client, "stranger": _logged_in(client, stranger["name"]),
                        "follower": _logged_in(client, follower["name"])},
            "owner_token": token,
        }


def _logged_in(client, name: str):
    """A browser of its own, logged in with the login form (a session cookie)."""
    browser = client.test_client()
    form = browser.get("/user/login").get_data(as_text=True)
    csrf = re.search(r'name="_csrf_token" content="([^"]+)"', form).group(1)
    answer = browser.post("/user/login", data={"login": name, "password": PASSWORD,
                                               "_csrf_token": csrf})
    assert answer.status_code in (200, 302), answer.status_code
    assert _logged_in_as(browser, name)
    return browser


def _logged_in_as(browser, name: str) -> bool:
    page = browser.get("/dashboard/datasets", follow_redirects=False)
    return page.status_code == 200 and f'href="/user/{name}"' in page.get_data(as_text=True)


def _get(world, who: str, url: str, **headers):
    """GET as ``who`` (anonymous, stranger: their own browser; owner: a token)."""
    if who == "owner":
        headers["Authorization"] = world["owner_token"]
    client = world["clients"].get(who, world["clients"]["anonymous"])
    return client.get(url, headers=headers, follow_redirects=False)


def _leak(response) -> list[str]:
    """Where MARKER shows in a response: its body or a header."""
    found = ["body"] if MARKER.encode() in response.get_data() else []
    return found + [name for name, value in response.headers.items() if MARKER in value]


# -- the finding: history pages ---------------------------------------------

def _history_urls(world):
    for pkg in world["datasets"]:
        for activity in world["activities"][pkg["id"]]:
            yield f"/dataset/{pkg['name']}/history/{activity['id']}"
            for res in activity["data"]["package"]["resources"]:  # those of that version
                yield f"/dataset/{pkg['name']}/resources/{res['id']}/history/{activity['id']}"


def test_history_pages_hide_gated_urls(world):
    """ckanext-activity's resource history page showed the stored version to
    anyone, real URLs included. Now it answers as the dataset's history page:
    refused without ``public_activity_stream_detail`` (the walks below run
    with it on, where both pages render without the gated URLs)."""
    for who in ("anonymous", "stranger"):
        for url in _history_urls(world):
            response = _get(world, who, url)
            assert response.status_code == 403 and not _leak(response), (who, url)

    # the provider sees its own old versions, real URLs included
    pages = [_get(world, "owner", url) for url in _history_urls(world)]
    assert {p.status_code for p in pages} == {200}
    assert sum(bool(_leak(p)) for p in pages) >= 8


def test_the_walk_can_see_the_marker(world):
    """The control: the owner gets the real URLs where the walk looks."""
    closed, mixed = world["datasets"]
    for url in (f"/api/3/action/package_show?id={closed['id']}",
                f"/dataset/{mixed['name']}/resource/{mixed['resources'][1]['id']}",
                f"/dataset/{closed['id']}.ttl",
                f"/api/3/action/activity_data_show?id={world['activities'][mixed['id']][-1]['id']}"):
        assert _leak(_get(world, "owner", url)) == ["body"], url


# -- the walk ---------------------------------------------------------------

def _id_values(world, rule) -> list[str]:
    """What ``<id>`` means under a path's first segment (anything, elsewhere):
    names (CKAN's views take ids the same way); on changes pages, activities."""
    segment = rule.rule.strip("/").split("/")[0].split(".")[0]
    if "changes" in rule.rule:
        return [acts[0]["id"] for acts in world["activities"].values()] + [
            i for acts in world["own_activities"].values() for i in acts]
    datasets = [d["name"] for d in world["datasets"]]
    org, group = world["org"]["name"], world["group"]["name"]
    by_segment = {"dataset": datasets, "dataset_series": datasets, "harvest": datasets,
                  "organization": [org], "group": [group], "user": [world["owner"]["name"]],
                  "feeds": [org, group, "walk-tag"],
                  "file": [r["id"] for d in world["datasets"] for r in d["resources"]]}
    return by_segment.get(segment, datasets + [org, group, world["owner"]["name"]])


def _per_dataset(world):
    """Coherent values of the variables that belong to one dataset."""
    for pkg in world["datasets"]:
        for res, activity in product(pkg["resources"], world["activities"][pkg["id"]]):
            yield {"id": pkg["name"], "resource_id": res["id"], "activity_id": activity["id"],
                   "view_id": "no-such-view", "filename": "download.csv"}


def _values(rule, world) -> list[dict]:
    args = set(rule.arguments) - set(rule.defaults or {})
    fixed = {"lang": ["ja", "en"], "path": ["dataset/walk-conditional"], "token": ["not-a-token"],
             "storage_name": ["default"], "location": ["download.csv"],
             "_format": list(FORMATS), "source": ["walk-conditional"],
             "_id": [d["id"] for d in world["datasets"]]}
    converters = rule._converters
    for name in args & set(converters):
        conv = converters[name]
        if hasattr(conv, "min") and conv.min is not None:  # <int(min=1, max=3):ver>
            fixed[name] = sorted({conv.min, conv.max if conv.max is not None else conv.min})
    if args & {"resource_id", "activity_id", "view_id", "filename"}:
        base = list(_per_dataset(world))
    else:
        base = [{"id": v} for v in _id_values(world, rule)] if "id" in args else [{}]
    missing = args - set(fixed) - {"id", "resource_id", "activity_id", "view_id", "filename"}
    assert not missing, f"{rule.rule}: give {missing} a value in _values"
    out = []
    for start in base:
        keys = sorted(args - set(start))
        for combo in product(*(fixed[k] for k in keys)):
            out.append({**{k: v for k, v in start.items() if k in args}, **dict(zip(keys, combo))})
    return out


def _queries(endpoint: str, world) -> list[dict]:
    """Query strings worth adding to a route (the bare route is always walked)."""
    per_dataset = [{"new_id": acts[0]["id"], "old_id": acts[-1]["id"]}
                   for acts in world["activities"].values()]
    org_acts = world["own_activities"][world["org"]["id"]]
    group_acts = world["own_activities"][world["group"]["id"]]
    return {
        "dataset.search": [{"q": "walk"}],
        "activity.package_changes_multiple": per_dataset,
        "activity.organization_changes_multiple": [{"new_id": org_acts[0],
                                                    "old_id": org_acts[-1]}],
        "activity.group_changes_multiple": [{"new_id": group_acts[0],
                                             "old_id": group_acts[-1]}],
        "activity.dashboard": [{"type": "dataset", "name": world["datasets"][0]["id"]}],
        "dcat.read_catalog": [{"q": "walk"}, {"profiles": "euro_dcat_ap_3"},
                              {"profiles": "schemaorg"}],
        "dcat.read_dataset": [{"profiles": "euro_dcat_ap_3"}, {"profiles": "schemaorg"}],
        "feeds.custom": [{"q": "walk"}],
        "util.internal_redirect": [{"url": "/dataset/walk-conditional"}],
        "user.index": [{"q": "walk"}],
    }.get(endpoint, []) + ([{"incomplete": "walk"}] if "autocomplete" in endpoint else [])


def _route_requests(app, world):
    """(rule, url, extra headers) for every GET rule but SKIPPED."""
    walked, skipped, seen = [], [], set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        if rule.endpoint in SKIPPED:
            skipped.append(rule.rule)
            continue
        urls = []
        for values in _values(rule, world):
            try:
                built = rule.build(values, append_unknown=False)
            except BuildError:
                continue
            if built is not None and built[1] not in urls:
                urls.append(built[1])
        assert urls, f"nothing built for {rule.rule}"
        # query strings on the first path only (e.g. DCAT profiles: one format is enough)
        urls += [f"{urls[0]}?{urlencode(query)}" for query in _queries(rule.endpoint, world)]
        # two endpoints may share a rule (CKAN's dataset-type blueprints): Flask
        # answers with the first, so each URL once
        walked += [(rule, url, {}) for url in urls if url not in seen]
        seen.update(urls)
        if rule.endpoint == "dataset.read":  # DCAT content negotiation
            for pkg, accept in product(world["datasets"], ACCEPTS):
                walked.append((rule, f"/dataset/{pkg['name']}", {"Accept": accept}))
    return walked, skipped


# state-changing GETs of the session, walked last
LAST = ("user.logout",)
HISTORY = ("activity.package_history", "activity.resource_history", "activity.package_changes",
           "activity.package_changes_multiple", "activity.package_activity")
# what the follower walks: where followed things show
FOLLOWED = ("activity", "dashboard", "followee", "follower", "user")


@pytest.fixture
def details_public(monkeypatch):
    """The worst case: old versions and diffs of datasets shown to everyone."""
    monkeypatch.setitem(config, "ckan.auth.public_activity_stream_detail", True)


def _followed(name: str) -> bool:
    return any(word in name for word in FOLLOWED)


@pytest.mark.parametrize("who", ["anonymous", "stranger", "follower"])
def test_routes_leak_nothing(world, who, details_public):
    requests, skipped = _route_requests(world["clients"]["anonymous"].flask_app, world)
    assert sorted(skipped) == sorted({"/<path:filename>", "/webassets/<path:path>",
                                      "/api/action/<logic_function>",
                                      "/api/<int(min=3, max=3):ver>/action/<logic_function>"})
    if who == "follower":
        requests = [r for r in requests if _followed(r[0].endpoint)]
    requests.sort(key=lambda r: r[0].endpoint in LAST)
    walk, rules, shown = _Walk(world, who), set(), {}
    for rule, url, extra in requests:
        if rule.endpoint in LAST and who != "anonymous":
            # still logged in after everything else
            assert _logged_in_as(world["clients"][who], world[who]["name"])
        response = walk.get(url, rule.endpoint, **extra)
        rules.add((rule.rule, rule.endpoint))
        if rule.endpoint in HISTORY:
            shown[rule.endpoint] = shown.get(rule.endpoint, 0) + (response.status_code == 200)
    if who != "anonymous":  # the next tests need the session the walk's logout ended
        world["clients"][who] = _logged_in(world["clients"]["anonymous"], world[who]["name"])
    assert len(rules) > (30 if who == "follower" else 150)
    # the pages that render stored versions did render them
    assert set(shown) == set(HISTORY) and min(shown.values()) >= 2, shown
    walk.report(f"routes walked as {who} ({len(rules)} rules, {len(skipped)} skipped)")


def _read_actions() -> list[str]:
    ckan.logic.get_action("package_show")  # fills the registry
    return sorted(name for name, fn in ckan.logic._actions.items()
                  if getattr(fn, "side_effect_free", False))


def _action_params(world) -> tuple[list[dict], list[dict]]:
    """Ids of every object of the world alone as ``id``; and the shapes that
    every action gets: no parameters, the ids together under the names
    actions read them by, searches that return stored dicts."""
    owner, org = world["owner"], world["org"]
    ids = [d["name"] for d in world["datasets"]]
    ids += [r["id"] for d in world["datasets"] for r in d["resources"]]
    ids += [a["id"] for acts in world["activities"].values() for a in (acts[0], acts[-1])]
    ids += [org["name"], owner["name"], world["group"]["name"], world["follower"]["name"]]
    shapes = [{}]
    for pkg in world["datasets"]:
        activity = world["activities"][pkg["id"]][0]["id"]
        for res in pkg["resources"][1:]:
            shapes.append({
                "id": pkg["id"], "package_id": pkg["id"], "dataset_id": pkg["id"],
                "resource_id": res["id"], "activity_id": activity, "user_id": owner["id"],
                "organization_id": org["id"], "owner_org": org["id"], "object_type": "package",
                "include_data": "true", "include_datasets": "true", "all_fields": "true",
                "include_extras": "true", "include_hidden_activity": "true"})
        shapes.append({"id": activity, "object_type": "package", "include_data": "true",
                       "diff_type": "html"})
    shapes += [{"q": "*:*", "rows": "100", "fl": "id,name,res_url,urls,text,data_dict,"
                "validated_data_dict"}, {"query": "url:example.jp"}, {"q": "walk"},
               {"limit": "100", "offset": "0"}]
    return [{"id": v} for v in ids], shapes


class _Walk:
    """Requests of one identity, with what their answers showed."""

    def __init__(self, world, who: str):
        self.world, self.who = world, who
        self.leaks: list[str] = []
        self.statuses: dict[int, int] = {}
        self.errors: dict[str, str] = {}
        self.count = 0

    def get(self, url: str, name: str = "", **headers):
        response = _get(self.world, self.who, url, **headers)
        self.count += 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        if response.status_code == 500:
            self.errors.setdefault(name or url, url)
        if where := _leak(response):
            self.leaks.append(f"{self.who} {name} {url} {headers or ''} "
                              f"{response.status_code}: {where}")
        return response

    def report(self, title: str) -> None:
        print(f"\n{title}: {self.count} requests, statuses {dict(sorted(self.statuses.items()))}")
        for url in self.errors.values():  # "never a 500" is checked elsewhere; for the record
            print("  500:", url)
        assert not self.leaks, "MARKER leaked:\n" + "\n".join(self.leaks)


def _answer(response) -> tuple:
    return response.status_code, response.get_data()


@pytest.mark.parametrize("who", ["anonymous", "stranger", "follower"])
def test_read_actions_leak_nothing(world, who, details_public):
    if who != "anonymous":
        assert _logged_in_as(world["clients"][who], world[who]["name"])
    actions = _read_actions()
    assert len(actions) > 100
    if who == "follower":
        actions = [a for a in actions if _followed(a)]
    by_id, shapes = _action_params(world)
    walk = _Walk(world, who)
    for action in actions:
        url = f"/api/3/action/{action}?"
        answers = [_answer(walk.get(url + urlencode(params), action)) for params in shapes]
        # an action that answers an unknown id as it answers none reads no id:
        # the shapes above gave it every id it could read under another name
        if _answer(walk.get(url + "id=walk-no-such-object", action)) != answers[0]:
            for params in by_id:
                walk.get(url + urlencode(params), action)
    walk.report(f"read actions as {who} ({len(actions)} actions, "
                f"{len(shapes) + len(by_id)} shapes)")


def test_formats_are_walked(world):
    """DCAT and feeds are among the rules walked, in every format."""
    requests, _ = _route_requests(world["clients"]["anonymous"].flask_app, world)
    urls = {url for _, url, _ in requests}
    closed = world["datasets"][0]
    for fmt in FORMATS:
        assert f"/catalog.{fmt}" in urls and f"/dataset/{closed['id']}.{fmt}" in urls
    assert {"/feeds/dataset.atom", "/feeds/custom.atom?q=walk",
            "/feeds/organization/walk-org.atom", "/feeds/tag/walk-tag.atom"} <= urls

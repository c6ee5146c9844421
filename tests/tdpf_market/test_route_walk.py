"""No response of the portal carries the URL of a gated resource to a user
who may not see it (issue 15, finding 1): every GET route the Flask app
registers, every read action of the Action API and every DCAT/feed format,
walked as an anonymous visitor and as a logged-in user without a grant
(and, where followed things show, as a follower), with old versions and
diffs public (the worst case). The world is leakworld's; every gated URL
there holds its MARKER, which must show in no body and no header.

A route added later is walked by default: its variables are filled from
the world by name, and only the rules in SKIPPED (with the reason) are
left out; a rule with a variable nobody gave a value fails the walk until
it gets one. Likewise every side-effect-free action is called, with the
world's ids under the names actions read them by."""
from __future__ import annotations

from itertools import product
from urllib.parse import urlencode

import flask
import pytest
from werkzeug.routing import ValidationError as BuildError

import ckan.logic
from ckan.common import config

from tests.conftest import plugins_loaded, reset_tdpf_db
from tests.tdpf_market.leakworld import (
    MARKER,
    Walk,
    build,
    get,
    leak,
    logged_in,
    logged_in_as,
)

# ckanext-dcat's, and rdflib's it serves (ckanext.tdpf.compat.dcat_content_types)
FORMATS = ("xml", "rdf", "ttl", "jsonld", "n3", "nt", "trig")
ACCEPTS = ("text/turtle", "application/ld+json", "application/rdf+xml")

SKIPPED = {
    "static": "files of the public directories shipped with CKAN and the plugins",
    "webassets.index": "bundled CSS and JavaScript",
    "api.action": "walked action by action in test_read_actions_leak_nothing",
}


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for):
    reset_tdpf_db(reset_db, migrate_db_for)
    with plugins_loaded(*config.get("ckan.plugins")):
        yield build()


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
            response = get(world, who, url)
            assert response.status_code == 403 and not leak(response), (who, url)

    # the provider sees its own old versions, real URLs included
    pages = [get(world, "owner", url) for url in _history_urls(world)]
    assert {p.status_code for p in pages} == {200}
    assert sum(bool(leak(p)) for p in pages) >= 8


def test_the_walk_can_see_the_marker(world):
    """The control: the owner gets the real URLs where the walk looks."""
    closed, mixed = world["datasets"]
    for url in (f"/api/3/action/package_show?id={closed['id']}",
                f"/dataset/{mixed['name']}/resource/{mixed['resources'][1]['id']}",
                f"/dataset/{closed['id']}.ttl",
                f"/api/3/action/activity_data_show?id={world['activities'][mixed['id']][-1]['id']}"):
        assert leak(get(world, "owner", url)) == ["body"], url
    for resource_id in world["tables"]:  # the gated tables' content (previews, Data API)
        url = f"/api/3/action/datastore_search?resource_id={resource_id}"
        assert leak(get(world, "owner", url)) == ["body"], url


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
    # the preview views of the gated tables (datatables, map)
    for pkg in world["datasets"]:
        for res in pkg["resources"]:
            for view in _views(res["id"]):
                yield {"id": pkg["name"], "resource_id": res["id"], "view_id": view,
                       "activity_id": world["activities"][pkg["id"]][0]["id"],
                       "filename": "download.csv"}


def _views(resource_id: str) -> list[str]:
    return [v["id"] for v in ckan.logic.get_action("resource_view_list")(
        {"ignore_auth": True}, {"id": resource_id})]


def _values(rule, world) -> list[dict]:
    args = set(rule.arguments) - set(rule.defaults or {})
    fixed = {"lang": ["ja", "en"], "path": ["dataset/walk-conditional"], "token": ["not-a-token"],
             "storage_name": ["default"], "location": ["download.csv"],
             "_format": list(FORMATS), "source": ["walk-conditional"],
             "_id": [d["id"] for d in world["datasets"]],
             # previews: the datatables views of the gated tables (filtered download)
             "resource_view_id": list(world["tables"].values()),
             "name": ["terms", "no-such-page"]}  # the trust plugin's pages
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
            out.append({**{k: v for k, v in start.items() if k in args}, **dict(zip(keys, combo, strict=True))})
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
# what the follower walks: where what a user follows shows (the rest is the stranger's)
FOLLOWED = ("dashboard", "followee", "follower", "following", "user")


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
    walk, rules, shown = Walk(world, who), set(), {}
    for rule, url, extra in requests:
        if rule.endpoint in LAST and who != "anonymous":
            # still logged in after everything else
            assert logged_in_as(world["clients"][who], world[who]["name"])
        response = walk.get(url, rule.endpoint, **extra)
        rules.add((rule.rule, rule.endpoint))
        if rule.endpoint in HISTORY:
            shown[rule.endpoint] = shown.get(rule.endpoint, 0) + (response.status_code == 200)
    if who != "anonymous":  # the next tests need the session the walk's logout ended
        world["clients"][who] = logged_in(world["clients"]["anonymous"], world[who]["name"])
    assert len(rules) > (20 if who == "follower" else 150)
    if who != "follower":  # the pages that render stored versions did render them
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
    ids += [r["id"] for d in world["datasets"] for r in d["resources"] if MARKER in r["url"]]
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
                "validated_data_dict"}, {"query": "url:example.jp"}, {"q": "walk"}]
    return [{"id": v} for v in ids], shapes


def _answer(response) -> tuple:
    return response.status_code, response.get_data()


@pytest.mark.parametrize("who", ["anonymous", "stranger", "follower"])
def test_read_actions_leak_nothing(world, who, details_public):
    if who != "anonymous":
        assert logged_in_as(world["clients"][who], world[who]["name"])
    actions = _read_actions()
    assert len(actions) > 100
    if who == "follower":
        actions = [a for a in actions if _followed(a)]
    by_id, shapes = _action_params(world)
    walk = Walk(world, who)
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


def test_a_new_route_is_walked_by_default(world):
    """A route nobody told the walk about is filled from the world and walked:
    one that shows a stored URL is caught; one with a variable the walk
    cannot fill stops the walk until it gets a value."""
    from ckan import model

    app = flask.Flask(__name__)

    @app.route("/dataset/<id>/planted/<resource_id>")
    def planted(id, resource_id):
        resource = model.Resource.get(resource_id)
        return resource.url if resource else ("", 404)

    requests, skipped = _route_requests(app, world)
    assert skipped == ["/static/<path:filename>"]
    client = app.test_client()
    assert any(leak(client.get(url)) for _, url, _ in requests)

    other = flask.Flask(__name__)
    other.add_url_rule("/gadget/<gadget_id>", "gadget", lambda gadget_id: "")
    with pytest.raises(AssertionError, match="gadget_id"):
        _route_requests(other, world)


def test_formats_are_walked(world):
    """DCAT and feeds are among the rules walked, in every format."""
    requests, _ = _route_requests(world["clients"]["anonymous"].flask_app, world)
    urls = {url for _, url, _ in requests}
    closed = world["datasets"][0]
    for fmt in FORMATS:
        assert f"/catalog.{fmt}" in urls and f"/dataset/{closed['id']}.{fmt}" in urls
    assert {"/feeds/dataset.atom", "/feeds/custom.atom?q=walk",
            "/feeds/organization/walk-org.atom", "/feeds/tag/walk-tag.atom"} <= urls

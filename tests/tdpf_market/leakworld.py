"""The world the route walk (test_route_walk.py) looks for leaks in, and
the walk's requests: an organisation and a group, their admin (the creator
of everything, through the API as a provider works, so the activity stream
stores the real URLs), a conditional dataset (a remote file and an upload)
and an open dataset with one resource gated from the start and one gated
after it was published; each changed after creation, so history and
changes pages exist. Every gated URL holds MARKER. A stranger (logged in,
no grant) and a follower of it all log in with the login form."""
from __future__ import annotations

import json
import re
from io import BytesIO

import sqlalchemy as sa

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import _get_test_app, call_action

from ckanext.activity.model import Activity

from tests.tdpf_market.conftest import CONDITIONAL, _scan_now, attest

MARKER = "secret-marker-q7z3"
PASSWORD = "Walk-2026-pass"
HOST = f"https://{MARKER}.example.jp"


def api(client, token, action, data=None, files=None):
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


def _datasets(client, token: str, org: dict) -> tuple[dict, dict]:
    """The conditional and the open dataset, made and changed as a provider does."""
    common = dict(owner_org=org["id"], license_id="cc-by-4.0", groups=[{"name": "walk-group"}],
                  tags=[{"name": "walk-tag"}], **attest(),
                  privacy_policy_contains_personal_data="非個人情報")
    closed = api(client, token, "package_create", dict(
        common, name="walk-conditional", title="巡回（条件付き）", **CONDITIONAL,
        resources=[{"url": f"{HOST}/flow.pdf", "format": "PDF", "name": "人流"}]))
    upload = api(client, token, "resource_create", {
        "package_id": closed["id"], "name": "アップロード", "format": "CSV",
        **{key: json.dumps(value) for key, value in attest().items()}},  # a form field
        files={"upload": (BytesIO(b"area,count\n131016,3\n"), f"{MARKER}.csv")})
    _scan_now(upload["id"])  # not withheld as unscanned: the market alone hides it
    api(client, token, "package_patch", dict(id=closed["id"], notes="更新", **attest()))

    # PDFs: formats the personal-data scan does not read, so nothing is withheld
    mixed = api(client, token, "package_create", dict(
        common, name="walk-mixed", title="巡回（オープン、一部条件付き）", access_level="open",
        resources=[
            {"url": "https://open.example.jp/open.pdf", "format": "PDF", "name": "公開"},
            {"url": f"{HOST}/gated.pdf", "format": "PDF", "name": "条件付き",
             "access_level": "conditional"},
            {"url": f"{HOST}/later.pdf", "format": "PDF", "name": "後から条件付き"}]))
    api(client, token, "resource_patch", dict(id=mixed["resources"][2]["id"],
                                              access_level="conditional", **attest()))
    api(client, token, "package_patch", dict(id=mixed["id"], notes="更新", **attest()))
    return closed, mixed


def _tables(closed: dict, mixed: dict) -> dict[str, str]:
    """Gated tables in the DataStore (the preview loader's work on the file
    pipeline's copy), MARKER in a column name and in a cell: {resource id:
    its datatables view id}. The conditional dataset's upload and the
    open dataset's gated file."""
    import tempfile

    from ckanext.tdpf.files.analysers import Copy
    from ckanext.tdpf.preview import load

    views = {}
    for resource in (closed["resources"][-1], mixed["resources"][1]):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as f:
            f.write(f"地点,{MARKER},緯度,経度\n{MARKER}-cell,3,35.68,139.76\n")
            f.flush()
            load(Copy(path=f.name, format="csv", sha256="0" * 64, size=1,
                      resource=resource, gated=True))
        views[resource["id"]] = next(
            v["id"] for v in call_action("resource_view_list", {"ignore_auth": True},
                                         id=resource["id"]) if v["view_type"] == "datatables_view")
    return views


def build() -> dict:
    """Everything the walk needs (with the plugins loaded and an empty database)."""
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
    closed, mixed = _datasets(client, token, org)
    closed = call_action("package_show", {"ignore_auth": True}, id=closed["id"])
    tables = _tables(closed, mixed)
    # loading marks the resources datastore_active (a hidden activity of the
    # site user); the provider's next change is again the newest one shown
    for pkg in (closed, mixed):
        api(client, token, "package_patch", dict(id=pkg["id"], notes="表を追加", **attest()))
    for action, target in (("organization_patch", org["id"]), ("group_patch", group["id"])):
        api(client, token, action, {"id": target, "description": "更新"})
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
    return {
        "client": client, "owner": owner, "stranger": stranger, "org": org, "group": group,
        "datasets": datasets, "activities": {d["id"]: _activities(d["id"]) for d in datasets},
        # the organisation's and group's own (their changes pages take these)
        "own_activities": {o["id"]: [a.id for a in model.Session.execute(sa.select(
            Activity).where(Activity.object_id == o["id"])).scalars()] for o in (org, group)},
        "follower": follower,
        "clients": {"anonymous": client, "stranger": logged_in(client, stranger["name"]),
                    "follower": logged_in(client, follower["name"])},
        "owner_token": token,
        "tables": tables,  # gated resource id -> its datatables view id (previews)
    }


def logged_in(client, name: str):
    """A browser of its own, logged in with the login form (a session cookie)."""
    browser = client.test_client()
    form = browser.get("/user/login").get_data(as_text=True)
    csrf = re.search(r'name="_csrf_token" content="([^"]+)"', form).group(1)
    answer = browser.post("/user/login", data={"login": name, "password": PASSWORD,
                                               "_csrf_token": csrf})
    assert answer.status_code in (200, 302), answer.status_code
    assert logged_in_as(browser, name)
    return browser


def logged_in_as(browser, name: str) -> bool:
    page = browser.get("/dashboard/datasets", follow_redirects=False)
    return page.status_code == 200 and f'href="/user/{name}"' in page.get_data(as_text=True)


def get(world, who: str, url: str, **headers):
    """GET as ``who`` (anonymous, stranger: their own browser; owner: a token)."""
    if who == "owner":
        headers["Authorization"] = world["owner_token"]
    client = world["clients"].get(who, world["clients"]["anonymous"])
    return client.get(url, headers=headers, follow_redirects=False)


def leak(response) -> list[str]:
    """Where MARKER shows in a response: its body or a header."""
    found = ["body"] if MARKER.encode() in response.get_data() else []
    return found + [name for name, value in response.headers.items() if MARKER in value]


class Walk:
    """Requests of one identity, with what their answers showed."""

    def __init__(self, world, who: str):
        self.world, self.who = world, who
        self.leaks: list[str] = []
        self.statuses: dict[int, int] = {}
        self.errors: dict[str, str] = {}
        self.count = 0

    def get(self, url: str, name: str = "", **headers):
        response = get(self.world, self.who, url, **headers)
        self.count += 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        if response.status_code == 500:
            self.errors.setdefault(name or url, url)
        if where := leak(response):
            self.leaks.append(f"{self.who} {name} {url} {headers or ''} "
                              f"{response.status_code}: {where}")
        return response

    def report(self, title: str) -> None:
        print(f"\n{title}: {self.count} requests, statuses {dict(sorted(self.statuses.items()))}")
        for url in self.errors.values():
            print("  500:", url)
        assert not self.leaks, "MARKER leaked:\n" + "\n".join(self.leaks)
        # never a 500 (issue 15 #8): a new route or action that breaks fails here
        assert not self.errors, "answered 500:\n" + "\n".join(self.errors.values())

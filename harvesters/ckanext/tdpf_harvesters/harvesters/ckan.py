"""``tdpf_ckan``: harvests a remote CKAN (2.2-2.12) through its Action API.

One ``package_search`` page (up to 1000 records) replaces a thousand
``package_show`` calls; incremental runs ask only for records modified since
the last clean gather; every ``full_every``-th run lists all remote ids to
withdraw the datasets deleted at the source (and restore returning ones).
"""
from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Iterator

from ckanext.tdpf import outbound

from .. import mapping
from .base import RemoteError, TdpfHarvesterBase

SAFETY_MARGIN = dt.timedelta(minutes=10)  # remote clocks and slow commits


def action_base(url: str) -> str:
    """The Action API base for a catalog or API URL (``…/api/3/action``)."""
    u = url.strip().split("?")[0].rstrip("/")
    if u.endswith(("/api/3/action", "/api/action")):
        return u
    if u.endswith(("/api", "/api/3")):
        return u + "/action"
    return u + "/api/3/action"


def dataset_url_base(url: str, configured: str | None) -> str:
    if configured:
        return configured if configured.endswith("/") else configured + "/"
    root = action_base(url).rsplit("/api", 1)[0]
    return root + "/dataset/"


def call(base: str, action: str, params: dict, policy: outbound.Policy):
    """One Action API call; the ``result``, or RemoteError/FetchError."""
    url = f"{base}/{action}?{urllib.parse.urlencode(params)}"
    for attempt in range(2):  # a truncated body is often a one-off: read it once more
        resp = outbound.fetch(url, policy=policy, headers={"Accept": "application/json"})
        text = resp.text.lstrip("\ufeff \r\n\t")
        if text.startswith("<"):
            raise RemoteError(f"{url}: expected JSON but got an HTML page "
                              f"(HTTP {resp.status}); is this a CKAN API URL?")
        try:
            body = json.loads(text)
            break
        except ValueError as e:
            if attempt:
                raise RemoteError(f"{url}: the response is not valid JSON "
                                  f"(truncated or broken: {e})") from e
    if not isinstance(body, dict) or "result" not in body:
        raise RemoteError(f"{url}: not a CKAN API response")
    if body.get("success") is False:
        raise RemoteError(f"{url}: the API reported an error: {body.get('error')}")
    return body["result"]


def _fq(*clauses: str) -> str:
    """Solr clauses all required (CKAN hands ``fq`` to Solr as it is)."""
    return " ".join(f"+{c}" for c in clauses if c)


def _quoted(value: str) -> str:
    """A Solr phrase (ids may hold characters of the query syntax)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pages(base: str, policy: outbound.Policy, *, rows: int, fq: str = "",
          fl: str = "") -> Iterator[list[dict]]:
    """``package_search`` pages in id order, by keyset where the source
    allows it: each page asks for the ids from the last one read on
    (``fq=id:[<last> TO *]``, ``sort=id asc``), so a record deleted or
    added behind the cursor while we page shifts nothing (offset paging
    skipped a live record for each deletion on an earlier page). A source
    that ignores the id range (its answer starts before the cursor) is paged
    by offset from there on; the callers reconcile the id set afterwards.
    Stops on a page seen before."""
    last: str | None = None
    keyset, start, seen = True, 0, set()
    while True:
        params = {"q": "*:*", "rows": rows, "start": 0 if keyset else start, "sort": "id asc"}
        query = _fq(fq, f"id:[{_quoted(last)} TO *]" if keyset and last else "")
        if query:
            params["fq"] = query
        if fl:
            params["fl"] = fl
        result = call(base, "package_search", params, policy)
        if isinstance(result, list):  # some CKAN 2.2 proxies answer the bare list
            result = {"results": result, "count": len(result)}
        results = [r for r in result.get("results") or [] if isinstance(r, dict)]
        answered = len(results)
        if keyset and last is not None:
            if any(str(r.get("id", "")) < last for r in results):
                keyset = False  # the range was ignored: by offset from here on
                continue
            results = [r for r in results if str(r.get("id", "")) > last]
        if not results:
            return
        fingerprint = tuple(sorted(str(r.get("id", "")).lower() for r in results))
        if fingerprint in seen:
            raise RemoteError(f"{base}/package_search returned the same page again at "
                              f"start={start}; stopped instead of looping")
        seen.add(fingerprint)
        yield results
        start += len(results)
        last = max(str(r.get("id", "")) for r in results)
        count = result.get("count")
        if isinstance(count, int) and (start >= count if not keyset else answered >= count):
            return  # (keyset: the answer held every record from the cursor on)


class CkanHarvester(TdpfHarvesterBase):
    def info(self):
        return {"name": "tdpf_ckan", "title": "CKAN (TDPF)",
                "description": "CKAN catalog via its Action API: fast paging, incremental "
                               "updates, deletions, TDPF fields (search.ckan.jp compatible)"}

    def gather(self, harvest_job):
        cfg = self.source_config(harvest_job)
        policy, base = cfg.policy(), action_base(harvest_job.source.url)
        since = self.last_clean_gather(harvest_job)
        incremental = bool(since) and cfg.extra.get("incremental", True)
        check_deletions = self.run_number(harvest_job) % cfg.full_every == 0
        fq = ""
        if incremental and since:
            stamp = (since - SAFETY_MARGIN).strftime("%Y-%m-%dT%H:%M:%SZ")
            fq = f"metadata_modified:[{stamp} TO *]"
        ids: list[str] = []
        listed: set[str] = set()
        dataset_base = dataset_url_base(harvest_job.source.url, cfg.extra.get("dataset_url"))
        try:
            for page in pages(base, policy, rows=cfg.page_size, fq=fq):
                items = [self._item(r, dataset_base) for r in page if self._wanted(r)]
                listed.update(i["guid"] for i in items)
                ids += self.objects_for_page(harvest_job, items)
            if incremental and not check_deletions:
                return ids
            # the id set, read once more: records added behind the listing's
            # cursor meanwhile are shown one by one (a full listing), or
            # restored when they came back (an incremental one)
            remote = self._all_ids(base, policy, cfg)
            missed = {g: remote[g] for g in remote.keys() - listed}
            if incremental:
                missed = {g: missed[g] for g in self.withdrawn_guids(harvest_job.source_id, missed)}
            ids += self._shown(harvest_job, base, policy, missed, dataset_base)
            if check_deletions:
                present = self._confirmed(harvest_job, base, policy, cfg, listed | set(remote),
                                          read_twice=not incremental)
                ids += self.withdrawals(harvest_job, cfg, present)
        except (RemoteError, outbound.FetchError, outbound.OutboundRefused) as e:
            self.gather_error(harvest_job, f"{e} ({len(ids)} records gathered before)")
        return ids

    @staticmethod
    def _wanted(remote: dict) -> bool:
        return (bool(remote.get("id")) and remote.get("type") in (None, "dataset")
                and not remote.get("private") and remote.get("state", "active") == "active")

    @staticmethod
    def _item(remote: dict, dataset_base: str) -> dict:
        key = remote.get("name") or remote["id"]
        return {"guid": str(remote["id"]).lower(), "remote": remote, "key": key,
                "page_url": dataset_base + key,
                "global_id": mapping.global_id(dataset_base, key),
                "publisher": mapping.publisher(remote)}

    def _all_ids(self, base, policy, cfg) -> dict[str, str]:
        """{guid: remote id} of every dataset at the source (old CKANs
        ignore ``fl`` and send whole records: slower, same answer)."""
        out: dict[str, str] = {}
        for page in pages(base, policy, rows=cfg.page_size, fl="id,name,type,private,state"):
            out.update((str(r["id"]).lower(), str(r["id"])) for r in page if self._wanted(r))
        return out

    def _confirmed(self, job, base, policy, cfg, present: set[str], *,
                   read_twice: bool) -> set[str]:
        """The remote ids a withdrawal may be computed from: never one
        reading of a listing that may have changed while it was read (an
        offset-paged one skips a live id per deletion on an earlier page).
        A record is withdrawn only when two readings both miss it."""
        if read_twice or not self.active_guids(job.source_id) - present:
            return present
        return present | set(self._all_ids(base, policy, cfg))

    def _shown(self, job, base, policy, candidates: dict[str, str], dataset_base) -> list[str]:
        """Objects for the records ``candidates`` ({guid: remote id}), read
        one by one (added behind the cursor, or back at the source without
        a newer modification date)."""
        items = []
        for guid in sorted(candidates):
            remote = call(base, "package_show", {"id": candidates[guid]}, policy)
            if isinstance(remote, dict) and self._wanted(remote):
                items.append(self._item(remote, dataset_base))
        return self.objects_for_page(job, items) if items else []

"""Concurrent views and downloads through the web app while flushes run
(real Redis and PostgreSQL, a database connection per thread): every
distinct visitor is counted exactly once, the same visitor on many
threads once, and a flush that died after its commit is not counted
again."""
from __future__ import annotations

import threading

from ckan import model

from ckanext.tdpf.usage import counter
from ckanext.tdpf.usage.model import UsageDaily

from .conftest import get

THREADS, EACH = 8, 5


def _totals() -> dict[str, int]:
    model.Session.remove()
    out: dict[str, int] = {}
    for row in model.Session.query(UsageDaily):
        out[row.kind] = out.get(row.kind, 0) + row.count
    return out


def test_no_view_or_download_lost_or_doubled(app, world):
    download = f"/dataset/a-open/resource/{world['open']['resources'][0]['id']}/download"
    done = threading.Event()
    errors: list[BaseException] = []

    def visitor_requests(n: int):
        try:
            for i in range(EACH):
                ip = f"10.0.{n}.{i}"
                assert get(app, "/dataset/a-open", ip=ip).status_code == 200
                assert get(app, download, ip=ip).status_code == 302
                get(app, "/dataset/a-open", ip="192.0.2.1")  # one visitor on every thread
        except BaseException as err:  # noqa: BLE001 - reported by the main thread
            errors.append(err)
        finally:
            model.Session.remove()

    def flusher():
        try:
            while not done.wait(0.02):  # flushes between the requests, not a busy loop
                counter.flush()
        except BaseException as err:  # noqa: BLE001
            errors.append(err)
        finally:
            model.Session.remove()

    flushing = threading.Thread(target=flusher)
    flushing.start()
    threads = [threading.Thread(target=visitor_requests, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    flushing.join()
    counter.flush()
    assert not errors, errors
    assert _totals() == {"view": THREADS * EACH + 1, "download": THREADS * EACH}


def test_a_flush_that_died_after_its_commit_is_not_counted_twice(app, world):
    get(app, "/dataset/a-open")
    conn = counter.redis()
    batch = f"{counter.prefix()}:batch:died"
    conn.rename(f"{counter.prefix()}:pending", batch)
    counter._apply("died", conn.hgetall(batch))  # committed, then the process died
    assert _totals() == {"view": 1}
    get(app, "/dataset/a-open", ip="198.51.100.1")
    assert counter.flush() == 1  # the new view only; the old batch is dropped
    assert _totals() == {"view": 2}
    assert not list(conn.scan_iter(f"{counter.prefix()}:batch:*"))

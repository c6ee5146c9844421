"""A batch defers the link checks of its thread; another thread of the
process (a reimport through the API runs in a web server's thread) must not
notice. (Held signals and remembered lookups: tests/tdpf/compat.)"""
from __future__ import annotations

import threading

from ckanext.tdpf.datarate import linkcheck
from ckanext.tdpf_harvesters import linkchecks


def _in_other_thread(fn):
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


def test_other_threads_link_checks_are_queued_at_once(monkeypatch):
    queued_now = []
    monkeypatch.setattr(linkcheck, "enqueue_check", queued_now.append)
    with linkchecks.deferred() as batch:
        _in_other_thread(lambda: linkcheck.enqueue_check("other"))
        linkcheck.enqueue_check("mine")
    assert queued_now == ["other"] and batch == ["mine"]
    assert linkcheck.enqueue_check == queued_now.append  # put back

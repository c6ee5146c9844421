"""A batch defers the link checks of its thread; another thread of the
process (a reimport through the API runs in a web server's thread) must not
notice. (Held signals and remembered lookups: tests/tdpf/compat.)"""
from __future__ import annotations

from ckanext.tdpf.datarate import linkcheck
from ckanext.tdpf_harvesters import linkchecks

from tests.threads import in_other_thread


def test_other_threads_link_checks_are_queued_at_once(monkeypatch):
    queued_now = []
    monkeypatch.setattr(linkcheck, "enqueue_check", queued_now.append)
    with linkchecks.deferred() as batch:
        in_other_thread(lambda: linkcheck.enqueue_check("other"))
        linkcheck.enqueue_check("mine")
    assert queued_now == ["other"] and batch == ["mine"]
    assert linkcheck.enqueue_check == queued_now.append  # put back

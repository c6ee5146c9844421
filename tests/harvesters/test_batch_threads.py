"""A batch patches process-wide hooks for its duration (held signals, the
deferred link checks, remembered lookups); another thread of the process (a
reimport through the API runs in a web server's thread) must not notice."""
from __future__ import annotations

import threading

import blinker

from ckan.lib import signals

from ckanext.tdpf.datarate import linkcheck
from ckanext.tdpf_harvesters import held, linkchecks, lookups


def _in_other_thread(fn):
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


def test_only_the_batch_threads_creates_are_held(monkeypatch):
    # a signal of its own: the plugins' receivers (activities) stay out of it
    monkeypatch.setattr(signals, "action_succeeded", blinker.Namespace().signal("test"))
    got = []

    def receiver(sender, **kwargs):
        got.append(kwargs["result"])
    signals.action_succeeded.connect(receiver, sender="package_create")
    with held.creates() as batch:
        _in_other_thread(lambda: signals.action_succeeded.send(
            "package_create", context={}, data_dict={}, result="other"))
        signals.action_succeeded.send("package_create", context={}, data_dict={},
                                      result="mine")
        assert got == ["other"]  # delivered at once
    assert [k["result"] for k in batch] == ["mine"]
    held.send(batch)
    assert got == ["other", "mine"]


def test_other_threads_link_checks_are_queued_at_once(monkeypatch):
    queued_now = []
    monkeypatch.setattr(linkcheck, "enqueue_check", queued_now.append)
    with linkchecks.deferred() as batch:
        _in_other_thread(lambda: linkcheck.enqueue_check("other"))
        linkcheck.enqueue_check("mine")
    assert queued_now == ["other"] and batch == ["mine"]
    assert linkcheck.enqueue_check == queued_now.append  # put back


def test_lookups_are_remembered_for_the_batch_thread_only(monkeypatch):
    calls = []

    class Users:
        @classmethod
        def get(cls, name):
            calls.append(name)
            return object()
    monkeypatch.setattr(lookups, "_LOOKUPS", ((Users, "get"),))
    with lookups.per_batch():
        first = Users.get("site")
        assert Users.get("site") is first and calls == ["site"]
        other = _in_other_thread(lambda: Users.get("site"))
        assert other is not first and calls == ["site", "site"]
    assert isinstance(vars(Users)["get"], classmethod)  # put back
    Users.get("site")
    assert len(calls) == 3

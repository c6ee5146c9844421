"""compat/held_signals.py: package_create's signals of the batch's thread
are held and sent afterwards with what each create sent; other threads'
signals and other actions' pass at once."""
from __future__ import annotations

import blinker

from ckan.lib import signals

from ckanext.tdpf.compat import held_signals

from tests.threads import in_other_thread


def test_only_the_batch_threads_creates_are_held(monkeypatch):
    # a signal of its own: the plugins' receivers (activities) stay out of it
    monkeypatch.setattr(signals, "action_succeeded", blinker.Namespace().signal("test"))
    got = []

    def receiver(sender, **kwargs):
        got.append((sender, kwargs["result"]))
    signals.action_succeeded.connect(receiver)
    with held_signals.holding() as batch:
        in_other_thread(lambda: signals.action_succeeded.send(
            "package_create", context={}, data_dict={}, result="other"))
        signals.action_succeeded.send("package_create", context={}, data_dict={},
                                      result="mine")
        signals.action_succeeded.send("package_patch", context={}, data_dict={},
                                      result="patch")
        assert got == [("package_create", "other"), ("package_patch", "patch")]
    assert [k["result"] for k in batch] == ["mine"]
    held_signals.send(batch)
    assert got[-1] == ("package_create", "mine")
    assert "send" not in vars(signals.action_succeeded)  # put back

"""Running test code on another thread of the same process."""
from __future__ import annotations

import threading


def in_other_thread(fn):
    """``fn()``'s answer, called on a thread of its own (as a web server's
    thread of the same process would)."""
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]

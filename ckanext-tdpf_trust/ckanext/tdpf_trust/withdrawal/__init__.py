"""提供停止の事前告知 (notice before withdrawal).

An editor or admin schedules the end of provision at least
``min_notice_days`` ahead, with a reason (``tdpf_withdrawal_schedule``), and
may cancel it before the date (``tdpf_withdrawal_cancel``). The dataset
page shows a banner and ``package_show`` carries ``tdpf_withdrawal``
(date, reason, state). The dataset's followers are told when it is
scheduled, ``reminder_days`` before the date and when it is cancelled
(mail and a dataset activity). A periodic task (:func:`.notice.scheduled_tasks`)
enqueues :func:`.notice.run_due`, which sends the reminders and withdraws the
datasets whose date has come: they leave search and lose their resource
URLs, their page stays as a tombstone (feature ``tombstone``, through
:func:`.notice.hidden_reason`).

Other plugins add recipients (e.g. the market's members holding grants)
by connecting to :data:`.notice.recipients_signal`: a receiver gets the package
id as sender and ``kind=`` ("scheduled", "reminder", "cancelled") and
returns an iterable of user ids or names::

    recipients_signal.connect(lambda package_id, kind: [...], weak=False)

Only operators stop provision at once (suspension).
"""
from __future__ import annotations

# the tombstone asks each feature package (tombstone.hiding.hidden_reason)
from .notice import hidden_reason

__all__ = ["hidden_reason"]

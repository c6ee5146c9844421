"""The background job queues of the bundle, in the order workers take them.

A personal-data scan holds a new upload back from the public until it has
run (ckanext.tdpf_trust.scan): it must never wait behind thousands of link
checks. So jobs go to three RQ queues (CKAN's ``tk.enqueue_job(...,
queue=...)``) and ``make serve`` starts ``ckan jobs worker`` with
:data:`WORKER_ORDER`; RQ's worker always takes the first non-empty queue of
its list. The names are fixed here rather than configured: the worker
command in scripts/serve.sh names the same queues, and a configured name
the worker does not listen to would leave its jobs waiting for ever.
"""
from __future__ import annotations

PRIORITY = "tdpf_scan"  # trust jobs: personal-data scans, withdrawals, rescans
DEFAULT = "default"  # CKAN's and extensions' jobs that name no queue
BULK = "tdpf_bulk"  # link checks and other work over many datasets
# the file pipeline (ckanext.tdpf.files): downloads and analyses of whole
# files, minutes each at worst, so a worker of its own (Procfile
# worker_files, which takes trust jobs first like every worker); not in
# WORKER_ORDER, where it would hold up the default and bulk jobs
FILES = "tdpf_files"

WORKER_ORDER = (PRIORITY, DEFAULT, BULK)
# every queue, as /health/ready and /metrics report them (ckanext.tdpf.ops)
ALL = (PRIORITY, DEFAULT, BULK, FILES)

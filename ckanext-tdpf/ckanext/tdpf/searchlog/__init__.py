"""What people searched for and could not find (issue 17 #4).

Each first-page search of the dataset search page and of the
``package_search`` API is pushed to a Redis list on the request path
(``capture``: one RPUSH, measured by ``bench/searchlog.py``) and written to
``tdpf_search_log`` in batches by a scheduled job (``store``). A click from
the search page onto a dataset is seen from the dataset page's same-origin
Referer (no JavaScript and no change to the result links) and marks the
search as clicked. Stored: query, filters, result count, language, source
(web or API), time, and for a click the dataset. Never an IP address, a
user id or a session. Rows older than ``ckanext.tdpf.searchlog.retention_days``
are purged daily. Operators see ``report``; providers see the searches that
led to their datasets in the usage dashboard (``panel``)."""

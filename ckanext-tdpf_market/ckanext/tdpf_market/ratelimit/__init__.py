"""API and download rate limits per member tier (token buckets in Redis).

Two scopes: ``api`` (the Action API, ``/api/action/...`` and
``/api/<version>/action/...``) and ``download`` (gated downloads). The
bucket belongs to the user (every API token and browser session of a user
share it, so creating tokens does not multiply the allowance) or, for
anonymous visitors, to the client's IP address. Limits come from the tier of
the user's member profile (``members``): anonymous visitors and
users without a tier get the ``anonymous`` limits; operators (sysadmins)
are not limited.

Over the limit the request is answered 429 with ``Retry-After`` (seconds)
and an Action API error body. ``views.py`` applies the ``api`` scope to
every request; the download route calls :func:`.limits.check` with
``scope="download"`` (or the views' hook does it for the endpoints in
``DOWNLOAD_ENDPOINTS``).
"""

"""Usage of open data (issue 21 #5): page views and downloads per dataset
and resource, counted in Redis on the request path (one round trip) and
flushed into daily rows by a scheduled job; bots excluded (``bots``), no
IP address stored (``visitors``). Providers see their datasets' figures
on one dashboard with the panels other plugins add through
``IUsagePanels``; operators see totals per organisation.

Why not CKAN's ``tracking`` plugin: it keeps an unsalted MD5 of user agent
+ IP address + Accept headers per request in ``tracking_raw`` for ever (a
hash of the IP address that the IPv4 space lets anyone reverse), counts
only what its JavaScript beacon posts (no count without JS, any client can
post any URL), applies no bot rule, writes one row per beacon in the
request and needs ``ckan tracking update`` to aggregate. See docs/usage.md."""

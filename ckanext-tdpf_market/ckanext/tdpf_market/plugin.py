"""TDPF distribution platform plugin (usage conditions, members, grants):
features arrive with the market issue."""
from __future__ import annotations

import ckan.plugins as p


class TdpfMarketPlugin(p.SingletonPlugin):
    """Loads without changing CKAN's behaviour yet."""

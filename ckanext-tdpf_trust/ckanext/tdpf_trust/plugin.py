"""TDPF trust plugin (warranties, personal-data scanning, withdrawal notice,
organisation review): features arrive with the trust issue."""
from __future__ import annotations

import ckan.plugins as p


class TdpfTrustPlugin(p.SingletonPlugin):
    """Loads without changing CKAN's behaviour yet."""

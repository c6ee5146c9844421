"""Factories for TDPF tests: CKAN's, with what the TDPF schema requires."""
from __future__ import annotations

import ckan.tests.factories as ckan_factories


class Dataset(ckan_factories.Dataset):
    """A dataset under the TDPF schema (licence is required)."""

    license_id = "cc-by-4.0"

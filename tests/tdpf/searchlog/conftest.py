"""The usage tests' world (two organisations, public, private and gated
datasets) serves the search log tests too."""
from __future__ import annotations

from tests.tdpf.usage.conftest import world  # noqa: F401 - a shared fixture

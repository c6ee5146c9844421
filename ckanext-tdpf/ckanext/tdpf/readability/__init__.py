"""The Digital Agency's machine-readability rules (L1-L3) on one file.

``check_file(path, fmt, encoding=None) -> Report``; the rules' texts are in
:mod:`.rules`, scoring in :mod:`.model`."""

from __future__ import annotations

from .check import check_file
from .model import Finding, Report
from .rules import RULES, Rule

__all__ = ["RULES", "Finding", "Report", "Rule", "check_file"]

"""Vocabulary facts the DCAT-AP SHACL shapes need (EU authority tables)."""
from __future__ import annotations

from pathlib import Path

EU_AUTHORITIES = Path(__file__).with_name("eu-authorities.ttl")

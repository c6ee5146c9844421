"""ORM view of the search index table (created by migration 0001).

Declared on CKAN's metadata so that CKAN's own test reset empties it along
with the datasets; queries use SQL in :mod:`.connection`.
"""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk


class SearchIndexRow(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_search_index"

    id: Mapped[str] = mapped_column(sa.UnicodeText(collation="C"), primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.UnicodeText(collation="C"))
    site_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    state: Mapped[str | None] = mapped_column(sa.UnicodeText)
    capacity: Mapped[str | None] = mapped_column(sa.UnicodeText)
    metadata_modified: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    metadata_created: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    title_string: Mapped[str | None] = mapped_column(sa.UnicodeText(collation="C"))
    permission_labels: Mapped[list[str]] = mapped_column(pg.ARRAY(sa.UnicodeText))
    facet_terms: Mapped[list[int]] = mapped_column(pg.ARRAY(sa.BigInteger))
    terms: Mapped[dict[str, Any]] = mapped_column(pg.JSONB)
    stored: Mapped[dict[str, Any]] = mapped_column(pg.JSONB)
    search_all: Mapped[Any] = mapped_column(pg.TSVECTOR)
    search_fields: Mapped[Any] = mapped_column(pg.TSVECTOR)
    search_pos: Mapped[Any] = mapped_column(pg.TSVECTOR)
    data_dict: Mapped[str | None] = mapped_column(sa.UnicodeText)
    validated_data_dict: Mapped[str | None] = mapped_column(sa.UnicodeText)
    indexed_at: Mapped[datetime.datetime] = mapped_column(sa.DateTime(timezone=True))
    # set by a trigger on every write (migration 0003)
    rev: Mapped[int] = mapped_column(sa.BigInteger)


class SearchTerm(tk.BaseModel):  # type: ignore[misc,valid-type]
    """Name of a facet term: ``hash`` is document.term_hash(field, value)."""
    __tablename__ = "tdpf_search_term"

    hash: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    field: Mapped[str] = mapped_column(sa.UnicodeText)
    value: Mapped[str] = mapped_column(sa.UnicodeText)

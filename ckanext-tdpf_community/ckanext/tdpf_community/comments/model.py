"""Comments on datasets and data requests (migration 0001)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from ..posts import Hideable, new_id

#: what a comment is: a question, a report of an error in the data
#: (「データの誤り」, routed to the provider), an answer, a plain comment
KINDS = ("question", "error", "answer", "comment")
SUBJECTS = ("dataset", "datarequest")


class Comment(tk.BaseModel, Hideable):  # type: ignore[misc,valid-type]
    __tablename__ = "tdpf_community_comment"

    id: Mapped[str] = mapped_column(sa.UnicodeText, primary_key=True, default=new_id)
    subject_type: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    subject_id: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    parent_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    kind: Mapped[str] = mapped_column(sa.UnicodeText, default="comment")
    body: Mapped[str] = mapped_column(sa.UnicodeText, nullable=False)
    resource_id: Mapped[str | None] = mapped_column(sa.UnicodeText)
    row: Mapped[str | None] = mapped_column(sa.UnicodeText)
    by_provider: Mapped[bool] = mapped_column(sa.Boolean, default=False)

"""Template helpers of the terms feature (the register form's checkboxes)."""
from __future__ import annotations

from .records import required_pages

__all__ = ["tdpf_trust_required_pages"]


def tdpf_trust_required_pages() -> list[dict]:
    """The current versions of 利用規約 and プライバシーポリシー."""
    return required_pages()

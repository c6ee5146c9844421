"""A showcase's image: a web address, or a file uploaded through CKAN's
uploader (``storage/uploads/showcase``, served at ``/uploads/showcase/``),
its type checked from its content (``ckan.upload.showcase.mimetypes``) and
its size against ``ckan.max_image_size``. The file is written only once the
showcase is flushed, so a refused showcase leaves none behind."""
from __future__ import annotations

import contextlib
import os
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib import uploader
from ckan.types import PUploader

_ = tk._
_WEB = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)
FIELD = "image_upload"


def is_web(value: str | None) -> bool:
    return bool(value and _WEB.match(value))


def prepare(data_dict: dict[str, Any], old: str | None) -> PUploader:
    """Take the upload out of ``data_dict`` (checked: an image of an allowed
    type, else a field error on ``image_upload``)."""
    upload = uploader.get_uploader("showcase", None if is_web(old) else old)
    try:
        upload.update_data_dict(data_dict, "image_url", FIELD, "clear_upload")
    except tk.ValidationError as error:
        raise tk.ValidationError({FIELD: [_("Upload a PNG, JPEG, GIF or WebP image.")]}
                                 ) from error
    return upload


def checked_value(upload: PUploader, value: str, old: str | None) -> str:
    """What ``image_url`` holds: the uploaded file's name, the earlier
    upload kept, or a web address (anything else is refused)."""
    name = getattr(upload, "filename", None)
    if name:
        return name
    if not value or is_web(value) or (old and value == old):
        return value
    raise tk.ValidationError({"image_url": [
        _("\"{value}\" is not a web address: it must start with http:// or https://.").format(
            value=value)]})


def store(upload: PUploader) -> None:
    """Write the uploaded file (after the showcase is flushed); too large:
    a field error, and the transaction is rolled back."""
    try:
        upload.upload(tk.config.get("ckan.max_image_size"))
    except tk.ValidationError as error:
        from ckan import model
        model.Session.rollback()
        raise tk.ValidationError({FIELD: [_("The image is larger than {n} MB.").format(
            n=tk.config.get("ckan.max_image_size"))]}) from error


def remove(value: str | None) -> None:
    if not value or is_web(value) or "/" in value:
        return
    path = uploader.get_storage_path()
    if path:
        with contextlib.suppress(OSError):
            os.remove(os.path.join(path, "storage", "uploads", "showcase", value))


def display_url(value: str | None) -> str:
    """The address an ``<img>`` shows: the web address, or the upload's
    (CKAN serves the storage's ``uploads`` folder at ``/uploads``)."""
    if not value:
        return ""
    if is_web(value):
        return value
    return f"{tk.config.get('ckan.site_url').rstrip('/')}/uploads/showcase/{value}"

"""What a browser takes from a page before posting a form."""
from __future__ import annotations

import re


def csrf_token(client, path: str = "/dataset/") -> str:
    """The CSRF token a page of the site gives this client's session (the
    ``_csrf_token`` meta tag its forms and CKAN's JavaScript use)."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'<meta name="_csrf_token" content="([^"]+)"', page).group(1)

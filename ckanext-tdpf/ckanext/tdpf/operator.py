"""The operator (sysadmin) account created by `make serve`."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context


def ensure_operator(name: str, email: str, password: str | None) -> tuple[bool, str]:
    """Create the sysadmin ``name`` if missing (returns created?, message).

    An existing account keeps its password unless one is given explicitly.
    """
    context: Context = {"ignore_auth": True, "user": ""}
    user = model.User.get(name)
    created = user is None
    if created:
        if not password:
            raise ValueError("a password is needed to create the operator")
        tk.get_action("user_create")(context, {
            "name": name, "email": email, "password": password,
            "fullname": "TDPF 運用担当 (operator)"})
        user = model.User.get(name)
    elif password:
        user.password = password  # hashed by the model's setter
    if user is None:
        raise RuntimeError(f"user_create did not create {name}")
    if not user.sysadmin:
        user.sysadmin = True
    model.repo.commit()
    return created, name

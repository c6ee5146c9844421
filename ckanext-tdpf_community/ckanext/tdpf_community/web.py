"""What every page of the plugin shares: the caller's context, the
sign-in redirect, and calling an action from a form (field errors back
on the page, a refusal as a flash message)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from ckan.types import Context

from ckanext.tdpf.messages import error_text

_ = tk._


def context() -> Context:
    return {"user": current_user.name if current_user.is_authenticated else "",
            "auth_user_obj": current_user}


def sign_in_first():
    """A redirect to the login page for anonymous visitors, else None."""
    if not current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=flask.request.full_path)
    return None


def form() -> dict[str, Any]:
    return {k: v for k, v in flask.request.form.items() if k != "_csrf_token"}


def submit(action: str, data: dict[str, Any], done: Callable[[dict], Any],
           failed: Callable[[dict[str, Any]], Any]):
    """Run ``action``; ``done(result)`` on success, ``failed(errors)`` for
    field errors; a refusal or a missing object flashes its message and
    goes back where the form was."""
    try:
        result = tk.get_action(action)(context(), data)
    except tk.ValidationError as error:
        return failed(error.error_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound) as error:
        tk.h.flash_error(str(error) or _("Not allowed."))
        return back()
    return done(result)


def flash_errors(errors: dict[str, Any]) -> None:
    tk.h.flash_error(error_text(tk.ValidationError(errors)))


def back_with_errors(errors: dict[str, Any]):
    """A small form's field errors as one flash message, back on its page."""
    flash_errors(errors)
    return back()


def back(message: str | None = None):
    if message:
        tk.h.flash_success(message)
    return flask.redirect(flask.request.referrer or tk.h.url_for("home.index"))


def redirect_with(message: str | None, endpoint: str, **values):
    """A redirect to ``endpoint`` with a success message (if any)."""
    if message:
        tk.h.flash_success(message)
    return tk.redirect_to(endpoint, **values)


def board(action: str, filters: tuple[str, ...], template: str, per_page: int = 20):
    """A public list page (requests, showcases): its filters from the query
    string, paged; filters the action refuses are flashed and the unfiltered
    first page shown instead of an error page."""
    args = {k: flask.request.args.get(k, "") for k in filters}
    try:
        page = max(1, int(flask.request.args.get("page", "1")))
    except ValueError:
        page = 1
    data: dict[str, Any] = {k: v for k, v in args.items() if v}
    try:
        result = tk.get_action(action)(
            context(), {**data, "offset": (page - 1) * per_page, "limit": per_page})
    except tk.ValidationError as error:
        flash_errors(error.error_dict)
        result = tk.get_action(action)(context(), {"limit": per_page})
    return tk.render(template, {"result": result, "args": args, "page": page,
                                "per_page": per_page})

"""Who may open the web chat: users of an htpasswd file through Gradio's own login page, or the user a
trusted single sign-on proxy (oauth2-proxy, an ingress with auth) names in a header.

The header is believed as sent, so the app must be reachable only through that proxy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import bcrypt
from fastapi import Request

BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
# Checked against when the user is unknown, so that a wrong name takes as long as a wrong password. Written
# out (a hash of "no such user" at bcrypt's default cost, 12): making one at import cost 0.24 s of start-up.
STAND_IN_HASH = b"$2b$12$WrlIHvZlcsQP3WjJBbATgetIvbohhf7UGF4KACsD3cQG9ba0uMNK2"


class UsersFileError(ValueError):
    """The users file cannot be used; the message names the line, never its content."""


def read_users(path: Path) -> dict[str, bytes]:
    """The users of an htpasswd file of bcrypt entries (`htpasswd -B`): name -> hash."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsersFileError(f"cannot read the web users file {path}: {error.__class__.__name__}") from None
    users = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, hashed = line.strip().partition(":")
        if not name or not hashed.startswith(BCRYPT_PREFIXES):
            raise UsersFileError(f"line {number} of {path} is not 'user:<bcrypt hash>' (make one with htpasswd -B)")
        users[name] = hashed.encode()
    if not users:
        raise UsersFileError(f"the web users file {path} names no user")
    return users


def password_check(users: dict[str, bytes]) -> Callable[[str, str], bool]:
    """Gradio's `auth`: whether a name and password match an entry."""

    def check(name: str, password: str) -> bool:
        hashed = users.get(name)
        matched = bcrypt.checkpw(password.encode(), hashed or STAND_IN_HASH)
        return matched and hashed is not None

    return check


def trusted_user(header: str) -> Callable[[Request], str | None]:
    """Gradio's `auth_dependency`: the signed-in user the proxy names, or None (a 401)."""

    def user(request: Request) -> str | None:
        return request.headers.get(header) or None

    return user

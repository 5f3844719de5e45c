"""Calling the API in tests: a token client (Bearer) and JSON helpers."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from spinewise.accounts.tokens import make_token

API = "/api/v1"


class TokenClient:
    """Django's test client with `Authorization: Bearer <token>` on every request."""

    def __init__(self, user: Any, scope: str = "write", name: str = "tests") -> None:
        self.row, self.token = make_token(user, name, scope)
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        call = getattr(self.client, method.lower())
        data = json.dumps(body) if body is not None else ""
        return call(API + path, data, content_type="application/json", headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.send("post", path, body if body is not None else {})


def detail(response: Any) -> Any:
    return response.json()["detail"]

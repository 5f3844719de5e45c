"""Schemathesis fuzzes every API operation in-process against the API's own OpenAPI document.

Each operation gets a bounded number of generated requests (valid and invalid), sent through the
WSGI app with a signed-in trainee's read-and-write token: screened, enrolled in a program, with
a session and a sitting, so the authenticated routes run deep. Checks: no response is a server
error (5xx), every status is one the schema declares, and every response body matches its
declared schema. CI runs it on SQLite and PostgreSQL, like every test.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from spinewise.accounts.tokens import make_token
from tests.api_helpers import TokenClient
from tests.programs_helpers import screened

# Per operation; ~35 operations. Raise it locally for a deeper search (it stays deterministic).
EXAMPLES = 8

# Django's own WSGI handler (spinewise.wsgi would also check the production secret key).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(
    max_examples=EXAMPLES,
    deterministic=True,
    # The bearer token is sent by the test; generating random credentials only produces 401s.
    with_security_parameters=False,
    database="none",
)


@contextmanager
def connection_kept() -> Iterator[None]:
    """A request through the WSGI handler would close the database connection at its start and
    end, and with it the test's transaction (on PostgreSQL); Django's test client does the same
    as this for its own requests (and connects the handler again after each)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(trainee: Any, settings: Any) -> str:
    """The trainee's token, with data behind every route: a screening, a program, a session, a sitting."""
    settings.SPINEWISE_API_RATE = "100000/min"
    screened(trainee)
    api = TokenClient(trainee)
    api.post("/programs/morning-release-four-weeks/enrol", {})
    planned = api.post("/routines/plan", {"minutes": 5}).json()
    started = {
        "token": planned["token"],
        "client_id": str(uuid.uuid4()),
        "started_at": "2026-01-02T09:00:00Z",
    }
    assert api.post("/sessions/", {**started, "items": []}).status_code == 201
    assert api.post("/tests/sittings", {"pain_now": 3}).status_code == 201
    _, raw = make_token(trainee, "fuzz", "write")
    return raw


@pytest.mark.django_db
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
def test_the_api_conforms_to_its_own_schema(case: Any, token: str) -> None:
    with connection_kept():
        case.call_and_validate(
            # Plain bodies: the in-process client does not undo the site's gzip.
            headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"},
            checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
        )

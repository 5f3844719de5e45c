"""Who gets what, on every web URL and every API endpoint: one table, five people.

The people: the trainee (whose data it is), their coach, another coach, a stranger (all three
signed in, safety check passed, with no data of their own) and an anonymous visitor. Coaching
does not exist yet, so both coaches are plain accounts for now: today they must see nothing of
the trainee's, exactly as the stranger.

`test_every_url_has_a_row` fails when a URL pattern (Django's resolver) or an API operation
(the OpenAPI document) has no row here, and when a row names a URL that no longer exists.

How to add a row
----------------
- A web URL: add `Row("<the pattern as the resolver prints it>", "<a real path>", expect)` to
  WEB. Placeholders in the path (`{session}`, `{sitting}`, `{before}`, `{after}`, `{token}`,
  `{digest}`) are filled from the trainee's data (see `Data`).
- An API operation: add `Row("<METHOD> <path as in /api/v1/openapi.json>", "<a real path>",
  expect, method=..., body=...)` to API. Signed-in people call the API with a read-and-write
  token of their own; the anonymous visitor sends none.
- `expect` maps each person to a status code, or to "->/path" for a redirect to that path (its
  query ignored). The helpers say the common cases: `everyone(200)`, `signed_in(200)` (anonymous
  sent to log in, or 401 on the API), `owner(200)` (the trainee; everyone else 404).
- When coaching arrives: give the coach a link to the trainee in `data()`, and change the
  coach's entry of each row where a coach may see the client's data (for example
  `owner(200, coach=200)`); add the coaching pages and endpoints as rows of their own.

Each row runs the five people in the order anonymous, stranger, other coach, coach, trainee,
so a request that changes something (a pause, a favourite) is made by the owner last; then the
row's changes are rolled back (a savepoint), so every row starts from the same data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from spinewise.api.main import api
from spinewise.library.models import Exercise
from tests.api_helpers import TokenClient
from tests.conftest import person
from tests.programs_helpers import screened

TRAINEE, COACH, OTHER_COACH, STRANGER, ANONYMOUS = "trainee", "coach", "other_coach", "stranger", "anonymous"
PEOPLE = (ANONYMOUS, STRANGER, OTHER_COACH, COACH, TRAINEE)
SIGNED_IN = (STRANGER, OTHER_COACH, COACH, TRAINEE)
LOGIN = "->/login/"
Expect = int | str


def everyone(status: Expect) -> dict[str, Expect]:
    return dict.fromkeys(PEOPLE, status)


def signed_in(status: Expect, anonymous: Expect = LOGIN) -> dict[str, Expect]:
    return {**dict.fromkeys(SIGNED_IN, status), ANONYMOUS: anonymous}


def owner(
    status: Expect, others: Expect = 404, anonymous: Expect = LOGIN, **override: Expect
) -> dict[str, Expect]:
    """The trainee gets `status`; the coaches and the stranger `others` (nothing of the trainee's)."""
    return {**dict.fromkeys(SIGNED_IN, others), TRAINEE: status, ANONYMOUS: anonymous, **override}


@dataclass(frozen=True)
class Row:
    key: str  # the resolver's pattern (web), or "METHOD /api/v1/path" as in the OpenAPI document
    path: str
    expect: dict[str, Expect]
    method: str = "GET"
    body: dict[str, Any] | None = field(default=None)


SCREEN = "->/check/"  # an anonymous visitor is sent to the one-screen safety check
NOT_ENROLLED = "->/programs/"  # a person not following a program is sent to the catalogue
CURRENT = "->/programs/current/"
SLUG_CSS = r"exercises/^figures/(?P<slug>[a-z0-9-]+)\.(?P<digest>[0-9a-f]{16})\.css$"
SLUG_SVG = r"exercises/^figures/(?P<slug>[a-z0-9-]+)\.(?P<digest>[0-9a-f]{16})\.svg$"
# The admin, as a whole, is Django's: staff only. Every admin/ pattern is covered by this row.
ADMIN = "admin/"

WEB = [
    Row("healthz", "/healthz", everyone(200)),
    Row("", "/", everyone(200)),
    Row("api/v1/", "/api/v1/", everyone(404)),
    Row("api/v1/openapi.json", "/api/v1/openapi.json", everyone(200)),
    Row("api/v1/docs", "/api/v1/docs", everyone(200)),
    Row("exercises/", "/exercises/", everyone(200)),
    Row(SLUG_CSS, "/exercises/figures/cat-cow.{digest}.css", everyone(200)),
    Row(SLUG_SVG, "/exercises/figures/cat-cow.{digest}.svg", everyone(200)),
    Row("exercises/<slug:slug>/still.svg", "/exercises/cat-cow/still.svg", everyone(200)),
    Row("exercises/<slug:slug>/", "/exercises/cat-cow/", everyone(200)),
    Row("routines/", "/routines/", everyone(200)),
    Row("routines/<slug:slug>/", "/routines/morning-release/", everyone(200)),
    Row(
        "routines/<slug:slug>/favourite/",
        "/routines/morning-release/favourite/",
        signed_in("->/routines/morning-release/"),
        method="POST",
    ),
    Row("relief/", "/relief/", signed_in(200, anonymous=SCREEN)),
    Row("history/", "/history/", signed_in(200)),
    Row("history/<int:pk>/", "/history/{session}/", owner(200)),
    Row("play/plan/", "/play/plan/", signed_in(200, anonymous=SCREEN)),
    Row("play/routine/<slug:slug>/", "/play/routine/morning-release/", signed_in(200, anonymous=SCREEN)),
    Row("play/again/<int:session_id>/", "/play/again/{session}/", owner(200)),
    Row("play/sessions/", "/play/sessions/", signed_in(400, anonymous=SCREEN), method="POST"),
    Row(
        "play/sessions/<int:session_id>/",
        "/play/sessions/{session}/",
        owner(400, anonymous=SCREEN),
        method="POST",
    ),
    Row("programs/", "/programs/", everyone(200)),
    Row("programs/redeem/", "/programs/redeem/", signed_in(200)),
    Row("programs/morning-check/", "/programs/morning-check/", signed_in("->/"), method="POST"),
    Row("programs/current/", "/programs/current/", owner(200, NOT_ENROLLED)),
    Row("programs/current/calendar.ics", "/programs/current/calendar.ics", owner(200, NOT_ENROLLED)),
    Row("programs/current/pause/", "/programs/current/pause/", owner(CURRENT, NOT_ENROLLED), method="POST"),
    Row("programs/current/resume/", "/programs/current/resume/", owner(CURRENT, NOT_ENROLLED), method="POST"),
    Row("programs/current/stop/", "/programs/current/stop/", owner(CURRENT, NOT_ENROLLED), method="POST"),
    Row("programs/current/workouts/<int:number>/", "/programs/current/workouts/1/", owner(200, NOT_ENROLLED)),
    Row(
        "programs/current/workouts/<int:number>/pain/",
        "/programs/current/workouts/1/pain/",
        owner(400, NOT_ENROLLED),
        method="POST",
    ),
    Row(
        "programs/current/workouts/<int:number>/play/",
        "/programs/current/workouts/1/play/",
        owner("->/programs/current/workouts/1/", NOT_ENROLLED),
    ),
    Row(
        "programs/current/workouts/<int:number>/sessions/",
        "/programs/current/workouts/1/sessions/",
        owner(400, anonymous=SCREEN),
        method="POST",
    ),
    Row("programs/<slug:slug>/", "/programs/six-week-lower-back/", everyone(200)),
    Row("tests/", "/tests/", signed_in(200)),
    Row("tests/<int:pk>/", "/tests/{sitting}/", owner(200)),
    Row("progress/", "/progress/", signed_in(200)),
    Row("progress/reports/", "/progress/reports/", signed_in(200)),
    Row("progress/reports/<int:before>/<int:after>/", "/progress/reports/{before}/{after}/", owner(200)),
    Row(
        "progress/reports/<int:before>/<int:after>/pdf/",
        "/progress/reports/{before}/{after}/pdf/",
        owner(200),
    ),
    Row("screening/", "/screening/", signed_in(200)),
    Row("screening/result/", "/screening/result/", signed_in(200)),
    Row("screening/clearance/", "/screening/clearance/", signed_in("->/screening/result/"), method="POST"),
    Row("check/", "/check/", signed_in("->/screening/", anonymous=200)),
    Row("check/clearance/", "/check/clearance/", everyone("->/check/"), method="POST"),
    Row("about/safety/", "/about/safety/", everyone(200)),
    Row("signup/", "/signup/", signed_in("->/", anonymous=200)),
    Row("privacy/", "/privacy/", everyone(200)),
    Row("profile/", "/profile/", signed_in(200)),
    Row("account/", "/account/", signed_in(200)),
    Row("account/tokens/", "/account/tokens/", signed_in(400), method="POST"),
    # Anyone signed in may ask; only the owner's request revokes (tests/test_api_tokens.py).
    Row(
        "account/tokens/<int:pk>/revoke/",
        "/account/tokens/{token}/revoke/",
        signed_in("->/account/"),
        method="POST",
    ),
    Row("account/data.json", "/account/data.json", signed_in(200)),
    Row("account/delete/", "/account/delete/", signed_in(200)),
    Row("login/", "/login/", everyone(200)),
    Row("logout/", "/logout/", everyone(405)),
    Row("password_change/", "/password_change/", signed_in(200)),
    Row("password_change/done/", "/password_change/done/", signed_in(200)),
    Row("password_reset/", "/password_reset/", everyone(200)),
    Row("password_reset/done/", "/password_reset/done/", everyone(200)),
    Row("reset/<uidb64>/<token>/", "/reset/MQ/bad-token/", everyone(200)),
    Row("reset/done/", "/reset/done/", everyone(200)),
    Row(ADMIN, "/admin/", everyone("->/admin/login/")),
]

NOW = "{now}"
SAVED_REPORT = {"started_at": NOW, "items": []}
BOGUS_START = {"token": "not-a-token", "client_id": "{uuid}", "started_at": NOW, "items": []}

API = [
    Row("GET /api/v1/exercises/", "/api/v1/exercises/", everyone(200)),
    Row("GET /api/v1/exercises/{slug}", "/api/v1/exercises/cat-cow", everyone(200)),
    Row("GET /api/v1/routines/builtin", "/api/v1/routines/builtin", everyone(200)),
    Row(
        "GET /api/v1/routines/builtin/{slug}", "/api/v1/routines/builtin/morning-release", signed_in(200, 401)
    ),
    Row("POST /api/v1/routines/plan", "/api/v1/routines/plan", signed_in(200, 401), "POST", {}),
    Row("GET /api/v1/sessions/", "/api/v1/sessions/", signed_in(200, 401)),
    Row("POST /api/v1/sessions/", "/api/v1/sessions/", signed_in(400, 401), "POST", BOGUS_START),
    Row("GET /api/v1/sessions/{session_id}", "/api/v1/sessions/{session}", owner(200, anonymous=401)),
    Row(
        "POST /api/v1/sessions/{session_id}/report",
        "/api/v1/sessions/{session}/report",
        owner(200, anonymous=401),
        "POST",
        SAVED_REPORT,
    ),
    Row(
        "POST /api/v1/sessions/{session_id}/finish",
        "/api/v1/sessions/{session}/finish",
        owner(200, anonymous=401),
        "POST",
        {**SAVED_REPORT, "finished_at": NOW},
    ),
    Row("GET /api/v1/screening/questions", "/api/v1/screening/questions", everyone(200)),
    Row("GET /api/v1/screening/", "/api/v1/screening/", signed_in(200, 401)),
    Row("POST /api/v1/screening/", "/api/v1/screening/", signed_in(201, 401), "POST", {"yes": []}),
    Row(
        "POST /api/v1/screening/clearance",
        "/api/v1/screening/clearance",
        signed_in(409, 401),
        "POST",
        {"visit_date": "{today}"},
    ),
    Row("GET /api/v1/programs/", "/api/v1/programs/", everyone(200)),
    # The trainee already follows a program (409 without `switch`); the others enrol their own.
    Row(
        "POST /api/v1/programs/{slug}/enrol",
        "/api/v1/programs/morning-release-four-weeks/enrol",
        owner(409, 201, anonymous=401),
        "POST",
        {},
    ),
    Row("GET /api/v1/programs/current", "/api/v1/programs/current", owner(200, anonymous=401)),
    Row("GET /api/v1/programs/current/today", "/api/v1/programs/current/today", owner(200, anonymous=401)),
    Row(
        "GET /api/v1/programs/current/workouts/{number}",
        "/api/v1/programs/current/workouts/1",
        owner(200, anonymous=401),
    ),
    Row(
        "POST /api/v1/programs/current/workouts/{number}/pain",
        "/api/v1/programs/current/workouts/1/pain",
        owner(200, anonymous=401),
        "POST",
        {"pain": 2},
    ),
    Row(
        "POST /api/v1/programs/current/workouts/{number}/sessions",
        "/api/v1/programs/current/workouts/1/sessions",
        owner(400, anonymous=401),
        "POST",
        BOGUS_START,
    ),
    Row(
        "POST /api/v1/programs/current/pause",
        "/api/v1/programs/current/pause",
        owner(200, anonymous=401),
        "POST",
    ),
    Row(
        "POST /api/v1/programs/current/resume",
        "/api/v1/programs/current/resume",
        owner(200, anonymous=401),
        "POST",
    ),
    Row(
        "GET /api/v1/programs/current/calendar.ics",
        "/api/v1/programs/current/calendar.ics",
        owner(200, anonymous=401),
    ),
    Row("GET /api/v1/tests/", "/api/v1/tests/", everyone(200)),
    Row("GET /api/v1/tests/activities", "/api/v1/tests/activities", signed_in(200, 401)),
    Row("GET /api/v1/tests/sittings", "/api/v1/tests/sittings", signed_in(200, 401)),
    Row("POST /api/v1/tests/sittings", "/api/v1/tests/sittings", signed_in(400, 401), "POST", {}),
    Row(
        "GET /api/v1/tests/sittings/{sitting_id}",
        "/api/v1/tests/sittings/{sitting}",
        owner(200, anonymous=401),
    ),
    Row("GET /api/v1/progress/summary", "/api/v1/progress/summary", signed_in(200, 401)),
    Row("GET /api/v1/progress/series", "/api/v1/progress/series", signed_in(200, 401)),
    Row("GET /api/v1/account/profile", "/api/v1/account/profile", signed_in(200, 401)),
    Row("PATCH /api/v1/account/profile", "/api/v1/account/profile", signed_in(200, 401), "PATCH", {}),
    Row("GET /api/v1/account/export", "/api/v1/account/export", signed_in(200, 401)),
    Row(
        "POST /api/v1/account/delete",
        "/api/v1/account/delete",
        signed_in(400, 401),
        "POST",
        {"password": "no"},
    ),
]


# ---------------------------------------------------------------- what exists


def _patterns(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def web_patterns() -> set[str]:
    """Every URL pattern of the site; the API's operations are checked against the API table, and
    the admin's many patterns are Django's (one row)."""
    api_ops = {"api/v1/" + key.split(" /api/v1/", 1)[1] for key in api_operations()}
    out = set()
    for pattern in _patterns(get_resolver().url_patterns):
        if pattern.startswith(ADMIN):
            out.add(ADMIN)
        elif pattern.startswith("api/v1/") and _as_openapi(pattern) in api_ops:
            continue
        else:
            out.add(pattern)
    return out


def _as_openapi(pattern: str) -> str:
    """ "api/v1/sessions/<int:session_id>" -> "api/v1/sessions/{session_id}"."""
    import re

    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)


def api_operations() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    return {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}


def test_every_url_has_a_row() -> None:
    missing_web = web_patterns() - {r.key for r in WEB}
    missing_api = api_operations() - {r.key for r in API}
    assert not missing_web, f"web URLs without a row in WEB: {sorted(missing_web)}"
    assert not missing_api, f"API operations without a row in API: {sorted(missing_api)}"
    stale = ({r.key for r in WEB} - web_patterns()) | ({r.key for r in API} - api_operations())
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"
    assert len({r.key for r in WEB + API}) == len(WEB + API), "a URL has two rows"


# ---------------------------------------------------------------- the people and the trainee's data


@dataclass
class Data:
    users: dict[str, User]
    values: dict[str, Any]


@pytest.fixture
def data(trainee: User, coach: User) -> Data:
    other_coach, stranger = person("other_coach"), person("stranger")
    users = {TRAINEE: trainee, COACH: coach, OTHER_COACH: other_coach, STRANGER: stranger}
    for user in users.values():
        screened(user)
    api = TokenClient(trainee)
    api.post("/programs/morning-release-four-weeks/enrol", {})
    planned = api.post("/routines/plan", {"minutes": 5}).json()
    session = api.post(
        "/sessions/",
        {
            "token": planned["token"],
            "client_id": str(uuid.uuid4()),
            "started_at": timezone.now().isoformat(),
            "items": [],
        },
    ).json()["id"]
    before = api.post(
        "/tests/sittings", {"pain_now": 4, "results": [{"test": "fingertip-to-floor", "value": 10}]}
    )
    after = api.post(
        "/tests/sittings", {"pain_now": 2, "results": [{"test": "fingertip-to-floor", "value": 6}]}
    )
    digest = Exercise.objects.get(slug="cat-cow").figure_hash
    values = {
        "session": session,
        "sitting": before.json()["id"],
        "before": before.json()["id"],
        "after": after.json()["id"],
        "token": api.row.pk,
        "digest": digest,
    }
    return Data(users, values)


def _fill(text: str, values: dict[str, Any]) -> str:
    extra = {
        "now": timezone.now().isoformat(),
        "today": timezone.localdate().isoformat(),
        "uuid": str(uuid.uuid4()),
    }
    for name, value in {**values, **extra}.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def _body(body: Any, values: dict[str, Any]) -> Any:
    if isinstance(body, dict):
        return {k: _body(v, values) for k, v in body.items()}
    return _fill(body, values) if isinstance(body, str) else body


def _outcome(response: Any) -> Expect:
    if response.status_code in (301, 302):
        return "->" + str(response["Location"]).split("?")[0]
    return int(response.status_code)


def _web_client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _call_web(row: Row, user: User | None, values: dict[str, Any]) -> Any:
    client = _web_client(user)
    path = _fill(row.path, values)
    return client.post(path, {}) if row.method == "POST" else client.get(path)


def _call_api(row: Row, user: User | None, values: dict[str, Any]) -> Any:
    import json

    path = _fill(row.path, values)
    headers = {"Accept-Encoding": "identity"}
    if user is not None:
        headers["Authorization"] = f"Bearer {TokenClient(user, name='matrix').token}"
    client = Client(enforce_csrf_checks=True)
    if row.method == "GET":
        return client.get(path, headers=headers)
    body = json.dumps(_body(row.body or {}, values))
    return getattr(client, row.method.lower())(path, body, content_type="application/json", headers=headers)


def _run(rows: list[Row], call: Any, data: Data) -> list[str]:
    """Each row in a savepoint rolled back after it, so what one request changes (a pause, an
    enrolment) never reaches the next row; the trainee's data is made once for the whole table."""
    wrong = []
    for row in rows:
        with transaction.atomic():
            got = {who: _outcome(call(row, data.users.get(who), data.values)) for who in PEOPLE}
            transaction.set_rollback(True)
        if got != row.expect:
            diff = {
                who: f"expected {row.expect[who]}, got {got[who]}"
                for who in PEOPLE
                if got[who] != row.expect[who]
            }
            wrong.append(f"{row.method} {row.key or '/'}: {diff}")
    return wrong


@pytest.mark.django_db
def test_web_access(data: Data, settings: Any) -> None:
    settings.SPINEWISE_API_RATE = "100000/min"
    wrong = _run(WEB, _call_web, data)
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_api_access(data: Data, settings: Any) -> None:
    settings.SPINEWISE_API_RATE = "100000/min"
    wrong = _run(API, _call_api, data)
    assert not wrong, "\n".join(wrong)

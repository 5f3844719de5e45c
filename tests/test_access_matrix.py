"""Who gets what, on every web URL and every API endpoint: one table, five people.

The people: the trainee (whose data it is), their coach, another coach, a stranger (all four
signed in, safety check passed; only the trainee has data of their own) and an anonymous
visitor. The coach has the coach role and a current link to the trainee (an invitation the
trainee accepted), with a composed routine assigned; the other coach has the role and no link
to the trainee; the stranger is a plain account.

The coach sees the client's data on the coaching pages and endpoints only (their board, the
composer, the handout): the trainee's own pages (a session, a test sitting, a report) stay 404
for the coach, as for everyone but the trainee. A non-coach asking for a coach's page or
endpoint gets 403 (whatever the id: nothing tells that a link exists); a coach asking for
another coach's client gets 404.

`test_every_url_has_a_row` fails when a URL pattern (Django's resolver) or an API operation
(the OpenAPI document) has no row here, and when a row names a URL that no longer exists.

How to add a row
----------------
- A web URL: add `Row("<the pattern as the resolver prints it>", "<a real path>", expect)` to
  WEB. Placeholders in the path (`{session}`, `{sitting}`, `{before}`, `{after}`, `{token}`,
  `{digest}`, `{link}`, `{assignment}`, `{invitation}`, `{code}`, `{feed}`, `{break}`) are
  filled from the trainee's and the coach's data (see `data()`).
- An API operation: add `Row("<METHOD> <path as in /api/v1/openapi.json>", "<a real path>",
  expect, method=..., body=...)` to API. Signed-in people call the API with a read-and-write
  token of their own; the anonymous visitor sends none.
- `expect` maps each person to a status code, or to "->/path" for a redirect to that path (its
  query ignored). The helpers say the common cases: `everyone(200)`, `signed_in(200)` (anonymous
  sent to log in, or 401 on the API), `owner(200)` (the trainee; everyone else 404),
  `coach_only(200)` (the trainee's coach; the other coach 404, the stranger and the trainee 403).

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
from spinewise.breaks.models import DeskMode
from spinewise.breaks.services import record_break
from spinewise.coaching import services as coaching
from spinewise.coaching.models import Assignment, Change
from spinewise.library.models import Exercise
from tests.api_helpers import TokenClient
from tests.coaching_helpers import assigned, linked, make_coach
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


def coach_only(
    status: Expect,
    other_coach: Expect = 404,
    anonymous: Expect = LOGIN,
    not_coach: Expect = 403,
) -> dict[str, Expect]:
    """A coach's page about their client: the coach gets `status`; the other coach (no link to
    this client) `other_coach`; the stranger and the trainee, who are not coaches, `not_coach`."""
    return {
        ANONYMOUS: anonymous,
        STRANGER: not_coach,
        OTHER_COACH: other_coach,
        COACH: status,
        TRAINEE: not_coach,
    }


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
# Browsers ask for /favicon.ico whatever the page links: sent on to the static file (hashed in
# production; the tests' storage, tests/conftest.py, does not hash).
FAVICON = "->/static/spinewise/favicon.ico"
# The admin, as a whole, is Django's: staff only. Every admin/ pattern is covered by this row.
ADMIN = "admin/"

WEB = [
    Row("healthz", "/healthz", everyone(200)),
    # The installable app: public, the same for everyone (no person's data in them).
    Row("sw.js", "/sw.js", everyone(200)),
    Row("manifest.webmanifest", "/manifest.webmanifest", everyone(200)),
    Row("offline/", "/offline/", everyone(200)),
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
    Row("coaches/", "/coaches/", everyone(200)),
    Row("glossary/", "/glossary/", everyone(200)),
    # The language switch: a POST without a language goes back home with a message.
    Row("language/", "/language/", everyone("->/"), method="POST"),
    Row("favicon.ico", "/favicon.ico", everyone(FAVICON)),
    # The guided first visit: each person's own path (nobody here is on it, so /welcome/ goes home).
    Row("welcome/", "/welcome/", signed_in("->/")),
    Row("welcome/tests/", "/welcome/tests/", signed_in(200)),
    Row("welcome/program/", "/welcome/program/", signed_in(200)),
    Row("welcome/schedule/", "/welcome/schedule/?program=six-week-lower-back", signed_in(200)),
    Row("welcome/calendar/", "/welcome/calendar/", signed_in(200)),
    Row("welcome/done/", "/welcome/done/", signed_in("->/"), method="POST"),
    # Desk mode: only the trainee has it on; the others' snooze and skip find no break (409).
    Row("breaks/", "/breaks/", signed_in(200)),
    Row("breaks/next.json", "/breaks/next.json", signed_in(200, anonymous=403)),
    Row("breaks/snooze/", "/breaks/snooze/", owner("->/breaks/", 409, anonymous=403), method="POST"),
    Row("breaks/skip/", "/breaks/skip/", owner("->/breaks/", 409, anonymous=403), method="POST"),
    Row("breaks/take/", "/breaks/take/", signed_in(200)),
    Row("breaks/taken/", "/breaks/taken/", signed_in(400, anonymous=403), method="POST"),
    Row("breaks/taken/<int:pk>/", "/breaks/taken/{break}/", owner(400, anonymous=404), method="POST"),
    Row("breaks/calendar/new/", "/breaks/calendar/new/", signed_in("->/breaks/"), method="POST"),
    # The feed's address is its secret (a calendar app has no session): whoever has it reads it,
    # and it says only when to move (tests/test_breaks_web.py).
    Row("breaks/calendar/<str:token>.ics", "/breaks/calendar/{feed}.ics", everyone(200)),
    # Coaching, the coach's side: coaches only (403 for the others), and only their own client's.
    Row("coaching/", "/coaching/", signed_in(200)),
    Row("coaching/invitations/", "/coaching/invitations/", coach_only(200, 200), method="POST"),
    Row(
        "coaching/invitations/<int:pk>/withdraw/",
        "/coaching/invitations/{invitation}/withdraw/",
        coach_only("->/coaching/"),
        method="POST",
    ),
    Row("coaching/clients/<int:link_id>/", "/coaching/clients/{link}/", coach_only(200)),
    Row(
        "coaching/clients/<int:link_id>/end/",
        "/coaching/clients/{link}/end/",
        coach_only("->/coaching/"),
        method="POST",
    ),
    Row(
        "coaching/clients/<int:link_id>/routines/new/",
        "/coaching/clients/{link}/routines/new/",
        coach_only(200),
    ),
    Row(
        "coaching/clients/<int:link_id>/routines/<int:pk>/",
        "/coaching/clients/{link}/routines/{assignment}/",
        coach_only(200),
    ),
    Row(
        "coaching/clients/<int:link_id>/routines/<int:pk>/handout.pdf",
        "/coaching/clients/{link}/routines/{assignment}/handout.pdf",
        coach_only(200),
    ),
    Row(
        "coaching/clients/<int:link_id>/programs/new/",
        "/coaching/clients/{link}/programs/new/",
        coach_only(200),
    ),
    # Coaching, the client's side: each person's own coaches; the link and assignment are the trainee's.
    Row("coaching/mine/", "/coaching/mine/", signed_in(200)),
    Row(
        "coaching/mine/<int:link_id>/end/",
        "/coaching/mine/{link}/end/",
        owner("->/coaching/mine/"),
        method="POST",
    ),
    Row("coaching/join/", "/coaching/join/", signed_in(200)),
    # An invitation's code is what lets one in: anyone signed in who has it sees whose it is.
    Row("coaching/join/<str:code>/", "/coaching/join/{code}/", signed_in(200)),
    Row("coaching/assigned/<int:pk>/", "/coaching/assigned/{assignment}/", owner(200)),
    Row("coaching/assigned/<int:pk>/handout.pdf", "/coaching/assigned/{assignment}/handout.pdf", owner(200)),
    Row("coaching/assigned/<int:pk>/play/", "/coaching/assigned/{assignment}/play/", owner(200)),
    Row(
        "coaching/assigned/<int:pk>/start/",
        "/coaching/assigned/{assignment}/start/",
        owner(400, anonymous=SCREEN),
        method="POST",
    ),
    Row(ADMIN, "/admin/", everyone("->/admin/login/")),
]

NOW = "{now}"
SAVED_REPORT = {"started_at": NOW, "items": []}
ROUTINE_BODY = {
    "name": "Back basics",
    "notes": "Slow and easy.",
    "per_week": 3,
    "items": [{"exercise": "cat-cow", "sets": 2, "amount": 8}, {"exercise": "bridge"}],
}
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
    # Coaching: a non-coach gets 403, another coach's client is a 404 (src/spinewise/api/coaching.py).
    Row(
        "POST /api/v1/coaching/invitations",
        "/api/v1/coaching/invitations",
        coach_only(201, 201, anonymous=401),
        "POST",
    ),
    Row(
        "GET /api/v1/coaching/invitations",
        "/api/v1/coaching/invitations",
        coach_only(200, 200, anonymous=401),
    ),
    Row(
        "POST /api/v1/coaching/invitations/{invitation_id}/withdraw",
        "/api/v1/coaching/invitations/{invitation}/withdraw",
        coach_only(204, anonymous=401),
        "POST",
    ),
    # The code is a single-use bearer secret: the first signed-in person to send it (the stranger,
    # who runs first) is linked or declines; after that it is used up (409) for everyone.
    Row(
        "POST /api/v1/coaching/invitations/{code}/accept",
        "/api/v1/coaching/invitations/{code}/accept",
        signed_in(409, 401) | {STRANGER: 201},
        "POST",
    ),
    Row(
        "POST /api/v1/coaching/invitations/{code}/decline",
        "/api/v1/coaching/invitations/{code}/decline",
        signed_in(409, 401) | {STRANGER: 204},
        "POST",
    ),
    Row("GET /api/v1/coaching/clients", "/api/v1/coaching/clients", coach_only(200, 200, anonymous=401)),
    Row(
        "GET /api/v1/coaching/clients/{link_id}",
        "/api/v1/coaching/clients/{link}",
        coach_only(200, anonymous=401),
    ),
    Row(
        "POST /api/v1/coaching/clients/{link_id}/end",
        "/api/v1/coaching/clients/{link}/end",
        coach_only(204, anonymous=401),
        "POST",
    ),
    Row(
        "POST /api/v1/coaching/clients/{link_id}/routines/preview",
        "/api/v1/coaching/clients/{link}/routines/preview",
        coach_only(200, anonymous=401),
        "POST",
        ROUTINE_BODY,
    ),
    Row(
        "POST /api/v1/coaching/clients/{link_id}/routines",
        "/api/v1/coaching/clients/{link}/routines",
        coach_only(201, anonymous=401),
        "POST",
        ROUTINE_BODY,
    ),
    Row(
        "PUT /api/v1/coaching/clients/{link_id}/routines/{assignment_id}",
        "/api/v1/coaching/clients/{link}/routines/{assignment}",
        coach_only(200, anonymous=401),
        "PUT",
        ROUTINE_BODY,
    ),
    # The trainee already follows a program: switching it is the client's own choice (409).
    Row(
        "POST /api/v1/coaching/clients/{link_id}/programs",
        "/api/v1/coaching/clients/{link}/programs",
        coach_only(409, anonymous=401),
        "POST",
        {"program": "six-week-lower-back", "start": "{today}", "weekdays": [0, 2, 4]},
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
    # The coach: the role, a link the trainee accepted, a routine assigned, and an open invitation.
    # The other coach: the role and nothing else.
    make_coach(coach, "Dana Physio")
    make_coach(other_coach, "Olly Other")
    link = linked(coach, trainee)
    assignment = assigned(link)
    invitation, code = coaching.create_invitation(coach)
    # The trainee's desk mode (on) and one break taken.
    desk = DeskMode.objects.create(user=trainee, days=[0, 1, 2, 3, 4, 5, 6], time_zone="UTC")
    taken = record_break(
        user=trainee,
        source="web",
        prescription=coaching.prescription_for(assignment, coaching.client_limits(trainee)),
        started_at=timezone.now(),
        finished_at=None,
    )
    values = {
        "session": session,
        "sitting": before.json()["id"],
        "before": before.json()["id"],
        "after": after.json()["id"],
        "token": api.row.pk,
        "digest": digest,
        "link": link.pk,
        "assignment": assignment.pk,
        "invitation": invitation.pk,
        "code": code,
        "feed": desk.feed_token,
        "break": taken.pk,
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


@pytest.mark.django_db
def test_a_coachs_own_link_reaches_no_other_clients_assignment(data: Data, settings: Any) -> None:
    """What one path per row cannot say: the other coach, with a client of their own, puts that
    link's id beside the trainee's assignment: every page and endpoint answers 404, nothing changes."""
    settings.SPINEWISE_API_RATE = "100000/min"
    other_coach, stranger = data.users[OTHER_COACH], data.users[STRANGER]
    own = linked(other_coach, stranger).pk
    item = data.values["assignment"]
    before = Assignment.objects.values().get(pk=item)
    web = _web_client(other_coach)
    for url in (
        f"/coaching/clients/{own}/routines/{item}/",
        f"/coaching/clients/{own}/routines/{item}/handout.pdf",
    ):
        assert web.get(url).status_code == 404, url
    edit = web.post(
        f"/coaching/clients/{own}/routines/{item}/",
        {"name": "Taken over", "per_week": "2", "item-0-exercise": "cat-cow", "action": "save"},
    )
    assert edit.status_code == 404
    put = Row("PUT", f"/api/v1/coaching/clients/{own}/routines/{item}", {}, "PUT", ROUTINE_BODY)
    assert _call_api(put, other_coach, data.values).status_code == 404
    assert Assignment.objects.values().get(pk=item) == before
    assert not Change.objects.filter(assignment_id=item).exclude(by=data.users[COACH]).exists()

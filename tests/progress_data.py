"""Test data for the progress pages: long session histories in one insert, sittings, PDF checks."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from datetime import datetime, timedelta
from typing import Any

from spinewise.training.models import Session
from tests.assessment_data import sitting

# Endurance holds and distances that improve beyond every published measurement error.
BASELINE = {
    ("fingertip-to-floor", ""): 25.0,
    ("side-bending-fingertip-slide", "left"): 15.0,
    ("side-bending-fingertip-slide", "right"): 15.0,
    ("five-times-sit-to-stand", ""): 14.0,
    ("trunk-flexor-endurance", ""): 70.0,
    ("side-bridge-hold", "left"): 40.0,
    ("side-bridge-hold", "right"): 50.0,
    ("trunk-extensor-endurance", ""): 60.0,
}
BETTER = {
    ("fingertip-to-floor", ""): 15.0,  # 10 cm nearer the floor; the error is 4.5 cm
    ("side-bending-fingertip-slide", "left"): 20.0,
    ("side-bending-fingertip-slide", "right"): 20.0,
    ("five-times-sit-to-stand", ""): 10.0,
    ("trunk-flexor-endurance", ""): 75.0,
    ("side-bridge-hold", "left"): 90.0,
    ("side-bridge-hold", "right"): 95.0,
    ("trunk-extensor-endurance", ""): 130.0,
}
# Every change smaller than its test's measurement error, and pain within 2 points and 30 %.
ABOUT_THE_SAME = {
    ("fingertip-to-floor", ""): 23.0,
    ("side-bending-fingertip-slide", "left"): 16.0,
    ("side-bending-fingertip-slide", "right"): 15.5,
    ("five-times-sit-to-stand", ""): 13.0,
    ("trunk-flexor-endurance", ""): 70.0,
    ("side-bridge-hold", "left"): 45.0,
    ("side-bridge-hold", "right"): 55.0,
    ("trunk-extensor-endurance", ""): 70.0,
}
WORSE = {
    ("fingertip-to-floor", ""): 35.0,
    ("side-bridge-hold", "left"): 5.0,
    ("side-bridge-hold", "right"): 12.0,
}
ACTIVITIES = [("Putting on socks", 3), ("Sitting through a film", 4), ("Lifting the shopping", 5)]


def daily_sessions(user: Any, days: int, end: datetime, *, hour: int = 7) -> list[Session]:
    """One session a day for `days` days up to `end`, pain easing over time, in one insert."""
    start = end.replace(hour=hour, minute=0, second=0, microsecond=0)
    return Session.objects.bulk_create(
        Session(
            user=user,
            source="web",
            routine_name="Morning release",
            prescription={"items": []},
            started_at=start - timedelta(days=i),
            finished_at=start - timedelta(days=i) + timedelta(minutes=12),
            status=Session.Status.PARTIAL if i % 9 == 0 else Session.Status.COMPLETE,
            pain_before=min(10, 3 + i // 120),
            worst_pain_during=min(10, 3 + i // 120),
            pain_after=min(10, 2 + i // 150),
        )
        for i in range(days)
    )


def baseline_and_retest(
    user: Any,
    after: dict[tuple[str, str], float],
    *,
    kind: str = "middle",
    days_between: int = 21,
    pain: tuple[int, int] = (6, 3),
    activity_scores: tuple[int, int, int] | None = (7, 8, 8),
) -> tuple[Any, Any]:
    """A baseline `days_between` days ago with three activities, and a retest today."""
    first = sitting(
        user,
        kind="baseline",
        days_ago=days_between,
        results=BASELINE,
        activities=ACTIVITIES,
        pain_now=pain[0],
        pain_worst_week=pain[0] + 1,
        stiffness=6,
    )
    ratings: dict[int, int] = {}
    if activity_scores is not None:
        ids = sorted(r.activity_id for r in first.ratings.all())
        ratings = dict(zip(ids, activity_scores, strict=True))
    second = sitting(
        user,
        kind=kind,
        days_ago=0,
        results=after,
        ratings=ratings,
        pain_now=pain[1],
        pain_worst_week=pain[1] + 1,
        stiffness=4,
    )
    return first, second


# ---------------------------------------------------------------------- what is in a PDF

# Path construction and painting operators of a PDF content stream.
DRAWING = re.compile(rb"(?<![A-Za-z])(?:re|l|c|m|S|s|f|f\*|B|b)(?![A-Za-z*])")


def pdf_streams(pdf: bytes) -> list[bytes]:
    """Every stream of the file, inflated when it is compressed (WeasyPrint's are)."""
    out: list[bytes] = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        data = match.group(1)
        try:
            out.append(zlib.decompress(data))
        except zlib.error:
            out.append(data)
    return out


def drawing_operators(pdf: bytes) -> int:
    return sum(len(DRAWING.findall(stream)) for stream in pdf_streams(pdf))


def pdf_text(pdf: bytes) -> str | None:
    """The PDF's text by poppler's pdftotext when installed, else None."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    done = subprocess.run([tool, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def set_profile(user: Any, **fields: Any) -> Any:
    """The person's profile (made on first use), with these fields changed."""
    from spinewise.accounts.services import profile_for

    profile = profile_for(user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return profile

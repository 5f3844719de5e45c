"""What the browser player plays: a routine's items with their segments, exercise texts and variants.

Each item carries the same timeline segments the terminal player walks (timeline.item_segments
plus the transition to the next item), so both players count the same reps, sides, sets, rests
and position changes. The browser does the timing; the server only plans, describes and records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.utils import translation

from spinewise.library import cache as content_cache
from spinewise.library.i18n import localized
from spinewise.library.models import Exercise
from spinewise.library.translations import SOURCE
from spinewise.planning.model import Dose, Profile
from spinewise.planning.progression import ACCEPTABLE_PAIN
from spinewise.planning.vocabulary import Level, Position, State, transition_seconds
from spinewise.training.schema import RoutineItemJSON, RoutineJSON
from spinewise.training.timeline import item_segments, transition
from spinewise.training.words import say


def _segments(
    dose: Dose, seconds_per_rep: float | None, position: str, following: RoutineItemJSON | None
) -> list[dict[str, Any]]:
    """An item's segments as the terminal player plays them, with the transition to the next item."""
    segments = item_segments(dose, seconds_per_rep)
    if following is not None:
        allowance = transition_seconds(Position(position), Position(following.position))
        segments.append(transition(following.name, allowance, following.slug))
    out = []
    for segment in segments:
        shown = asdict(segment)
        shown["label"] = say(segment.label)
        out.append(shown)
    return out


def figure_info(ex: Exercise) -> dict[str, Any] | None:
    """The animated figure as stored at content load: its markup and its stylesheet's hashed URL."""
    if not ex.has_figure:
        return None
    return {"slug": ex.slug, "svg": ex.figure_svg_here(), "css": ex.figure_css_url(), "view": ex.figure_view}


def _pace(cues: list[dict[str, Any]]) -> dict[str, int] | None:
    """The breathing rhythm a timed exercise is paced to (its first cue with a pace), or None."""
    for cue in cues:
        pace = cue.get("pace")
        if pace:
            return {"in": int(pace[0]), "out": int(pace[1])}
    return None


def _exercise_info(row: Exercise, lang: str | None) -> dict[str, Any]:
    # The texts in the page's language; the breathing pace is the English cues' (numbers only).
    pace = _pace(row.breathing)
    ex = localized(row, lang)
    return {
        "slug": ex.slug,
        "name": ex.name,
        "summary": ex.summary,
        "position": ex.position,
        "steps": [{"text": step, "breathing": cues} for step, cues in ex.steps_with_breathing()],
        "breathing": [str(cue["cue"]) for cue in ex.breathing],
        "pace": pace,
        "cautions": list(ex.cautions),
        "feel": ex.feel,
        "seconds_per_rep": ex.seconds_per_rep,
        "url": ex.get_absolute_url(),
        "figure": figure_info(ex),
    }


def _missing_info(item: RoutineItemJSON) -> dict[str, Any]:
    # An old session may name an exercise since removed from the library: play it from its snapshot.
    return {
        "slug": item.slug,
        "name": item.name,
        "summary": "",
        "position": item.position,
        "steps": [],
        "breathing": [],
        "pace": None,
        "cautions": [],
        "feel": "",
        "seconds_per_rep": None,
        "url": None,
        "figure": None,
    }


def _suits(ex: Exercise, equipment: list[str], profile: Profile | None) -> bool:
    """Whether a variant respects the request's hard limits (equipment, avoided positions, a bad day)."""
    if profile is None:
        return True
    if not set(equipment) <= {e.value for e in profile.equipment}:
        return False
    if ex.position in {p.value for p in profile.avoid}:
        return False
    return not (profile.state == State.FLARE_UP and not ex.flare_up_ok)


def _variant(
    ex: Exercise, equipment: list[str], level: Level, following: RoutineItemJSON | None, lang: str | None
) -> dict[str, Any]:
    dose = ex.dose_for(level.value)
    return {
        "slug": ex.slug,
        "name": localized(ex, lang).name,
        "position": ex.position,
        "equipment": equipment,
        "dose": asdict(dose),
        "dose_text": say(dose.describe()),
        "seconds": dose.seconds(ex.seconds_per_rep),
        "segments": _segments(dose, ex.seconds_per_rep, ex.position, following),
        "exercise": _exercise_info(ex, lang),
    }


@dataclass(frozen=True)
class _PlayerLibrary:
    """Every exercise (retired ones too: an old session may name one), the active easier and harder
    variants of each by name, and the equipment each needs: read once per content version."""

    rows: dict[str, Exercise]
    easier: dict[str, list[Exercise]]
    harder: dict[str, list[Exercise]]
    gear: dict[int, list[str]]


def _read_player_library() -> _PlayerLibrary:
    rows = {ex.slug: ex for ex in Exercise.objects.all()}
    by_pk = {ex.pk: ex for ex in rows.values()}
    easier: dict[str, list[Exercise]] = {}
    harder: dict[str, list[Exercise]] = {}
    for relation, out in ((Exercise.easier.through, easier), (Exercise.harder.through, harder)):
        links = (
            relation.objects.filter(to_exercise__retired=False)
            .order_by("to_exercise__name", "to_exercise__slug")
            .values_list("from_exercise_id", "to_exercise_id")
        )
        for from_id, to_id in links:
            out.setdefault(by_pk[from_id].slug, []).append(by_pk[to_id])
    gear: dict[int, list[str]] = {}
    tags = Exercise.equipment.through.objects.values_list("exercise_id", "equipmenttag__slug").order_by(
        "exercise_id", "equipmenttag__slug"
    )
    for exercise_id, slug in tags:
        gear.setdefault(exercise_id, []).append(slug)
    return _PlayerLibrary(rows, easier, harder, gear)


def _shown_prescription(
    prescription: RoutineJSON, rows: Mapping[str, Exercise], lang: str | None
) -> dict[str, Any]:
    """The prescription as the page shows it: its exercises named in the page's language (the
    session records the server's own copy, carried by the signed token)."""
    shown = prescription.model_dump(mode="json")
    if lang and lang != SOURCE:
        for item in shown["items"]:
            row = rows.get(item["slug"])
            if row is not None:
                item["name"] = localized(row, lang).name
        shown["relaxed"] = [say(note) for note in shown["relaxed"]]
    return shown


def player_payload(
    prescription: RoutineJSON,
    level: Level,
    *,
    name: str,
    slug: str | None = None,
    profile: Profile | None = None,
    save_url: str | None = None,
    ask_pain_before: bool = False,
    pain_before: int | None = None,
    speed: float = 1.0,
    item_notes: Mapping[str, str] | None = None,
    relaxed: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Everything the browser player needs, in a fixed number of queries whatever the routine's length.

    Each item carries its dose, its segments, its exercise's steps, breathing cues and cautions,
    and its easier and harder variants, each dosed at `level` with its own segments. With a
    `profile`, variants needing equipment the person lacks, starting in an avoided position, or
    too demanding for a flare-up day are left out. `item_notes` are a routine's own notes on its
    items (how to do this one in this routine), by exercise.
    """
    item_notes = item_notes or {}
    # The words in the page's language: the content's translations, the planner's notes translated.
    lang = translation.get_language()
    # A past session may name an exercise retired since: it still plays, from the library's text.
    # Read once per content version (one query for the version): shared, so only read here.
    library = content_cache.derived("player-library", _read_player_library)
    rows, easier_of, harder_of, gear = library.rows, library.easier, library.harder, library.gear
    items: list[dict[str, Any]] = []
    for index, item in enumerate(prescription.items):
        following = prescription.items[index + 1] if index + 1 < len(prescription.items) else None
        row = rows.get(item.slug)
        dose = item.dose()
        easier = [v for v in easier_of.get(item.slug, []) if _suits(v, gear.get(v.pk, []), profile)]
        harder = [v for v in harder_of.get(item.slug, []) if _suits(v, gear.get(v.pk, []), profile)]
        items.append(
            {
                "index": index,
                "slug": item.slug,
                # The name as recorded, in English; in another language, as the content names it now.
                "name": item.name if row is None or lang == SOURCE else localized(row, lang).name,
                "phase": item.phase,
                "position": item.position,
                "equipment": list(item.equipment),
                "dose": asdict(dose),
                "dose_text": say(dose.describe()),
                "seconds": item.seconds,
                "note": item_notes.get(item.slug),
                "segments": _segments(dose, row.seconds_per_rep if row else None, item.position, following),
                "exercise": _exercise_info(row, lang) if row else _missing_info(item),
                "easier": [_variant(v, gear.get(v.pk, []), level, following, lang) for v in easier],
                "harder": [_variant(v, gear.get(v.pk, []), level, following, lang) for v in harder],
            }
        )
    return {
        "routine": {
            "name": name,
            "slug": slug,
            "level": level.value,
            "total_seconds": prescription.total_seconds,
            "position_changes": prescription.position_changes,
            "relaxed": [say(note) for note in (prescription.relaxed if relaxed is None else relaxed)],
        },
        "prescription": _shown_prescription(prescription, rows, lang),
        "items": items,
        "save_url": save_url,
        "ask_pain_before": ask_pain_before and pain_before is None,
        "pain_before": pain_before,
        "speed": speed,
        # Pain during the exercises may reach this much; the player and the pages say so from here.
        "pain_limit": ACCEPTABLE_PAIN,
    }

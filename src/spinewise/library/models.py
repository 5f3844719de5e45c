"""The exercise library as stored: one row per exercise, tags as small tables."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from spinewise.library.i18n import Translatable
from spinewise.library.translations import SOURCE
from spinewise.planning.model import Dose, ExerciseSpec
from spinewise.planning.vocabulary import (
    LEVELS,
    Category,
    Direction,
    Equipment,
    Phase,
    Position,
    Target,
    choices,
)

if TYPE_CHECKING:
    # The pydantic schema is only needed to write JSON; importing it costs every start-up.
    from spinewise.library.schema import ExerciseJSON


def normalise(text: str) -> str:
    """Lower-case, accents and apostrophes dropped, punctuation as spaces: "Child's" ~ "childs"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    folded = re.sub(r"['\u2019]", "", folded)
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


_SVG_TITLE = re.compile(r"(<title id=\"[^\"]*\">)(.*?)(</title>)", re.S)


def retitled(markup: str, title: str) -> str:
    """A figure's markup with its accessible name (its first <title>) replaced by `title`."""
    return _SVG_TITLE.sub(lambda m: m.group(1) + escape(title) + m.group(3), markup, count=1)


class Tag(models.Model):
    slug = models.SlugField(unique=True)

    class Meta:
        abstract = True
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class EquipmentTag(Tag):
    class Meta(Tag.Meta):
        verbose_name = "equipment"
        verbose_name_plural = "equipment"


class TargetTag(Tag):
    class Meta(Tag.Meta):
        verbose_name = "target"


class ExerciseQuerySet(models.QuerySet["Exercise"]):
    def active(self) -> ExerciseQuerySet:
        return self.filter(retired=False)

    def with_tags(self) -> ExerciseQuerySet:
        return self.prefetch_related("equipment", "targets")

    def with_variants(self) -> ExerciseQuerySet:
        return self.prefetch_related("easier", "harder")

    def search(self, text: str) -> ExerciseQuerySet:
        words = normalise(text).split()
        qs = self
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs

    def filtered(
        self,
        *,
        categories: list[str] | None = None,
        positions: list[str] | None = None,
        equipment: list[str] | None = None,
        targets: list[str] | None = None,
        difficulties: list[int] | None = None,
    ) -> ExerciseQuerySet:
        """AND across filters, OR within one. Equipment "none" means needing nothing."""
        qs = self
        if categories:
            qs = qs.filter(category__in=categories)
        if positions:
            qs = qs.filter(position__in=positions)
        if difficulties:
            qs = qs.filter(difficulty__in=difficulties)
        if equipment:
            named = [e for e in equipment if e != "none"]
            cond = models.Q(pk__in=Exercise.objects.filter(equipment__slug__in=named).values("pk"))
            if "none" in equipment:
                # "none": exercises with no equipment tag at all.
                cond |= ~models.Q(pk__in=Exercise.objects.filter(equipment__isnull=False).values("pk"))
            qs = qs.filter(cond)
        if targets:
            qs = qs.filter(pk__in=Exercise.objects.filter(targets__slug__in=targets).values("pk"))
        return qs


TRANSLATIONS_HELP = "{language: texts}, from the content's parallel files (cat-cow.es.yaml)."


class Exercise(Translatable, models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    aliases = models.JSONField(default=list, blank=True)
    summary = models.CharField(max_length=400)
    category = models.CharField(max_length=20, choices=choices(Category), db_index=True)
    position = models.CharField(max_length=20, choices=choices(Position), db_index=True)
    equipment = models.ManyToManyField(EquipmentTag, blank=True, related_name="exercises")
    targets = models.ManyToManyField(TargetTag, related_name="exercises")
    direction = models.JSONField(default=list)
    phase = models.JSONField(default=list)
    flare_up_ok = models.BooleanField(default=False)
    difficulty = models.PositiveSmallIntegerField(choices=[(1, "1 (easy)"), (2, "2"), (3, "3 (hard)")])
    seconds_per_rep = models.FloatField(null=True, blank=True)
    doses = models.JSONField(help_text="One dose per level: beginner, intermediate, advanced.")
    steps = models.JSONField(default=list)
    breathing = models.JSONField(default=list, help_text='A list of {"step": N, "cue": "..."}.')
    feel = models.CharField(max_length=400)
    cautions = models.JSONField(default=list)
    skip_if = models.JSONField(default=list)
    easier = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="easier_of")
    harder = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="harder_of")
    sources = models.JSONField(default=list, blank=True)
    references = models.JSONField(default=list, blank=True)
    retired = models.BooleanField(
        default=False, db_index=True, help_text="Left out of new routines and searches."
    )
    # The figure as drawn when the content loaded (never per request); not editable in the admin,
    # so an edit of the exercise keeps it. `figure_hash` names the stylesheet's URL.
    figure_svg = models.TextField(editable=False, default="")
    figure_css = models.TextField(editable=False, default="")
    figure_still = models.TextField(editable=False, default="")
    figure_view = models.CharField(max_length=10, editable=False, default="")
    figure_hash = models.CharField(max_length=16, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    translations = models.JSONField(default=dict, blank=True, help_text=TRANSLATIONS_HELP)
    content_hash = models.CharField(max_length=64, editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every language's names find the exercise: "gato" finds Cat-Cow as "cat" does.
        names = [self.name, *self.aliases]
        for texts in (self.translations or {}).values():
            names += [str(texts.get("name", "")), *map(str, texts.get("aliases", []))]
        self.search_text = normalise(" ".join(names))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("library:exercise", args=[self.slug])

    def apply_texts(self, texts: dict[str, Any]) -> None:
        self.name = texts["name"]
        self.aliases = list(texts.get("aliases", []))
        self.summary = texts["summary"]
        self.steps = list(texts["steps"])
        self.breathing = [dict(cue) for cue in texts["breathing"]]
        self.feel = texts["feel"]
        self.cautions = list(texts["cautions"])
        self.skip_if = list(texts["skip_if"])

    @property
    def has_figure(self) -> bool:
        return bool(self.figure_hash)

    def figure_css_url(self) -> str:
        from django.urls import reverse

        return reverse("library:figure-css", args=[self.slug, self.figure_hash]) if self.figure_hash else ""

    def figure_still_url(self) -> str:
        from django.urls import reverse

        return reverse("library:figure-still", args=[self.slug, self.figure_hash]) if self.figure_hash else ""

    def figure_title(self, lang: str | None = None) -> str:
        """The figure's accessible name in `lang` (the active language by default), from the
        translation's name and `figure: say` lines; '' in English or without a translation, where
        the name drawn into the figure at load time stands."""
        lang = lang or translation.get_language() or SOURCE
        texts = (self.translations or {}).get(lang) if lang != SOURCE else None
        if not texts or not self.figure_view:
            return ""
        figure = texts.get("figure") or {}
        if figure.get("describe"):
            return str(figure["describe"])
        view = {
            "side": gettext("seen from the side"),
            "front": gettext("seen from the front"),
            "end": gettext("seen from above the head"),
        }.get(self.figure_view, "")
        steps = [str(line) for line in figure.get("say") or []]
        if steps:
            return gettext("%(name)s, %(view)s: %(steps)s, and again.") % {
                "name": texts["name"],
                "view": view,
                "steps": gettext(", then ").join(steps),
            }
        return gettext("%(name)s, %(view)s.") % {"name": texts["name"], "view": view}

    def _titled(self, markup: str) -> str:
        title = self.figure_title()
        return retitled(markup, title) if title and markup else markup

    def figure_svg_here(self) -> str:
        """The animated figure, named in the active language."""
        return self._titled(self.figure_svg)

    def figure_still_here(self) -> str:
        """The still figure, named in the active language."""
        return self._titled(self.figure_still)

    def figure_view_words(self) -> str:
        words = {
            "side": gettext("Seen from the side"),
            "front": gettext("Seen from the front"),
            "end": gettext("Seen from above the head"),
        }
        return words.get(self.figure_view, "")

    # Read the prefetched relations when they are there, so lists stay at a fixed number of queries.
    def equipment_slugs(self) -> list[str]:
        return sorted(tag.slug for tag in self.equipment.all())

    def target_slugs(self) -> list[str]:
        return sorted(tag.slug for tag in self.targets.all())

    def dose_for(self, level: str) -> Dose:
        raw = self.doses[level]
        return Dose(
            sets=raw["sets"],
            reps=raw.get("reps"),
            hold_seconds=raw.get("hold_seconds"),
            duration_seconds=raw.get("duration_seconds"),
            per_side=raw.get("per_side", False),
            rest_seconds=raw.get("rest_seconds", 0),
        )

    def level_doses(self) -> list[tuple[str, Dose]]:
        return [(level.value, self.dose_for(level.value)) for level in LEVELS]

    def steps_with_breathing(self) -> list[tuple[str, list[str]]]:
        cues: dict[int, list[str]] = {}
        for cue in self.breathing:
            cues.setdefault(int(cue["step"]), []).append(str(cue["cue"]))
        return [(step, cues.get(n, [])) for n, step in enumerate(self.steps, start=1)]

    def to_spec(self) -> ExerciseSpec:
        return ExerciseSpec(
            slug=self.slug,
            name=self.name,
            category=Category(self.category),
            position=Position(self.position),
            equipment=frozenset(Equipment(s) for s in self.equipment_slugs()),
            targets=frozenset(Target(s) for s in self.target_slugs()),
            direction=frozenset(Direction(d) for d in self.direction),
            phases=frozenset(Phase(p) for p in self.phase),
            flare_up_ok=self.flare_up_ok,
            difficulty=self.difficulty,
            seconds_per_rep=self.seconds_per_rep,
            doses={level: self.dose_for(level.value) for level in LEVELS},
            easier=tuple(sorted(e.slug for e in self.easier.all())),
            harder=tuple(sorted(e.slug for e in self.harder.all())),
        )

    def to_json(self) -> ExerciseJSON:
        from spinewise.library.schema import DoseJSON, ExerciseJSON

        doses = {}
        for level, dose in self.level_doses():
            doses[level] = DoseJSON(**asdict(dose))
        return ExerciseJSON(
            slug=self.slug,
            name=self.name,
            aliases=list(self.aliases),
            summary=self.summary,
            category=self.category,
            position=self.position,
            equipment=self.equipment_slugs(),
            targets=self.target_slugs(),
            direction=list(self.direction),
            phase=list(self.phase),
            flare_up_ok=self.flare_up_ok,
            difficulty=self.difficulty,
            doses=doses,
            seconds_per_rep=self.seconds_per_rep,
            steps=list(self.steps),
            breathing=[f"Step {cue['step']}: {cue['cue']}" for cue in self.breathing],
            feel=self.feel,
            cautions=list(self.cautions),
            skip_if=list(self.skip_if),
            easier=sorted(e.slug for e in self.easier.all()),
            harder=sorted(e.slug for e in self.harder.all()),
            sources=list(self.sources),
            retired=self.retired,
        )


class ContentVersion(models.Model):
    """The fingerprint of the content folder last loaded, so an unchanged library is not re-read."""

    kind = models.CharField(max_length=20, unique=True)
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:8]}"

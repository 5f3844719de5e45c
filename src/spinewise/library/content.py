"""Read and check content files (YAML) without touching the database.

Every problem names the file, the exercise and the field, so whoever edits the
content can find it. Nothing here imports Django: the loader wraps it in a
transaction, and `python -m spinewise.library.content` checks a folder.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from spinewise.library.schema import ExerciseFile, FieldProblem, SlugFile
from spinewise.library.translations import (
    SOURCE,
    Languages,
    LanguagesError,
    is_translation,
    language_set,
    read_translation,
    split_translation,
)

if TYPE_CHECKING:
    # The figure renderer is imported when a figure is drawn: a command that only reads the
    # database (most of them) starts without it.
    from spinewise.figures import RenderedFigure

# Every exercise must have a figure once all of them are drawn; until then a missing one is allowed.
FIGURE_REQUIRED = True

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=SlugFile)


class ContentError(Exception):
    """A content file that cannot be loaded; the message says where and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _field_path(err: ErrorDetails) -> str:
    parts = [str(part) for part in err["loc"]]
    # A check across fields says which one to fix.
    problem = err.get("ctx", {}).get("error")
    if isinstance(problem, FieldProblem):
        parts.append(problem.field)
    return ".".join(parts) or "(whole file)"


def parse_file(path: Path, model: type[M]) -> M:
    """Parse one YAML file into `model`, or raise ContentError naming file, item and field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError([f"{path.name}: not valid YAML: {exc}"]) from exc
    if not isinstance(raw, dict):
        raise ContentError([f"{path.name}: expected a mapping of fields at the top level"])
    label = raw.get("slug") or "(no slug)"
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{path.name}: {label}: field '{_field_path(err)}': {err['msg']}" for err in exc.errors()]
        raise ContentError(problems) from exc


def yaml_files(folder: Path) -> list[Path]:
    """The items' files: translations (`cat-cow.es.yaml`) and drafts (`_x.yaml`) are not items."""
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_") and not is_translation(p))


def translation_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_") and is_translation(p))


def content_files(folder: Path) -> list[Path]:
    """Every file whose bytes make the folder's content: items, their translations, the languages."""
    files = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_"))
    languages = folder.parent / "languages.yaml"
    return [languages, *files] if languages.is_file() else files


@dataclass(frozen=True)
class Folder(Generic[F]):
    """One content folder read: its files that parsed, and every problem found so far."""

    files: list[tuple[Path, F]]
    problems: list[str]

    @property
    def items(self) -> list[F]:
        return [item for _, item in self.files]

    @property
    def file_names(self) -> dict[str, str]:
        """slug -> the file it came from."""
        return {item.slug: path.name for path, item in self.files}

    def checked(self, more: Iterable[str] = ()) -> list[F]:
        """The items, or ContentError with every problem (these and `more`, found across files)."""
        problems = [*self.problems, *more]
        if problems:
            raise ContentError(problems)
        return self.items


def read_folder(
    folder: Path, model: type[F], check: Callable[[Path, F], Iterable[str]] | None = None
) -> Folder[F]:
    """Parse every YAML file in `folder`: each named after its slug, no slug twice, then `check`ed.

    Problems are collected, not raised, so one run names every broken file.
    """
    problems: list[str] = []
    files: list[tuple[Path, F]] = []
    where: dict[str, str] = {}
    try:
        languages = language_set(folder.parent)
    except LanguagesError as err:
        return Folder([], [str(err)])
    declared_file = (folder.parent / "languages.yaml").is_file()
    by_slug: dict[str, list[Path]] = {}
    for path in translation_files(folder):
        slug, lang = split_translation(path)
        if lang == SOURCE or (declared_file and not languages.allows(lang)):
            problems.append(
                f"{path.name}: {slug}: language '{lang}': not a language declared in languages.yaml"
                f" ({', '.join([*languages.required, *languages.in_progress]) or 'none'})"
            )
            continue
        by_slug.setdefault(slug, []).append(path)
    for path in yaml_files(folder):
        try:
            item = parse_file(path, model)
        except ContentError as err:
            problems.extend(err.problems)
            continue
        if path.stem != item.slug:
            problems.append(f"{path.name}: {item.slug}: field 'slug': must match the file name ({path.stem})")
        if item.slug in where:
            problems.append(f"{path.name}: {item.slug}: field 'slug': already used by {where[item.slug]}")
        where[item.slug] = path.name
        if check is not None:
            problems.extend(check(path, item))
        problems.extend(_attach_translations(path, item, languages, by_slug.pop(path.stem, [])))
        files.append((path, item))
    for slug, paths in sorted(by_slug.items()):
        problems.extend(
            f"{p.name}: {slug}: translation of an item that is not here ({slug}.yaml)" for p in paths
        )
    return Folder(files, problems)


def _attach_translations(path: Path, item: SlugFile, languages: Languages, found: list[Path]) -> list[str]:
    """Read the item's translation files onto it; a declared language without its file is a problem."""
    english = item.texts()
    problems: list[str] = []
    have = {split_translation(p)[1]: p for p in found}
    for lang in languages.required:
        if lang not in have and english:
            problems.append(
                f"{path.name}: {item.slug}: language '{lang}': missing its translation file"
                f" {path.stem}.{lang}.yaml (every declared language must be complete)"
            )
    for lang, file in sorted(have.items()):
        texts, trouble = read_translation(file, english)
        problems.extend(trouble)
        if texts is not None:
            item.translations[lang] = texts
    return problems


_RENDERED: dict[str, RenderedFigure] = {}


def figure_hash(ex: ExerciseFile) -> str:
    """The figure's fingerprint: its content and the renderer's code. Empty without a figure."""
    if ex.figure is None:
        return ""
    from spinewise.figures.render import renderer_fingerprint

    text = f"{renderer_fingerprint()}|{ex.slug}|{ex.name}|{ex.figure.model_dump_json()}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def rendered_figure(ex: ExerciseFile) -> RenderedFigure | None:
    """The exercise's figure drawn and checked, once per content version in this process."""
    if ex.figure is None:
        return None
    key = figure_hash(ex)
    if key not in _RENDERED:
        from spinewise.figures import render_figure

        _RENDERED[key] = render_figure(ex.slug, ex.name, ex.figure)
    return _RENDERED[key]


def figure_problems(path: Path, ex: ExerciseFile, *, required: bool) -> list[str]:
    """What the figure checks refuse, each naming the file, the exercise, the keyframe and the joint."""
    fig = rendered_figure(ex)
    if fig is None:
        if required:
            return [
                f"{path.name}: {ex.slug}: field 'figure': every exercise needs a figure (see AUTHORING.md)"
            ]
        return []
    return [
        f"{path.name}: {ex.slug}: field 'figure': {p.where}: {p.joint}: {p.message}" for p in fig.problems
    ]


def read_exercises(folder: Path, *, figure_required: bool | None = None) -> list[ExerciseFile]:
    """Every exercise in `folder`, checked one by one (its figure too) and against each other."""
    required = FIGURE_REQUIRED if figure_required is None else figure_required
    read = read_folder(folder, ExerciseFile, lambda path, ex: figure_problems(path, ex, required=required))
    where = read.file_names
    problems: list[str] = []
    names: dict[tuple[str, str], str] = {}
    for ex in read.items:
        for lang, texts in [(SOURCE, ex.texts()), *ex.translations.items()]:
            own = [("name", texts["name"]), *(("aliases", alias) for alias in texts.get("aliases", []))]
            for field, name in own:
                key = (lang, name.casefold())
                if key in names and names[key] != ex.slug:
                    at = f"{where[ex.slug]}: {ex.slug}:" + ("" if lang == SOURCE else f" language '{lang}':")
                    problems.append(f"{at} field '{field}': '{name}' is also a name of {names[key]}")
                names[key] = ex.slug
    problems.extend(variant_problems(read.items, where))
    return read.checked(problems)


OTHER_WAY = {"easier": "harder", "harder": "easier"}


def variant_problems(exercises: Sequence[ExerciseFile], where: Mapping[str, str]) -> list[str]:
    """What is wrong with the easier/harder links between exercises, each named on the file that links.

    A link must point at an exercise, go both ways, and never run against difficulty: an easier
    variant may share the exercise's difficulty (a ladder can have more rungs than the three
    levels) but never exceed it. Following harder links must never lead back to where it started,
    and an easier variant of a move safe on a flare-up day must be safe too.
    """
    by_slug = {ex.slug: ex for ex in exercises}
    problems: list[str] = []
    for ex in exercises:
        at = f"{where[ex.slug]}: {ex.slug}"
        for field in ("easier", "harder"):
            for slug in getattr(ex, field):
                variant = by_slug.get(slug)
                if variant is None:
                    problems.append(f"{at}: field '{field}': no exercise has the slug '{slug}'")
                    continue
                back = OTHER_WAY[field]
                linked_back = ex.slug in getattr(variant, back)
                easier = field == "easier"
                inverted = (
                    variant.difficulty > ex.difficulty if easier else variant.difficulty < ex.difficulty
                )
                # A pair linked both ways is reported once, on the easier link.
                if inverted and (easier or not linked_back):
                    problems.append(
                        f"{at}: field '{field}': '{slug}' has difficulty {variant.difficulty}, which is"
                        f" {'above' if easier else 'below'} this exercise's {ex.difficulty}"
                    )
                if not linked_back:
                    problems.append(
                        f"{at}: field '{field}': lists '{slug}', but {where[slug]} does not list"
                        f" '{ex.slug}' under '{back}' (variant links go both ways)"
                    )
                if field == "easier" and ex.flare_up_ok and not variant.flare_up_ok:
                    problems.append(
                        f"{at}: field 'easier': '{slug}' is not flare_up_ok, but this exercise is;"
                        " an easier variant must be at least as gentle"
                    )
    for loop in _harder_loops(by_slug):
        problems.append(
            f"{where[loop[0]]}: {loop[0]}: field 'harder': the harder variants lead back here"
            f" ({' -> '.join(loop)})"
        )
    return problems


def _harder_loops(by_slug: Mapping[str, ExerciseFile]) -> list[list[str]]:
    """Loops in the harder links (one per link that closes a loop), each as the slugs it passes."""
    loops: list[list[str]] = []
    finished: set[str] = set()
    path: list[str] = []

    def walk(slug: str) -> None:
        path.append(slug)
        for nxt in sorted(by_slug[slug].harder):
            if nxt in path:
                loops.append([*path[path.index(nxt) :], nxt])
            elif nxt in by_slug and nxt not in finished:
                walk(nxt)
        path.pop()
        finished.add(slug)

    for slug in sorted(by_slug):
        if slug not in finished:
            walk(slug)
    return loops


def check_folder(argv: list[str], default: str, read: Callable[[Path], Sized], what: str) -> int:
    """A content checker's command line: read the folder given (or the default), print problems or a count."""
    folder = Path(argv[1]) if len(argv) > 1 else Path(default)
    try:
        items = read(folder)
    except ContentError as err:
        print("\n".join(err.problems), file=sys.stderr)
        for lang, slugs in missing_by_language(err.problems).items():
            print(f"{lang}: {len(slugs)} incomplete: {', '.join(slugs)}", file=sys.stderr)
        return 1
    print(f"{len(items)} {what} OK")
    return 0


def missing_by_language(problems: Iterable[str]) -> dict[str, list[str]]:
    """{language: the items whose translation is missing or incomplete}, from the problems found."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        match = _LANGUAGE_PROBLEM.match(problem)
        if match:
            slugs = found.setdefault(match["lang"], [])
            if match["slug"] not in slugs:
                slugs.append(match["slug"])
    return found


_LANGUAGE_PROBLEM = re.compile(r"^[^:]+: (?P<slug>[^:]+): language '(?P<lang>[^']+)':")


def main(argv: list[str]) -> int:
    return check_folder(argv, "content/exercises", read_exercises, "exercises")


if __name__ == "__main__":
    sys.exit(main(sys.argv))

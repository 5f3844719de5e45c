"""What the renderer writes: SVG that parses, is small, shares a page, stops for people who ask,
and prints its first frame; the still; the contact sheet; the command line."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from spinewise.figures import RenderedFigure, contact_sheet, describe, read_figure, render_library
from spinewise.figures.__main__ import main
from spinewise.figures.files import exercise_name, figure_files
from spinewise.figures.schema import Prop
from tests.figure_data import EXERCISES, FIGURES, QUADRUPED, spec

SVG = "{http://www.w3.org/2000/svg}"
SEEDS = {
    "cat-cow",
    "childs-pose",
    "knee-to-chest",
    "bridge",
    "prone-press-up",
    "side-plank",
    "standing-side-bend",
    "supine-bent-knee-rotations",
    "foam-roll-upper-back",
}


@pytest.fixture(scope="module")
def library() -> list[RenderedFigure]:
    items = [(p.stem, exercise_name(p.stem, EXERCISES), read_figure(p)) for p in figure_files(FIGURES)]
    return render_library(items)


def test_the_seed_exercises_all_have_figures_and_each_matches_an_exercise(
    library: list[RenderedFigure],
) -> None:
    slugs = {fig.slug for fig in library}

    assert slugs >= SEEDS
    assert all((EXERCISES / f"{slug}.yaml").is_file() for slug in slugs)


def test_every_figure_passes_every_check(library: list[RenderedFigure]) -> None:
    assert [str(p) for fig in library for p in fig.problems] == []


def test_every_figure_is_well_formed_svg_with_an_accessible_name(library: list[RenderedFigure]) -> None:
    for fig in library:
        root = ET.fromstring(fig.svg)
        assert root.get("role") == "img"
        title = root.find(f"{SVG}title")
        assert title is not None and title.text == fig.description
        assert root.get("aria-labelledby") == title.get("id")
        assert fig.name in fig.description


def test_every_animated_figure_is_under_8_kb_gzipped(library: list[RenderedFigure]) -> None:
    for fig in library:
        assert len(gzip.compress(fig.standalone.encode(), compresslevel=9)) < 8 * 1024, fig.slug
        assert fig.gzipped < 8 * 1024


def test_every_class_id_and_animation_name_carries_the_figures_prefix(library: list[RenderedFigure]) -> None:
    prefixes = set()
    for fig in library:
        prefix = f"f-{fig.slug}"
        prefixes.add(prefix)
        root = ET.fromstring(fig.svg)
        for el in root.iter():
            for name in (el.get("class") or "").split():
                assert name.startswith(prefix), (fig.slug, name)
            if el.get("id"):
                assert el.get("id", "").startswith(prefix)
        for name in re.findall(r"@keyframes ([\w-]+)", fig.css):
            assert name.startswith(prefix + "-")
        rules = re.sub(r"@keyframes [\w-]+\{(?:[^{}]*\{[^{}]*\})*\}", "", fig.css)
        rules = re.sub(r"@media [^{]*\{", "", rules)
        for selector in re.findall(r"(?:^|\})([^{}]+)\{", rules):
            for part in selector.split(","):
                assert prefix in part, (fig.slug, part)
    assert len(prefixes) == len(library)


def test_motion_stops_for_reduced_motion_and_for_a_pause_control(library: list[RenderedFigure]) -> None:
    for fig in library:
        prefix = f"f-{fig.slug}"
        assert (
            f"@media (prefers-reduced-motion:reduce){{.{prefix}:not([data-play]) g{{animation-play-state:paused}}}}"
            in fig.css
        )
        assert f".{prefix}[data-paused] g,[data-paused] .{prefix} g{{animation-play-state:paused}}" in fig.css


def test_the_first_frame_is_also_the_static_transform_so_print_draws_the_start(
    library: list[RenderedFigure],
) -> None:
    for fig in library:
        starts = dict(re.findall(r"@keyframes ([\w-]+)\{0%,100%\{transform:([^}]*)\}", fig.css))
        assert starts, fig.slug
        root = ET.fromstring(fig.svg)
        for el in root.iter(f"{SVG}g"):
            name = el.get("class")
            if name in starts:
                css = starts[name].replace("deg", "").replace("px", "").replace(",", " ").replace(") ", ")")
                assert css == el.get("transform", "").replace(") ", ")"), (fig.slug, name)


def test_markup_carries_no_style_so_a_strict_content_security_policy_allows_it(
    library: list[RenderedFigure],
) -> None:
    for fig in library:
        for markup in (fig.svg, fig.still):
            root = ET.fromstring(markup)
            assert root.find(f".//{SVG}style") is None, fig.slug
            assert all(el.get("style") is None for el in root.iter()), fig.slug
        assert "<style>" in fig.standalone and fig.css in fig.standalone
        # Colours are presentation attributes, so a still needs no stylesheet to be seen.
        painted = [el for el in ET.fromstring(fig.still).iter() if el.get("fill") == "#1b7f6e"]
        assert painted, fig.slug


def test_the_still_shows_the_start_faint_the_end_solid_and_an_arrow(library: list[RenderedFigure]) -> None:
    for fig in library:
        root = ET.fromstring(fig.still)
        faint = [g for g in root.iter(f"{SVG}g") if g.get("opacity") == ".3"]
        assert len(faint) == 1, fig.slug
        prefix = f"s-{fig.slug}"
        assert root.findall(f"{SVG}path[@class='{prefix}-a']") and root.findall(
            f"{SVG}path[@class='{prefix}-k']"
        )
        solid = [g for g in root if g.tag == f"{SVG}g" and g.get("class") == f"{prefix}-b"]
        assert solid, fig.slug
        assert "@keyframes" not in fig.still


def test_the_contact_sheet_shows_every_figure_with_its_name_and_view(library: list[RenderedFigure]) -> None:
    html = contact_sheet(library)

    for fig in library:
        assert f'<figure id="{fig.slug}"' in html
        assert f"<strong>{fig.name.replace(chr(39), '&#x27;')}</strong>" in html
        assert f"{fig.view} view" in html
    assert html.count("<svg") == 2 * len(library)
    assert 'id="pause"' in html and "data-paused" in html
    assert f"{len(library)} figures, all checks pass" in html


def test_the_description_is_built_from_the_keyframes_when_not_written() -> None:
    text = describe(spec(QUADRUPED), "Cat-Cow")

    assert text == "Cat-Cow, seen from the side: the back arches, then the back rounds, and again."


def test_check_command_passes_the_library_and_refuses_a_broken_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(FIGURES)]) == 0
    assert "refused" in capsys.readouterr().out

    broken = tmp_path / "figures"
    broken.mkdir()
    (broken / "cat-cow.yaml").write_text(
        "view: side\nkeyframes:\n  - {at: 0, near: {knee: 170}}\n  - {at: 0.5}\n"
    )
    assert main(["check", str(broken), "--exercises", str(EXERCISES)]) == 1
    out = capsys.readouterr().out
    assert "cat-cow: keyframe 1 (at 0): near.knee: 170 degrees is outside its range" in out
    assert "1 figures checked, 1 refused" in out


def test_render_and_sheet_commands_write_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, still, sheet = tmp_path / "cc.svg", tmp_path / "cc-still.svg", tmp_path / "sheet.html"

    assert main(["render", str(FIGURES / "cat-cow.yaml"), str(svg)]) == 0
    assert main(["render", str(FIGURES / "cat-cow.yaml"), str(still), "--still"]) == 0
    assert main(["sheet", str(FIGURES), str(sheet)]) == 0

    assert "@keyframes" in svg.read_text() and "@keyframes" not in still.read_text()
    assert "Cat-Cow" in sheet.read_text()
    assert "bytes gzipped" in capsys.readouterr().out


def test_pose_command_prints_the_angles_as_drawn(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pose", str(FIGURES / "cat-cow.yaml")]) == 0
    out = capsys.readouterr().out

    assert "keyframe 1 (at 0):" in out
    assert "    near: {hip: " in out and "    lumbar: -18" in out


def guide_figures() -> list[str]:
    guide = (
        Path(__file__).resolve().parent.parent / "src" / "spinewise" / "figures" / "AUTHORING.md"
    ).read_text()
    return [block for block in re.findall(r"```yaml\n(.*?)```", guide, re.S) if block.startswith("view:")]


def test_every_figure_in_the_authoring_guide_passes_the_checks() -> None:
    import yaml

    blocks = guide_figures()
    assert len(blocks) >= 8
    for number, block in enumerate(blocks, start=1):
        fig = render_figure_from(yaml.safe_load(block), f"guide-{number}")
        assert fig.problems == [], (number, [str(p) for p in fig.problems])
        assert fig.warnings == [], (number, fig.warnings)


def render_figure_from(data: dict[str, object], slug: str) -> RenderedFigure:
    from spinewise.figures import parse_figure, render_figure

    return render_figure(slug, slug, parse_figure(data, slug))


def test_print_renderers_get_plain_colours_and_the_start_pose(library: list[RenderedFigure]) -> None:
    from weasyprint import HTML

    for fig in library:
        # WeasyPrint paints a var() fill black, and ignores @keyframes: it draws the transforms.
        assert "var(" not in fig.svg and "var(" not in fig.still
    pdf = HTML(string=f"<html><body>{library[0].standalone}{library[0].still}</body></html>").write_pdf()
    assert pdf is not None and pdf.startswith(b"%PDF")


def test_every_exercise_has_a_figure() -> None:
    import yaml

    missing = []
    from spinewise.library.content import yaml_files

    for path in yaml_files(EXERCISES):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "figure" not in data and not (FIGURES / path.name).is_file():
            missing.append(path.stem)

    assert len(yaml_files(EXERCISES)) >= 77
    assert missing == []


def test_the_guides_props_example_reads_as_written() -> None:
    import yaml

    guide = (Path(__file__).resolve().parent.parent / "src/spinewise/figures/AUTHORING.md").read_text()
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", guide, re.S) if b.startswith("props:")]
    props = [Prop.model_validate(raw) for raw in yaml.safe_load(block)["props"]]

    [strap] = [p for p in props if p.kind == "strap"]
    assert (strap.on, strap.to) == ("near.foot", "near.hand")

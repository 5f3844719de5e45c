"""The `figure:` block schema: what an author may write, and how a mistake is named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spinewise.figures import FigureFileError, parse_figure, read_figure
from tests.figure_data import QUADRUPED, figure


def refusal(data: dict[str, Any]) -> str:
    with pytest.raises(FigureFileError) as refused:
        parse_figure(data, "cat-cow")
    return "\n".join(refused.value.problems)


def keyframes_with(**changes: Any) -> list[dict[str, Any]]:
    keys: list[dict[str, Any]] = figure(QUADRUPED)["keyframes"]
    keys[1].update(changes)
    return keys


def test_it_accepts_a_valid_figure() -> None:
    spec = parse_figure(QUADRUPED, "cat-cow")

    assert spec.view == "side"
    assert spec.keyframes[1].angles()["near.shoulder"] == 100
    assert spec.keyframes[1].angles()["far.shoulder"] == 100


def test_both_sets_each_side_and_near_or_far_overrides_it() -> None:
    keys = keyframes_with(both={"hip": 50}, far={"hip": 60})
    spec = parse_figure(figure(QUADRUPED, keyframes=keys), "cat-cow")

    assert spec.keyframes[1].angles()["near.hip"] == 50
    assert spec.keyframes[1].angles()["far.hip"] == 60


def test_a_flat_contact_frees_the_joint_that_turns_it() -> None:
    spec = parse_figure(QUADRUPED, "cat-cow")

    assert {"near.wrist", "far.wrist", "near.ankle", "far.ankle"} <= set(spec.free_channels())


def test_it_names_an_unknown_body_point() -> None:
    keys = keyframes_with(contacts={"near.paw": "floor"})

    assert "keyframe 2: contact 'near.paw' is not a body point" in refusal(figure(QUADRUPED, keyframes=keys))


def test_it_names_a_contact_with_nothing_to_touch() -> None:
    keys = keyframes_with(contacts={"near.hand": "table"})

    assert "near.hand touches 'table'" in refusal(figure(QUADRUPED, keyframes=keys))


def test_it_names_an_unknown_joint_in_free() -> None:
    assert "`free` lists 'near.tail'" in refusal(figure(QUADRUPED, free=["near.tail"]))


def test_keyframes_start_at_zero_and_move_forward() -> None:
    late = figure(QUADRUPED)
    late["keyframes"][0]["at"] = 0.1
    backwards = figure(QUADRUPED)
    backwards["keyframes"][1]["at"] = 0

    assert "the first keyframe must be at 0" in refusal(late)
    assert "keyframe times must increase" in refusal(backwards)


def test_it_names_the_field_of_a_wrong_value() -> None:
    keys = keyframes_with(lumbar="a lot")

    assert "figure field 'keyframes.1.lumbar'" in refusal(figure(QUADRUPED, keyframes=keys))


def test_it_refuses_an_unknown_field() -> None:
    assert "figure field 'colour'" in refusal(figure(QUADRUPED, colour="red"))


def test_a_prop_needs_a_place_and_a_strap_needs_its_ends() -> None:
    assert "exactly one of `x` (cm) or `at`" in refusal(figure(QUADRUPED, props=[{"kind": "roller"}]))
    assert "needs `on` and `to`" in refusal(figure(QUADRUPED, props=[{"kind": "strap", "on": "near.hand"}]))


def test_two_props_may_not_share_a_name() -> None:
    props = [{"kind": "roller", "x": 0}, {"kind": "roller", "x": 40}]

    assert "two props share a name" in refusal(figure(QUADRUPED, props=props))


def test_fold_and_behind_name_real_segments() -> None:
    assert "`fold` names 'near.tail'" in refusal(figure(QUADRUPED, fold={"near.tail": 30}))
    assert "`behind` names 'pelvis'" in refusal(figure(QUADRUPED, behind=["pelvis"]))


def test_a_slide_must_be_one_of_the_keyframes_contacts() -> None:
    keys = keyframes_with(slide=["head"])

    assert "slide lists 'head'" in refusal(figure(QUADRUPED, keyframes=keys))


def test_a_file_that_is_not_yaml_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cat-cow.yaml"
    path.write_text("view: [side\n", encoding="utf-8")

    with pytest.raises(FigureFileError) as refused:
        read_figure(path)
    assert refused.value.problems[0].startswith("cat-cow.yaml: not valid YAML")


def test_a_bare_yaml_on_key_is_read_as_on() -> None:
    import yaml

    # YAML 1.1 reads a bare `on:` as the boolean true; the guide writes it bare.
    raw = yaml.safe_load("{kind: strap, on: near.foot, to: near.hand}")
    assert True in raw
    spec = parse_figure(figure(QUADRUPED, props=[raw]), "cat-cow")

    assert spec.props[0].on == "near.foot"
    assert spec.props[0].to == "near.hand"
    assert parse_figure(
        figure(QUADRUPED, props=[{"kind": "strap", "on": "near.foot", "to": "near.hand"}]), "x"
    )


def test_on_given_both_bare_and_quoted_is_refused() -> None:
    twice = {True: "near.foot", "on": "near.knee", "kind": "strap", "to": "near.hand"}

    assert "`on` is given twice" in refusal(figure(QUADRUPED, props=[twice]))


def test_a_fold_may_pass_square_but_not_turn_all_the_way_round() -> None:
    assert parse_figure(figure(QUADRUPED, fold={"near.thigh": 125}), "cat-cow").fold["near.thigh"] == 125
    assert "fold.near.thigh" in refusal(figure(QUADRUPED, fold={"near.thigh": 175}))

"""Each check refuses a broken figure for the right reason, naming the exercise, moment and joint."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from spinewise.figures import Problem, render_figure
from spinewise.figures.checks import check_all, svg_problems
from spinewise.figures.kinematics import CHANNEL_INDEX, Frame, Skeleton
from spinewise.figures.motion import build
from spinewise.figures.svg import extent, frame
from spinewise.figures.tracks import animate
from tests.figure_data import QUADRUPED, STANDING, figure, spec


def problems(data: dict[str, Any], slug: str = "broken") -> list[Problem]:
    return render_figure(slug, "Broken", spec(data)).problems


def only(found: list[Problem], words: str) -> list[Problem]:
    return [p for p in found if words in p.message]


def test_a_sound_figure_passes_every_check() -> None:
    assert problems(QUADRUPED) == []


def test_a_limb_that_changes_length_is_refused() -> None:
    class Stretchy(Skeleton):
        """A broken body whose shin grows as the hip bends."""

        def frames(self, pose: Sequence[float]) -> list[Frame]:
            out = super().frames(pose)
            foot = out[self.index["near.foot"]]
            grow = pose[CHANNEL_INDEX["near.hip"]] / 10
            out[self.index["near.foot"]] = Frame(foot.x, foot.y + grow, foot.cos, foot.sin, foot.angle)
            return out

    motion = build(spec(QUADRUPED))
    motion.skeleton.__class__ = Stretchy
    anim = animate(motion)
    found = check_all(motion, anim, frame(motion, extent(motion, anim)), "cat-cow")

    [stretched] = only(found, "changes length")
    assert stretched.exercise == "cat-cow"
    assert stretched.joint == "near.shank-near.foot"


def test_an_svg_that_animates_more_than_rotations_is_refused() -> None:
    svg = render_figure("cat-cow", "Cat-Cow", spec(QUADRUPED)).css
    tampered = svg.replace("{transform:rotate(", "{transform:scale(1.2) rotate(", 1)

    assert svg_problems(svg, "cat-cow") == []
    [problem] = svg_problems(tampered, "cat-cow")
    assert "only rotations keep limbs their length" in problem.message
    assert problem.exercise == "cat-cow"


def test_a_body_below_the_floor_is_refused() -> None:
    # Standing, yet told to rest the head on the floor: the rest of the body goes under it.
    keys = figure(STANDING)["keyframes"]
    keys[1]["contacts"] = {"head": "floor"}

    found = only(problems(figure(STANDING, keyframes=keys)), "below the floor")

    assert found, "a figure under the floor must be refused"
    assert found[0].where.startswith(("keyframe 2 (at 0.5)", "between keyframes 1 and 2"))


def test_a_contact_that_does_not_touch_is_refused() -> None:
    # Lying face up with an arm raised to the ceiling, yet the hand should touch the floor.
    lying = {
        "view": "side",
        "keyframes": [
            {
                "at": 0,
                "pelvis": {"tilt": -86},
                "lumbar": -10,
                "neck": -6,
                "near": {"shoulder": 90},
                "contacts": {"pelvis": "floor", "upper-back": "floor", "near.hand": "floor"},
            },
            {"at": 0.5, "contacts": {"pelvis": "floor", "upper-back": "floor"}},
        ],
    }
    found = only(problems(lying), "should touch floor")

    assert any(p.joint == "near.hand" and p.where == "keyframe 1 (at 0)" for p in found), found


def test_a_planted_hand_that_drifts_is_refused() -> None:
    # Without free joints, arching and rounding cannot keep the hands and knees where they were.
    found = problems(figure(QUADRUPED, free=[]))
    drifting = only(found, "drifts") + only(found, "cannot reach")

    assert {p.joint for p in drifting} & {"near.hand", "near.knee", "near.instep"}
    assert any(p.where.startswith(("keyframe 2", "between keyframes")) for p in drifting)


def test_a_joint_outside_its_range_is_refused() -> None:
    keys = figure(QUADRUPED)["keyframes"]
    keys[1]["both"]["knee"] = 170

    found = only(problems(figure(QUADRUPED, keyframes=keys)), "outside its range")

    knee = [p for p in found if p.joint == "near.knee"]
    assert knee and "-5 to 160" in knee[0].message and "AAOS" in knee[0].message


def test_a_loop_that_does_not_close_is_refused() -> None:
    keys = figure(STANDING)["keyframes"]
    keys.append({"at": 1.0, "lumbar": 20, "contacts": {"near.foot": "floor", "far.foot": "floor"}})

    found = only(problems(figure(STANDING, keyframes=keys)), "does not close")

    assert [p.joint for p in found] == ["lumbar"]
    assert found[0].where == "keyframe 3 (at 1)"


def test_a_joint_that_jumps_between_samples_is_refused() -> None:
    keys = figure(STANDING)["keyframes"]
    keys.append(
        {"at": 0.51, "near": {"shoulder": 90}, "contacts": {"near.foot": "floor", "far.foot": "floor"}}
    )

    found = only(problems(figure(STANDING, keyframes=keys)), "jumps")

    assert found[0].joint == "near.shoulder"
    assert "jumps 90 degrees" in found[0].message


def test_a_figure_that_wanders_off_is_refused() -> None:
    # Nothing planted holds it: the pelvis walks almost three metres in one loop.
    walking = {"keyframes": [{"at": 0}, {"at": 0.5, "pelvis": {"x": 290}}]}

    found = only(problems(walking), "wanders off")

    assert found and found[0].joint == "frame"


def test_a_body_pressed_into_a_prop_is_refused() -> None:
    found = only(problems(figure(STANDING, props=[{"kind": "roller", "x": 0}])), "into the roller")

    assert found and found[0].where == "keyframe 1 (at 0)"


def test_the_solver_warns_when_it_moves_an_authored_angle_far() -> None:
    keys = figure(QUADRUPED)["keyframes"]
    keys[1]["pelvis"] = {"tilt": 80}

    warnings = render_figure("cat-cow", "Cat-Cow", spec(figure(QUADRUPED, keyframes=keys))).warnings

    assert any("keyframe 2 (at 0.5): tilt: the contact solver moved it" in w for w in warnings), warnings


def test_a_problem_reads_as_exercise_moment_joint_and_reason() -> None:
    problem = Problem("cat-cow", "keyframe 2 (at 0.5)", "near.knee", "170 degrees is outside its range")

    assert str(problem) == "cat-cow: keyframe 2 (at 0.5): near.knee: 170 degrees is outside its range"


def test_a_strap_held_in_the_hand_ends_in_the_hand() -> None:
    import yaml

    from tests.figure_data import FIGURES

    data = yaml.safe_load((FIGURES / "supine-hamstring-stretch.yaml").read_text(encoding="utf-8"))["figure"]
    data["props"][1]["to"] = "near.hand"
    for key in data["keyframes"]:
        if "contacts" in key:
            key["contacts"] = {
                {"near.fingers": "near.hand", "far.fingers": "far.hand"}.get(point, point): target
                for point, target in key["contacts"].items()
            }
    motion = build(spec(data))
    skel = motion.skeleton
    # The strap hangs from the foot; its end is carried in the foot's frame.
    _on, (seg, ex, ey, _r) = motion.straps["towel"]

    # In every sample the end lies in each closed hand, midway between the palm and the fingers.
    for pose in motion.samples:
        frames = skel.frames(pose)
        end = frames[seg].to_world(ex, ey)
        for side in ("near", "far"):
            a, b = (skel.local(c) for c in skel.body.points[f"{side}.hand"])
            middle = frames[a[0]].to_world((a[1] + b[1]) / 2, (a[2] + b[2]) / 2)
            assert math.hypot(end[0] - middle[0], end[1] - middle[1]) < 1.0, side
    assert problems(data, "supine-hamstring-stretch") == []

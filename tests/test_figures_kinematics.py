"""Forward kinematics of the figure body: known poses put the joints where anatomy says.

Heights are Winter's (2009) fractions of standing height: hip 0.530, knee 0.285, ankle 0.039,
shoulder 0.818 of H. The figure's y axis points down, the floor is at y = 0.
"""

from __future__ import annotations

import math

import pytest

from spinewise.figures.body import FOREARM, HEIGHT_CM, SHANK, THIGH, UPPER_ARM
from spinewise.figures.kinematics import CHANNEL_INDEX, Skeleton, joint_positions, pose_from
from spinewise.figures.motion import build, lowest
from tests.figure_data import STANDING, spec

H = HEIGHT_CM


def close(a: tuple[float, float], b: tuple[float, float], tol: float = 0.05) -> bool:
    return math.hypot(a[0] - b[0], a[1] - b[1]) < tol


def test_it_stands_at_the_heights_of_winters_tables() -> None:
    motion = build(spec(STANDING))
    joints = joint_positions(motion.skeleton, motion.solved[0])

    assert -joints["near.thigh"][1] == pytest.approx(0.530 * H, rel=0.02)  # hip
    assert -joints["near.shank"][1] == pytest.approx(0.285 * H, rel=0.03)  # knee
    assert -joints["near.foot"][1] == pytest.approx(0.039 * H, rel=0.05)  # ankle
    assert -joints["near.upper-arm"][1] == pytest.approx(0.818 * H, rel=0.02)  # shoulder
    top = lowest_top(motion.skeleton, motion.solved[0])
    assert top == pytest.approx(H, rel=0.02)


def lowest_top(skel: Skeleton, pose: list[float]) -> float:
    frames = skel.frames(pose)
    return max(-(frames[seg].to_world(x, y)[1] - r) for seg, x, y, r in skel.hull)


def test_a_hip_flexed_to_90_points_the_thigh_forward() -> None:
    skel = Skeleton("side")
    joints = joint_positions(skel, pose_from({"near.hip": 90}))

    # The person faces +x: the knee goes forward, level with the hip.
    assert close(joints["near.shank"], (THIGH, 0))
    # The far leg did not move.
    assert close(joints["far.shank"], (0, THIGH))


def test_a_bent_knee_drops_the_shank_under_a_forward_thigh() -> None:
    skel = Skeleton("side")
    joints = joint_positions(skel, pose_from({"near.hip": 90, "near.knee": 90}))

    assert close(joints["near.foot"], (THIGH, SHANK))


def test_a_tilt_of_90_lays_the_trunk_forward_and_the_legs_back() -> None:
    skel = Skeleton("side")
    joints = joint_positions(skel, pose_from({"tilt": 90}))

    assert close(joints["lumbar"], (0.07 * H, 0))
    assert close(joints["near.shank"], (-THIGH, 0))


def test_shoulder_flexion_raises_the_arm_forward_and_the_elbow_bends_it_up() -> None:
    skel = Skeleton("side")
    straight = joint_positions(skel, pose_from({}))
    raised = joint_positions(skel, pose_from({"near.shoulder": 90, "near.elbow": 90}))
    shoulder = straight["near.upper-arm"]

    assert close(raised["near.forearm"], (shoulder[0] + UPPER_ARM, shoulder[1]))
    assert close(raised["near.hand"], (shoulder[0] + UPPER_ARM, shoulder[1] - FOREARM))


def test_in_the_front_view_the_right_side_is_on_the_left_and_abduction_moves_it_out() -> None:
    skel = Skeleton("front")
    joints = joint_positions(skel, pose_from({"near.hip": 30, "far.hip": 30}))

    near_knee, far_knee = joints["near.shank"], joints["far.shank"]
    assert near_knee[0] < -0.05 * H < 0.05 * H < far_knee[0]
    assert near_knee[0] == pytest.approx(-0.05 * H - THIGH * math.sin(math.radians(30)), abs=0.05)
    assert near_knee[1] == pytest.approx(far_knee[1])


def test_in_the_end_view_the_knees_point_up_and_tip_to_the_side() -> None:
    skel = Skeleton("end")
    upright = joint_positions(skel, pose_from({}))
    tipped = joint_positions(skel, pose_from({"near.hip": 30}))

    assert close(upright["near.shank"], (0.05 * H, -THIGH))
    assert tipped["near.shank"][0] > upright["near.shank"][0]


def test_a_fold_shortens_a_segment_seen_out_of_the_plane() -> None:
    skel = Skeleton("front", {"near.thigh": 60})
    joints = joint_positions(skel, pose_from({}))

    assert joints["near.shank"][1] == pytest.approx(THIGH * 0.5, abs=0.05)


def test_the_jacobian_matches_a_finite_difference() -> None:
    skel = Skeleton("side")
    pose = pose_from({"tilt": 30, "lumbar": 10, "near.shoulder": 40, "near.elbow": 20}, x=3, y=-50)
    unknowns = [0, 1, CHANNEL_INDEX["tilt"], CHANNEL_INDEX["lumbar"], CHANNEL_INDEX["near.shoulder"]]
    seg = skel.index["near.hand"]
    frames = skel.frames(pose)
    point = frames[seg].to_world(2, 10)
    dx, dy = skel.jacobian(frames, seg, point, unknowns)
    for k, u in enumerate(unknowns):
        moved = list(pose)
        moved[u] += 1e-4
        after = skel.frames(moved)[seg].to_world(2, 10)
        assert (after[0] - point[0]) / 1e-4 == pytest.approx(dx[k], abs=1e-3)
        assert (after[1] - point[1]) / 1e-4 == pytest.approx(dy[k], abs=1e-3)


def test_a_grounded_figure_rests_its_lowest_point_on_the_floor() -> None:
    motion = build(spec(STANDING))
    for pose in motion.samples:
        deepest, _ = lowest(motion.skeleton, motion.skeleton.frames(pose))
        assert deepest == pytest.approx(0, abs=0.2)


def test_a_thigh_folded_past_square_points_up_at_us_and_the_leg_turns_about_the_foot() -> None:
    # Sitting with the knees up, seen from the front: the thigh comes up towards us (hip flexed
    # 125) and the shin goes back down to the foot, so the leg turns in one piece about the line
    # from hip to foot, and the hip's in-plane turn swings the knee with lengths unchanged.
    fold = {"near.thigh": 125, "near.shank": 39}
    skel = Skeleton("front", fold)
    up = joint_positions(skel, pose_from({}))
    hip, knee, ankle = up["near.thigh"], up["near.shank"], up["near.foot"]

    assert knee[1] == pytest.approx(hip[1] + THIGH * math.cos(125 * math.pi / 180))  # above the hip
    assert knee[0] == pytest.approx(hip[0])
    assert ankle[1] == pytest.approx(knee[1] + SHANK * math.cos(39 * math.pi / 180))

    out = joint_positions(skel, pose_from({"near.hip": -45}))
    # The knee swings out to the person's right (the screen's left) and down, the foot barely moves.
    assert out["near.shank"][0] < knee[0] - 15
    assert out["near.shank"][1] > knee[1] + 5
    assert math.hypot(out["near.foot"][0] - ankle[0], out["near.foot"][1] - ankle[1]) < 7


def test_a_flexed_thighs_turn_seen_from_the_front_is_checked_as_hip_rotation() -> None:
    from spinewise.figures.body import range_of
    from spinewise.figures.views import BODIES

    front = BODIES["front"]
    abduction = range_of(front, "near.hip")
    rotation = range_of(front, "near.hip", {"near.thigh": 125})
    knee = range_of(front, "far.knee", {"far.thigh": 125})
    assert abduction and rotation and knee
    assert (abduction.lo, abduction.hi) == (-30, 45)
    assert (rotation.lo, rotation.hi) == (-45, 45)
    assert "rotation" in rotation.what
    assert "projection" in knee.source
    # The other leg and the side view are untouched.
    assert range_of(front, "far.hip", {"near.thigh": 125}) == abduction
    assert range_of(BODIES["side"], "near.hip", {"near.thigh": 125}) == BODIES["side"].ranges["hip"]


def test_a_leg_pointing_up_at_us_is_drawn_in_front_of_the_trunk() -> None:
    plain = Skeleton("front").body
    seated = Skeleton("front", {"near.thigh": 125, "far.thigh": 125}).body
    order = [layer[0] for layer in seated.layers]

    assert [layer[0] for layer in plain.layers].index("pelvis") > 0
    assert order.index("pelvis") < order.index("far.thigh") < order.index("near.thigh")
    assert {order.index("far.thigh"), order.index("near.thigh")} <= seated.halo
    assert sorted(name for layer in seated.layers for name in layer) == sorted(
        name for layer in plain.layers for name in layer
    )

"""Checks that catch a wrong body. Each problem names the exercise, the moment and the joint.

They judge the animation as the browser plays it (the tracks, interpolated linearly between
their keyframes), at every sample and halfway between samples.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from spinewise.figures.body import CHANNELS, range_of
from spinewise.figures.kinematics import CHANNEL_INDEX, Pose, X, Y
from spinewise.figures.motion import Constraint, Motion, lowest
from spinewise.figures.svg import Box, hull_box, union
from spinewise.figures.tracks import Animation, check_times, pose_at

LENGTH_TOLERANCE = 0.1  # cm
BELOW_FLOOR = 0.5  # cm: "nothing more than a few millimetres below the floor"
INTO_PROP = 1.0  # cm a soft body may press into a prop
CONTACT_GAP = 2.0  # cm between a declared contact and its surface
PLANTED_DRIFT = 2.0  # cm a planted hand, knee or foot may move
JUMP = 30.0  # degrees between two samples
LOOP = 0.5  # degrees (and cm) between the loop's end and its start
MAX_FRAME = (320.0, 240.0)  # cm: a motion that needs more has wandered off

Report = Callable[[float, str, str, str], None]


@dataclass(frozen=True)
class Problem:
    exercise: str
    where: str
    joint: str
    message: str

    def __str__(self) -> str:
        return f"{self.exercise}: {self.where}: {self.joint}: {self.message}"


def where(motion: Motion, t: float) -> str:
    keys = motion.spec.keyframes
    for i, key in enumerate(keys, start=1):
        if abs(key.at - t) < 1e-6:
            return f"keyframe {i} (at {key.at:g})"
    if t >= 1 - 1e-9:
        return "keyframe 1 (at 0, end of the loop)"
    i = motion.interval(t)
    j = i + 2 if i + 1 < len(keys) else 1
    return f"between keyframes {i + 1} and {j} ({t * motion.spec.seconds:.1f} s)"


def _distance(motion: Motion, c: Constraint, pose: Pose) -> tuple[float, float]:
    """(gap to its surface or partner, drift from its anchor) for one contact circle."""
    gap, drift = _signed(motion, c, pose)
    return abs(gap), drift


def _gap_words(gap: float, target: str) -> str:
    return f"{gap:.1f} cm off the {target}" if gap > 0 else f"{-gap:.1f} cm into the {target}"


def _signed(motion: Motion, c: Constraint, pose: Pose) -> tuple[float, float]:
    """Like _distance, but a contact pressed into its surface has a negative gap."""
    skel = motion.skeleton
    frames = skel.frames(pose)
    seg, lx, ly, r = c.circle
    p = frames[seg].to_world(lx, ly)
    drift = math.hypot(p[0] - c.anchor[0], p[1] - c.anchor[1]) if c.anchor else 0.0
    if c.kind in ("touch", "pin"):
        assert c.surface is not None
        return c.surface.distance(p)[0] - r, drift
    assert c.other is not None
    oseg, ox, oy, orad = c.other
    q = frames[oseg].to_world(ox, oy)
    gap = math.hypot(p[0] - q[0], p[1] - q[1])
    return (gap if c.kind == "grip" else gap - r - orad), drift


def check(motion: Motion, anim: Animation, box: Box, exercise: str) -> list[Problem]:
    """Every problem with this figure; empty when it is fit to show."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()

    def report(t: float, joint: str, kind: str, message: str) -> None:
        # One report per joint and kind of fault: the first moment it happens.
        if (joint, kind) not in seen:
            seen.add((joint, kind))
            problems.append(Problem(exercise, where(motion, t), joint, message))

    skel = motion.skeleton
    times = check_times(motion)
    poses = [pose_at(motion, anim, t) for t in times]
    reference = _lengths(motion, poses[0])
    for t, pose in zip(times, poses, strict=True):
        for name, length in _lengths(motion, pose).items():
            if abs(length - reference[name]) > LENGTH_TOLERANCE:
                report(t, name, "length", f"changes length from {reference[name]:.1f} to {length:.1f} cm")
        frames = skel.frames(pose)
        deepest, segment = lowest(skel, frames)
        if deepest > BELOW_FLOOR:
            report(t, segment, "floor", f"is {deepest:.1f} cm below the floor")
        _into_props(motion, pose, t, report)
        for c in motion.constraints_at(min(t, 1.0 - 1e-9) if t < 1 else 0.0):
            gap, drift = _signed(motion, c, pose)
            if abs(gap) > CONTACT_GAP:
                report(t, c.point, "contact", f"should touch {c.target} but is {_gap_words(gap, c.target)}")
            if drift > PLANTED_DRIFT:
                report(t, c.point, "planted", f"is planted on {c.target} but drifts {drift:.1f} cm")
        for name in CHANNELS:
            limits = range_of(motion.body, name, motion.spec.fold)
            value = pose[CHANNEL_INDEX[name]]
            if limits and not limits.lo - 0.5 <= value <= limits.hi + 0.5:
                report(
                    t,
                    name,
                    "range",
                    f"{value:.0f} degrees is outside its range {limits.lo:g} to {limits.hi:g} ({limits.what}; {limits.source})",
                )
    _check_jumps(motion, report)
    _check_loop(motion, anim, report)
    body_box: Box = (math.inf, math.inf, -math.inf, -math.inf)
    for pose in poses:
        body_box = union(body_box, hull_box(skel, pose))
    _check_frame(body_box, box, report)
    return problems


def _lengths(motion: Motion, pose: Pose) -> dict[str, float]:
    skel = motion.skeleton
    frames = skel.frames(pose)
    out: dict[str, float] = {}
    for i, p in enumerate(skel.parent):
        if p >= 0:
            name = f"{skel.segments[p].name}-{skel.segments[i].name}"
            out[name] = math.hypot(frames[i].x - frames[p].x, frames[i].y - frames[p].y)
    return out


def _into_props(motion: Motion, pose: Pose, t: float, report: Report) -> None:
    if not any(placed.surfaces for placed in motion.props.values()):
        return
    skel = motion.skeleton
    frames = skel.frames(pose)
    for circle in skel.body.hull:
        seg, lx, ly, r = skel.local(circle)
        p = frames[seg].to_world(lx, ly)
        for label, placed in motion.props.items():
            if placed.surfaces and placed.clearance(p) - r < -INTO_PROP:
                depth = r - placed.clearance(p)
                report(t, circle.segment, f"into {label}", f"sinks {depth:.1f} cm into the {label}")


def _check_jumps(motion: Motion, report: Report) -> None:
    samples = [*motion.samples, motion.samples[0]]
    times = [*motion.times, 1.0]
    for (t0, a), (_t1, b) in zip(
        zip(times, samples, strict=True), zip(times[1:], samples[1:], strict=True), strict=False
    ):
        for name in CHANNELS:
            k = CHANNEL_INDEX[name]
            if abs(b[k] - a[k]) > JUMP:
                report(t0, name, "jump", f"jumps {abs(b[k] - a[k]):.0f} degrees between two samples")


def _check_loop(motion: Motion, anim: Animation, report: Report) -> None:
    keys = motion.spec.keyframes
    if keys[-1].at >= 1.0:
        first, last = motion.authored[0], motion.authored[-1]
        for name in CHANNELS:
            k = CHANNEL_INDEX[name]
            if abs(first[k] - last[k]) > LOOP:
                report(
                    1.0,
                    name,
                    "loop",
                    f"the loop does not close: {last[k]:g} at the end, {first[k]:g} at the start",
                )
    start, end = pose_at(motion, anim, 0.0), pose_at(motion, anim, 1.0)
    for k, (a, b) in enumerate(zip(start, end, strict=True)):
        if abs(a - b) > LOOP:
            name = "pelvis.x" if k == X else "pelvis.y" if k == Y else CHANNELS[k - 2]
            report(1.0, name, "loop", f"the loop does not close: {b:.1f} at the end, {a:.1f} at the start")


def _check_frame(body_box: Box, box: Box, report: Report) -> None:
    x0, y0, x1, y1 = body_box
    if x0 < box[0] - 0.05 or y0 < box[1] - 0.05 or x1 > box[2] + 0.05 or y1 > box[3] + 0.05:
        report(0.0, "frame", "frame", "the body leaves the picture")
    width, height = box[2] - box[0], box[3] - box[1]
    if width > MAX_FRAME[0] or height > MAX_FRAME[1]:
        report(
            0.0,
            "frame",
            "frame",
            f"the motion needs a {width:.0f} x {height:.0f} cm picture; it wanders off (at most {MAX_FRAME[0]:g} x {MAX_FRAME[1]:g})",
        )


def keyframe_problems(motion: Motion, exercise: str) -> list[Problem]:
    """Contacts a keyframe's own solve could not meet, named by keyframe (clearer than a sample)."""
    out: list[Problem] = []
    for i, (pose, constraints) in enumerate(zip(motion.solved, motion.key_constraints, strict=True)):
        for c in constraints:
            gap, _drift = _signed(motion, c, pose)
            if abs(gap) > CONTACT_GAP:
                key = motion.spec.keyframes[i]
                message = (
                    f"should touch {c.target} but the pose cannot reach it ({_gap_words(gap, c.target)})"
                )
                out.append(Problem(exercise, f"keyframe {i + 1} (at {key.at:g})", c.point, message))
    return out


def check_all(motion: Motion, anim: Animation, box: Box, exercise: str) -> list[Problem]:
    found = keyframe_problems(motion, exercise)
    named = {(p.where, p.joint) for p in found}
    return found + [p for p in check(motion, anim, box, exercise) if (p.where, p.joint) not in named]


_KEYFRAMES = re.compile(r"@keyframes ([\w-]+)\{((?:[^{}]*\{[^{}]*\})*)\}")


def svg_problems(svg: str, exercise: str) -> list[Problem]:
    """What the written SVG animates: every joint only rotates (the pelvis may also move)."""
    out: list[Problem] = []
    for name, body in _KEYFRAMES.findall(svg):
        functions = set(re.findall(r"([a-zA-Z]+)\(", body))
        allowed = {"rotate", "translate"} if name.endswith("-r") else {"rotate"}
        if functions - allowed:
            message = f"@keyframes {name} animates {', '.join(sorted(functions - allowed))}: only rotations keep limbs their length"
            out.append(Problem(exercise, "the SVG", name, message))
    return out

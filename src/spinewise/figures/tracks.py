"""The animation as the browser will play it: keyframes per joint, linear in between.

The sampled motion is reduced per joint to the few keyframes that keep the linear interpolation
within a tolerance, and rounded as written into the SVG. The checks evaluate these tracks, not
the samples, so they judge what is actually drawn between keyframes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from spinewise.figures.kinematics import CHANNEL_INDEX, POSE_SIZE, Pose, X, Y
from spinewise.figures.motion import Motion

ANGLE_TOLERANCE = 0.15  # degrees
POSITION_TOLERANCE = 0.15  # cm

Key = tuple[float, float]  # time in [0, 1], value


@dataclass(frozen=True)
class Animation:
    root: tuple[tuple[float, float, float, float], ...]  # (t, x, y, screen angle)
    joints: dict[int, tuple[Key, ...]]  # segment index -> keys, for joints that move
    static: dict[int, float]  # segment index -> screen angle, for joints that do not


def _round(v: float) -> float:
    return round(v, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def _keep(times: Sequence[float], values: Sequence[float], tolerance: float) -> set[int]:
    """Ramer-Douglas-Peucker on a time series: the indices whose removal would exceed tolerance."""
    keep = {0, len(times) - 1}
    stack = [(0, len(times) - 1)]
    while stack:
        a, b = stack.pop()
        worst, index = 0.0, -1
        for k in range(a + 1, b):
            u = (times[k] - times[a]) / (times[b] - times[a])
            err = abs(values[k] - (values[a] + (values[b] - values[a]) * u))
            if err > worst:
                worst, index = err, k
        if worst > tolerance:
            keep.add(index)
            stack += [(a, index), (index, b)]
    return keep


def animate(motion: Motion, scale: float = 1.0) -> Animation:
    """Tracks for every moving joint; `scale` < 1 tightens the tolerances."""
    skel = motion.skeleton
    times = [*motion.times, 1.0]
    samples = [*motion.samples, motion.samples[0]]
    joints: dict[int, tuple[Key, ...]] = {}
    static: dict[int, float] = {}
    for i in range(1, len(skel.segments)):
        values = [_round(skel.relative_angle(pose, i)) for pose in samples]
        if max(values) - min(values) < 0.05:
            static[i] = values[0]
            continue
        keep = sorted(_keep(times, values, ANGLE_TOLERANCE * scale))
        joints[i] = tuple((times[k], values[k]) for k in keep)
    xs = [_round(p[X]) for p in samples]
    ys = [_round(p[Y]) for p in samples]
    angles = [_round(skel.relative_angle(p, 0)) for p in samples]
    keep_root = (
        _keep(times, xs, POSITION_TOLERANCE * scale)
        | _keep(times, ys, POSITION_TOLERANCE * scale)
        | _keep(times, angles, ANGLE_TOLERANCE * scale)
    )
    if max(xs) - min(xs) < 0.05 and max(ys) - min(ys) < 0.05 and max(angles) - min(angles) < 0.05:
        keep_root = {0, len(times) - 1}
    root = tuple((times[k], xs[k], ys[k], angles[k]) for k in sorted(keep_root))
    return Animation(root, joints, static)


def _at(keys: Sequence[Key], t: float) -> float:
    for (t0, v0), (t1, v1) in itertools.pairwise(keys):
        if t0 <= t <= t1:
            return v0 if t1 == t0 else v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return keys[-1][1]


def pose_at(motion: Motion, anim: Animation, t: float) -> Pose:
    """The pose the browser draws at time t (0..1), as channel values for forward kinematics."""
    skel = motion.skeleton
    pose = [0.0] * POSE_SIZE
    root = anim.root
    for (t0, *a), (t1, *b) in itertools.pairwise(root):
        if t0 <= t <= t1:
            u = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
            x, y, angle = (p + (q - p) * u for p, q in zip(a, b, strict=True))
            break
    else:
        _t, x, y, angle = root[-1]
    pose[X], pose[Y] = x, y
    pose[CHANNEL_INDEX["tilt"]] = (angle - skel.rest[0]) / skel.gain[0]
    for i in range(1, len(skel.segments)):
        value = anim.static[i] if i in anim.static else _at(anim.joints[i], t)
        # Neck and head share the neck channel, each drawing half of it; the last one written wins
        # and both carry the same value.
        pose[skel.channel[i]] = (value - skel.rest[i]) / skel.gain[i]
    return pose


def check_times(motion: Motion) -> list[float]:
    """Samples and the midpoints between them, over the whole loop [0, 1]."""
    times = [*motion.times, 1.0]
    mids = [(a + b) / 2 for a, b in itertools.pairwise(times)]
    return sorted([*times, *mids])

"""Forward kinematics over the body's tree of segments, in the screen's plane.

A pose is a flat list of floats: the pelvis position x, y (cm) and then one angle per channel
(`CHANNELS`, degrees). Every segment turns about its own joint, so limb lengths cannot change:
the SVG animates exactly these rotations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

from spinewise.figures.body import CHANNELS, Body, Circle, Segment, View
from spinewise.figures.views import BODIES

X, Y = 0, 1
CHANNEL_INDEX: dict[str, int] = {name: i + 2 for i, name in enumerate(CHANNELS)}
POSE_SIZE = 2 + len(CHANNELS)
RAD = math.pi / 180.0

Pose = list[float]
Point = tuple[float, float]


class Frame:
    """Where a segment's joint is and which way its local axes point, on screen."""

    __slots__ = ("angle", "cos", "sin", "x", "y")

    def __init__(self, x: float, y: float, cos: float, sin: float, angle: float) -> None:
        # A plain class: forward kinematics makes thousands of these per figure.
        self.x = x
        self.y = y
        self.cos = cos
        self.sin = sin
        self.angle = angle  # degrees, clockwise on screen

    def to_world(self, lx: float, ly: float) -> Point:
        return (self.x + lx * self.cos - ly * self.sin, self.y + lx * self.sin + ly * self.cos)


class Skeleton:
    """A body with its out-of-plane folds applied, ready for fast repeated forward kinematics."""

    def __init__(self, view: View, fold: Mapping[str, float] | None = None) -> None:
        self.fold: dict[str, float] = dict(fold or {})
        fold = self.fold
        self.body: Body = _legs_ahead(BODIES[view], fold)
        # A segment turned out of the screen's plane by a constant angle is drawn shorter.
        self.scale: dict[str, float] = {
            seg.name: math.cos(fold.get(seg.name, 0.0) * RAD) for seg in self.body.segments
        }
        self.segments: tuple[Segment, ...] = self.body.segments
        self.index: dict[str, int] = {seg.name: i for i, seg in enumerate(self.segments)}
        self.parent: list[int] = [self.index[s.parent] if s.parent else -1 for s in self.segments]
        self.attach: list[Point] = [
            (s.attach[0], s.attach[1] * (self.scale[s.parent] if s.parent else 1.0)) for s in self.segments
        ]
        self.channel: list[int] = [CHANNEL_INDEX[s.channel] for s in self.segments]
        self.gain: list[float] = [s.gain for s in self.segments]
        self.rest: list[float] = [s.rest for s in self.segments]
        # The chain of segments from the root to each segment, for Jacobians.
        self.chain: list[tuple[int, ...]] = []
        for i in range(len(self.segments)):
            chain = [i]
            while self.parent[chain[-1]] >= 0:
                chain.append(self.parent[chain[-1]])
            self.chain.append(tuple(reversed(chain)))

        self.hull: list[tuple[int, float, float, float]] = [self.local(c) for c in self.body.hull]
        self._walk = list(zip(self.rest, self.gain, self.channel, self.parent, self.attach, strict=True))
        # Channels that move together (near and far in a symmetric side view): far -> near.
        self.tied: dict[int, int] = {}

    def local(self, circle: Circle) -> tuple[int, float, float, float]:
        """A circle on a segment with the segment's fold applied: (segment index, x, y, r)."""
        return (self.index[circle.segment], circle.x, circle.y * self.scale[circle.segment], circle.r)

    def frames(self, pose: Sequence[float]) -> list[Frame]:
        out: list[Frame] = []
        cos, sin = math.cos, math.sin
        for rest, gain, channel, p, (ax, ay) in self._walk:
            angle = rest + gain * pose[channel]
            if p < 0:
                x, y = pose[X], pose[Y]
            else:
                parent = out[p]
                angle += parent.angle
                x = parent.x + ax * parent.cos - ay * parent.sin
                y = parent.y + ax * parent.sin + ay * parent.cos
            a = angle * RAD
            out.append(Frame(x, y, cos(a), sin(a), angle))
        return out

    def relative_angle(self, pose: Sequence[float], index: int) -> float:
        """The rotation of one segment's group relative to its parent, as drawn."""
        return self.rest[index] + self.gain[index] * pose[self.channel[index]]

    def jacobian(
        self, frames: Sequence[Frame], seg: int, point: Point, unknowns: Sequence[int]
    ) -> tuple[list[float], list[float]]:
        """d(point)/d(unknown) for a point on segment `seg`: rows for x and for y."""
        dx = [0.0] * len(unknowns)
        dy = [0.0] * len(unknowns)
        chain = self.chain[seg]
        tied = self.tied
        for k, u in enumerate(unknowns):
            if u == X:
                dx[k] = 1.0
            elif u == Y:
                dy[k] = 1.0
            else:
                for j in chain:
                    c = self.channel[j]
                    if c == u or tied.get(c) == u:
                        # A clockwise turn by d about joint j moves the point along its perpendicular.
                        g = self.gain[j] * RAD
                        dx[k] -= g * (point[1] - frames[j].y)
                        dy[k] += g * (point[0] - frames[j].x)
        return dx, dy


def _legs_ahead(body: Body, fold: Mapping[str, float]) -> Body:
    """Seen from the front, a thigh folded past square points at us (sitting, knees up): its leg
    is drawn in front of the trunk, with a halo to read over it."""
    if body.view != "front":
        return body
    ahead = [layer for layer in body.layers if layer[0].endswith(".thigh") and fold.get(layer[0], 0.0) > 90]
    if not ahead:
        return body
    trunk = next(i for i, layer in enumerate(body.layers) if "pelvis" in layer)
    haloed = {body.layers[i] for i in body.halo} | set(ahead)
    rest = [layer for layer in body.layers if layer not in ahead]
    at = rest.index(body.layers[trunk]) + 1
    layers = (*rest[:at], *ahead, *rest[at:])
    return replace(
        body, layers=layers, halo=frozenset(i for i, layer in enumerate(layers) if layer in haloed)
    )


def circle_center(frames: Sequence[Frame], local: tuple[int, float, float, float]) -> Point:
    seg, x, y, _r = local
    return frames[seg].to_world(x, y)


def joint_positions(skeleton: Skeleton, pose: Sequence[float]) -> dict[str, Point]:
    """Each segment's joint on screen (the pelvis's is the hip joint): for tests and checks."""
    return {seg.name: (fr.x, fr.y) for seg, fr in zip(skeleton.segments, skeleton.frames(pose), strict=True)}


def pose_from(values: Mapping[str, float], x: float = 0.0, y: float = 0.0) -> Pose:
    pose = [0.0] * POSE_SIZE
    pose[X], pose[Y] = x, y
    for name, value in values.items():
        pose[CHANNEL_INDEX[name]] = value
    return pose

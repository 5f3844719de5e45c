"""Props: where they stand, the surfaces the body can touch, and how they are drawn.

Sizes are those of ordinary equipment: a 15 cm foam roller, a 43 cm chair seat (ISO 5970 puts
an adult chair seat at 43-46 cm; the lower end suits our 170 cm person), a rolled towel about
6 cm thick. A contact with a chair or bench means its seat; the backrest only stops the body.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from spinewise.figures.body import View
from spinewise.figures.schema import FLOOR, Prop

Point = tuple[float, float]

ROLLER_R = 7.5
SEAT_H = 43.0
SEAT_DEPTH = 40.0
BACKREST = 42.0
BENCH_LENGTH = 120.0
TOWEL_H = 6.0
TOWEL_W = 24.0
WALL_H = 240.0
MAT_THICKNESS = 1.2


@dataclass(frozen=True)
class Surface:
    """A capsule (segment x0,y0-x1,y1 grown by r), or the floor when `floor` is set."""

    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0
    r: float = 0.0
    floor: bool = False

    def distance(self, p: Point) -> tuple[float, float, float]:
        """Signed distance from the surface (positive outside) and the outward unit normal."""
        if self.floor:
            return -p[1], 0.0, -1.0
        dx, dy = self.x1 - self.x0, self.y1 - self.y0
        length2 = dx * dx + dy * dy
        t = (
            0.0
            if length2 == 0
            else max(0.0, min(1.0, ((p[0] - self.x0) * dx + (p[1] - self.y0) * dy) / length2))
        )
        qx, qy = self.x0 + t * dx, self.y0 + t * dy
        vx, vy = p[0] - qx, p[1] - qy
        d = math.hypot(vx, vy)
        if d < 1e-9:
            return -self.r, 0.0, -1.0
        return d - self.r, vx / d, vy / d


FLOOR_SURFACE = Surface(floor=True)


@dataclass(frozen=True)
class PlacedProp:
    prop: Prop
    x: float  # centre along the floor (held props: unused)
    surfaces: tuple[Surface, ...]  # the first is what a contact touches (a chair's seat)

    def distance(self, p: Point) -> tuple[float, float, float]:
        """From the surface a contact rests on."""
        return self.surfaces[0].distance(p)

    def clearance(self, p: Point) -> float:
        """From the nearest part of the prop, a backrest included: negative inside it."""
        return min(s.distance(p)[0] for s in self.surfaces)


def place(prop: Prop, view: View, at_x: float | None) -> PlacedProp:
    """Where a prop stands: at `x`, or touching the body point whose x is `at_x`."""
    kind = prop.kind
    x = prop.x if prop.x is not None else at_x if at_x is not None else 0.0
    h = prop.height
    if kind == "roller":
        return PlacedProp(prop, x, (Surface(x, -ROLLER_R, x, -ROLLER_R, ROLLER_R),))
    if kind == "towel":
        th = h or TOWEL_H
        half = TOWEL_W / 2 - th / 2
        return PlacedProp(prop, x, (Surface(x - half, -th / 2, x + half, -th / 2, th / 2),))
    if kind in ("chair", "bench"):
        seat = h or SEAT_H
        if kind == "chair" and prop.at is not None and prop.x is None and view == "side":
            # The backrest stands just behind the buttocks; the thighs lie along the seat.
            x += SEAT_DEPTH / 2 - 16
        half = (SEAT_DEPTH if kind == "chair" else BENCH_LENGTH) / 2 if view == "side" else 23.0
        surfaces = [Surface(x - half + 2, -seat + 2, x + half - 2, -seat + 2, 2)]
        if kind == "chair" and view == "side":
            surfaces.append(Surface(x - half - 1.5, -seat - 4, x - half - 1.5, -seat - BACKREST, 1.5))
        return PlacedProp(prop, x, tuple(surfaces))
    if kind == "wall":
        if prop.x is None and at_x is not None:
            x = at_x
        return PlacedProp(prop, x, (Surface(x, 0, x, -WALL_H, 0.0),))
    # mat, band, strap: nothing to place (the mat is the floor; held props hang from the body).
    return PlacedProp(prop, x, ())


def surface_of(target: str, props: dict[str, PlacedProp]) -> PlacedProp | None:
    """The placed prop a contact target names; None for the floor or a body point."""
    return None if target == FLOOR else props.get(target)

"""The drawn body: segments, joints, contact points and joint ranges, for each view.

Lengths are centimetres on a person of standing height `HEIGHT_CM`, taken as fractions of height
from Winter, *Biomechanics and Motor Control of Human Movement*, 4th ed. (2009), Fig. 4.1, after
Drillis and Contini (1966); de Leva, *J Biomech* 29:1223-1230 (1996) gives close values. Winter
gives thigh 0.245 H, shank 0.246 H, upper arm 0.186 H, forearm 0.146 H, hand 0.108 H, foot length
0.152 H, ankle height 0.039 H, hip (greater trochanter) height 0.530 H, shoulder height 0.818 H,
shoulder width 0.259 H and hip width 0.191 H.

The split of the trunk between pelvis (hip joint to L5/S1), lumbar (L5/S1 to T12/L1) and thoracic
(T12/L1 to C7/T1) segments is OUR ESTIMATE (0.07, 0.10 and 0.14 H): the tables give the trunk
only as a whole. Widths (the radii of the round ends) are estimates chosen so the outline matches
the same tables' depths and widths; they are also the contact radii used for grounding.

Coordinates are SVG's: x to the right, y DOWN, the floor at y = 0, angles in degrees and positive
clockwise on screen. In the side view the person faces right (+x) and we see their right side,
which we call `near`; in the front view the person faces us, so `near` (still their right side)
is on the screen's left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

HEIGHT_CM = 170.0
H = HEIGHT_CM

View = Literal["side", "front", "end"]
Side = Literal["near", "far", ""]
SIDES: tuple[str, str] = ("near", "far")

# Winter (2009) Fig. 4.1, fractions of H.
THIGH = 0.245 * H
SHANK = 0.246 * H
UPPER_ARM = 0.186 * H
FOREARM = 0.146 * H
HAND = 0.108 * H
FOOT = 0.152 * H
ANKLE_HEIGHT = 0.039 * H
SHOULDER_WIDTH = 0.259 * H
HIP_WIDTH = 0.191 * H
# Estimates (see the module docstring): trunk split and neck.
PELVIS = 0.07 * H
LUMBAR = 0.10 * H
THORACIC = 0.14 * H
NECK = 0.05 * H
SHOULDER_DROP = (0.840 - 0.818) * H  # shoulder joint below C7 (Winter's shoulder height 0.818 H)


@dataclass(frozen=True)
class Capsule:
    """Two circles and the hull around them: a rounded limb that may taper."""

    x0: float
    y0: float
    r0: float
    x1: float
    y1: float
    r1: float


@dataclass(frozen=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float


@dataclass(frozen=True)
class Slab:
    """A symmetric trunk outline seen from the front: (y, width) levels, rounded corners."""

    levels: tuple[tuple[float, float], ...]
    rounding: float


@dataclass(frozen=True)
class Dot:
    """A face detail (eye), drawn in the background colour."""

    cx: float
    cy: float
    r: float


Shape = Capsule | Ellipse | Slab | Dot


@dataclass(frozen=True)
class Segment:
    name: str  # "pelvis", "lumbar", "near.thigh"...
    channel: str  # the angle that turns it: "tilt", "lumbar", "near.hip"...
    parent: str | None
    attach: tuple[float, float]  # its joint, in the parent's frame
    gain: float  # screen rotation = rest + gain x angle
    shapes: tuple[Shape, ...]
    side: Side = ""
    rest: float = 0.0  # screen rotation at angle 0, relative to the parent


@dataclass(frozen=True)
class Circle:
    """A round patch of the body's surface, in a segment's frame: contacts and grounding use it."""

    segment: str
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Range:
    lo: float
    hi: float
    what: str
    source: str


@dataclass(frozen=True)
class Body:
    view: View
    segments: tuple[Segment, ...]  # parents before children
    points: dict[str, tuple[Circle, ...]]  # named contact points; several circles = lies flat
    hull: tuple[Circle, ...]  # the outline as circles: lowest point, frame
    ranges: dict[str, Range]
    layers: tuple[tuple[str, ...], ...]  # drawing order, back to front
    halo: frozenset[int]  # layers drawn with a thin outline so they read over the trunk
    far_first: bool = False  # paint children before parents (the end view looks down the spine)


def f(x: float) -> float:
    return x * H


# ------------------------------------------------------------------ ranges
# Active ranges of the American Academy of Orthopaedic Surgeons (Greene WB, Heckman JD, eds.
# The Clinical Measurement of Joint Motion. AAOS, 1994), widened only where an exercise rests the
# body's weight into a joint and so reaches the passive end range.
AAOS = "AAOS 1994 (Greene & Heckman), active range"
DEEP = "passive end range in kneeling and squatting, Hemmerich et al., J Orthop Res 24:770 (2006)"
EST = "our estimate of the passive range, beyond the AAOS active value"

SIDE_RANGES: dict[str, Range] = {
    "lumbar": Range(
        -35,
        60,
        "lumbar flexion (+) / extension (-)",
        "AAOS trunk flexion 80, lumbar share 60; extension 25 widened to 35 for prone press-ups: " + EST,
    ),
    "thoracic": Range(
        -25, 40, "thoracic flexion (+) / extension (-)", EST + " (thoracic share of the AAOS trunk range)"
    ),
    "neck": Range(-50, 50, "neck flexion (+) / extension (-)", AAOS + ": cervical flexion 45, extension 45"),
    "hip": Range(
        -30,
        140,
        "hip flexion (+) / extension (-)",
        AAOS + " (flexion 120, extension 30); flexion to 140 " + DEEP,
    ),
    "knee": Range(-5, 160, "knee flexion", AAOS + " (135); to 160 " + DEEP),
    "ankle": Range(
        -80,
        25,
        "ankle dorsiflexion (+) / plantar flexion (-)",
        AAOS + " (20 / 50); to 80 kneeling on the instep, where the midfoot adds to the ankle: " + EST,
    ),
    "shoulder": Range(-60, 180, "shoulder flexion (+) / extension (-)", AAOS + " (180 / 60)"),
    "elbow": Range(-5, 150, "elbow flexion", AAOS + " (150)"),
    "wrist": Range(
        -80,
        90,
        "wrist extension (+) / flexion (-)",
        AAOS + " (70 / 80); extension to 90 under load on the hands: " + EST,
    ),
}
FRONT_RANGES: dict[str, Range] = {
    "lumbar": Range(
        -25,
        25,
        "lumbar side bend (+ to the person's right)",
        AAOS + ": trunk side bend 35, shared with the thoracic: " + EST,
    ),
    "thoracic": Range(
        -20,
        20,
        "thoracic side bend (+ to the person's right)",
        AAOS + ": trunk side bend 35, shared with the lumbar: " + EST,
    ),
    "neck": Range(-45, 45, "neck side bend (+ to the person's right)", AAOS + ": cervical side bend 45"),
    "hip": Range(-30, 45, "hip abduction (+) / adduction (-)", AAOS + " (45 / 30)"),
    "knee": Range(
        -5,
        160,
        "knee bend seen from the front (+ toward the midline)",
        AAOS + " knee flexion 135; to 160 " + DEEP,
    ),
    "ankle": Range(-15, 35, "foot inversion (+) / eversion (-)", AAOS + " (35 / 15)"),
    "shoulder": Range(
        -50, 180, "shoulder abduction (+) / adduction across the body (-)", AAOS + " (180 / 50)"
    ),
    "elbow": Range(
        -5, 150, "elbow bend seen from the front (+ toward the midline)", AAOS + " elbow flexion 150"
    ),
    "wrist": Range(-30, 20, "wrist radial (+) / ulnar (-) deviation", AAOS + " (20 / 30)"),
}


# ------------------------------------------------------------------ end view
END_RANGES: dict[str, Range] = {
    "lumbar": Range(
        -12,
        12,
        "lumbar rotation (+ toward the person's right)",
        "lumbar rotation is small, about 10 each way (AAOS trunk rotation 45, mostly thoracic): " + EST,
    ),
    "thoracic": Range(
        -40,
        40,
        "thoracic rotation (+ toward the person's right)",
        AAOS + ": trunk rotation 45, most of it thoracic",
    ),
    "neck": Range(-60, 60, "neck rotation (+ toward the person's right)", AAOS + ": cervical rotation 60"),
    "hip": Range(
        -45,
        50,
        "knee tips out (+) / in (-), the hip flexed",
        AAOS + ": abduction 45 with external rotation 45 out; adduction 30 with internal rotation 45 in",
    ),
    "knee": Range(
        -60,
        60,
        "the shin's tilt seen end-on (+ foot toward the midline)",
        "a projection, not a joint range: checked loosely",
    ),
    "ankle": Range(-45, 45, "the foot's tilt seen end-on", "a projection: checked loosely"),
    "shoulder": Range(
        -45, 135, "horizontal adduction (+, the arm toward the front) / abduction (-)", AAOS + " (135 / 45)"
    ),
    "elbow": Range(-5, 150, "elbow bend toward the front", AAOS + " elbow flexion 150"),
    "wrist": Range(-70, 80, "wrist bend", AAOS + " (80 / 70)"),
}


def hull_of(segments: tuple[Segment, ...]) -> tuple[Circle, ...]:
    """The outline as circles: capsule ends, the head, and a few along the trunk slabs."""
    out: list[Circle] = []
    for seg in segments:
        for shape in seg.shapes:
            if isinstance(shape, Capsule):
                out.append(Circle(seg.name, shape.x0, shape.y0, shape.r0))
                out.append(Circle(seg.name, shape.x1, shape.y1, shape.r1))
                # A long limb lying across a prop can touch between its ends.
                out.append(
                    Circle(
                        seg.name,
                        (shape.x0 + shape.x1) / 2,
                        (shape.y0 + shape.y1) / 2,
                        (shape.r0 + shape.r1) / 2,
                    )
                )
            elif isinstance(shape, Ellipse):
                # A tall ellipse as two circles of its narrow radius, one above the other.
                r, dy = min(shape.rx, shape.ry), abs(shape.ry - shape.rx)
                if shape.ry >= shape.rx:
                    out += [
                        Circle(seg.name, shape.cx, shape.cy - dy, r),
                        Circle(seg.name, shape.cx, shape.cy + dy, r),
                    ]
                else:
                    out += [
                        Circle(seg.name, shape.cx - dy, shape.cy, r),
                        Circle(seg.name, shape.cx + dy, shape.cy, r),
                    ]
            elif isinstance(shape, Slab):
                for y, width in shape.levels:
                    half = width / 2 - shape.rounding
                    for x in (-half, 0.0, half):
                        out.append(Circle(seg.name, x, y, shape.rounding))
    return tuple(out)


CHANNELS: tuple[str, ...] = (
    "tilt",
    "lumbar",
    "thoracic",
    "neck",
    *(f"{s}.{j}" for s in SIDES for j in ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")),
)
LIMB_JOINTS: tuple[str, ...] = ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")
SEGMENT_OF_JOINT = {
    "hip": "thigh",
    "knee": "shank",
    "ankle": "foot",
    "shoulder": "upper-arm",
    "elbow": "forearm",
    "wrist": "hand",
}
# A contact that lies flat (two circles on one segment) needs that segment free to turn.
FLAT_FREES: dict[str, str] = {
    "hand": "wrist",
    "foot": "ankle",
    "instep": "ankle",
    "forearm": "elbow",
    "shin": "knee",
}
FOLDABLE: frozenset[str] = frozenset(
    {"pelvis", "lumbar", "thoracic", "neck"}
    | {f"{s}.{seg}" for s in SIDES for seg in SEGMENT_OF_JOINT.values()}
)


# Seen from the front, a thigh flexed well forward points at us: turning it in the screen's plane
# (about the front-to-back axis) then turns it mostly about its own long axis, so the knee's
# sideways swing is limited by the hip's rotation, not its abduction.
FLEXED_THIGH = 45.0
FRONT_FLEXED_HIP = Range(
    -45,
    45,
    "hip rotation with the hip flexed, seen from the front: the knee swings in (+) / out (-)",
    AAOS + ": internal rotation 45, external rotation 45",
)
# The shin of such a leg is foreshortened too, so its angle to the thigh on screen is a
# projection, as in the end view.
FRONT_FLEXED_KNEE = Range(
    -60,
    160,
    "the shin's angle to a flexed thigh, seen from the front (+ toward the midline)",
    "a projection, not a joint range: checked loosely",
)


def range_of(body: Body, channel: str, fold: Mapping[str, float] | None = None) -> Range | None:
    """The anatomical range that applies to a channel ('near.knee' uses 'knee'); None for tilt.

    `fold` is the figure's folds: a front view's thigh folded past `FLEXED_THIGH` is a flexed hip.
    """
    if channel == "tilt":
        return None
    side, _, joint = channel.rpartition(".")
    if body.view == "front" and (fold or {}).get(f"{side}.thigh", 0.0) > FLEXED_THIGH:
        if joint == "hip":
            return FRONT_FLEXED_HIP
        if joint == "knee":
            return FRONT_FLEXED_KNEE
    return body.ranges.get(joint)

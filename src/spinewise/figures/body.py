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
    "lumbar": Range(-35, 60, "lumbar flexion (+) / extension (-)", "AAOS trunk flexion 80, lumbar share 60; extension 25 widened to 35 for prone press-ups: " + EST),
    "thoracic": Range(-25, 40, "thoracic flexion (+) / extension (-)", EST + " (thoracic share of the AAOS trunk range)"),
    "neck": Range(-50, 50, "neck flexion (+) / extension (-)", AAOS + ": cervical flexion 45, extension 45"),
    "hip": Range(-30, 140, "hip flexion (+) / extension (-)", AAOS + " (flexion 120, extension 30); flexion to 140 " + DEEP),
    "knee": Range(-5, 160, "knee flexion", AAOS + " (135); to 160 " + DEEP),
    "ankle": Range(-80, 25, "ankle dorsiflexion (+) / plantar flexion (-)", AAOS + " (20 / 50); to 80 kneeling on the instep, where the midfoot adds to the ankle: " + EST),
    "shoulder": Range(-60, 180, "shoulder flexion (+) / extension (-)", AAOS + " (180 / 60)"),
    "elbow": Range(-5, 150, "elbow flexion", AAOS + " (150)"),
    "wrist": Range(-80, 90, "wrist extension (+) / flexion (-)", AAOS + " (70 / 80); extension to 90 under load on the hands: " + EST),
}
FRONT_RANGES: dict[str, Range] = {
    "lumbar": Range(-25, 25, "lumbar side bend (+ to the person's right)", AAOS + ": trunk side bend 35, shared with the thoracic: " + EST),
    "thoracic": Range(-20, 20, "thoracic side bend (+ to the person's right)", AAOS + ": trunk side bend 35, shared with the lumbar: " + EST),
    "neck": Range(-45, 45, "neck side bend (+ to the person's right)", AAOS + ": cervical side bend 45"),
    "hip": Range(-30, 45, "hip abduction (+) / adduction (-)", AAOS + " (45 / 30)"),
    "knee": Range(-5, 160, "knee bend seen from the front (+ toward the midline)", AAOS + " knee flexion 135; to 160 " + DEEP),
    "ankle": Range(-15, 35, "foot inversion (+) / eversion (-)", AAOS + " (35 / 15)"),
    "shoulder": Range(-50, 180, "shoulder abduction (+) / adduction across the body (-)", AAOS + " (180 / 50)"),
    "elbow": Range(-5, 150, "elbow bend seen from the front (+ toward the midline)", AAOS + " elbow flexion 150"),
    "wrist": Range(-30, 20, "wrist radial (+) / ulnar (-) deviation", AAOS + " (20 / 30)"),
}


# ------------------------------------------------------------------ side view
def _side_limbs(side: Literal["near", "far"]) -> list[Segment]:
    s = side
    return [
        Segment(f"{s}.thigh", f"{s}.hip", "pelvis", (0, 0), -1,
                (Capsule(0, 0, f(0.05), 0, THIGH, f(0.034)),), side),
        Segment(f"{s}.shank", f"{s}.knee", f"{s}.thigh", (0, THIGH), 1,
                (Capsule(0, 0, f(0.034), f(-0.006), f(0.075), f(0.034)),
                 Capsule(f(-0.006), f(0.075), f(0.034), 0, SHANK, f(0.02))), side),
        Segment(f"{s}.foot", f"{s}.ankle", f"{s}.shank", (0, SHANK), -1,
                (Capsule(0, 0, f(0.021), f(-0.018), f(0.019), f(0.02)),
                 Capsule(f(-0.018), f(0.019), f(0.02), f(0.1), f(0.028), f(0.011))), side),
        Segment(f"{s}.upper-arm", f"{s}.shoulder", "thoracic", (0, -(THORACIC - SHOULDER_DROP)), -1,
                (Capsule(0, 0, f(0.031), 0, UPPER_ARM, f(0.023)),), side),
        Segment(f"{s}.forearm", f"{s}.elbow", f"{s}.upper-arm", (0, UPPER_ARM), -1,
                (Capsule(0, 0, f(0.023), 0, FOREARM, f(0.016)),), side),
        Segment(f"{s}.hand", f"{s}.wrist", f"{s}.forearm", (0, FOREARM), -1,
                (Capsule(0, f(0.012), f(0.017), 0, f(0.094), f(0.012)),), side),
    ]


def _side_body() -> Body:
    head_r = f(0.061)
    trunk = [
        Segment("pelvis", "tilt", None, (0, 0), 1,
                (Capsule(f(-0.012), f(-0.004), f(0.066), f(-0.004), -PELVIS, f(0.06)),)),
        Segment("lumbar", "lumbar", "pelvis", (0, -PELVIS), 1,
                (Capsule(0, 0, f(0.058), f(0.004), -LUMBAR, f(0.061)),)),
        Segment("thoracic", "thoracic", "lumbar", (0, -LUMBAR), 1,
                (Capsule(f(0.004), 0, f(0.061), f(0.01), f(-0.07), f(0.07)),
                 Capsule(f(0.01), f(-0.07), f(0.07), 0, -THORACIC + f(0.012), f(0.048)))),
        Segment("neck", "neck", "thoracic", (0, -THORACIC), 0.5,
                (Capsule(0, f(0.01), f(0.032), f(0.008), -NECK, f(0.03)),)),
        Segment("head", "neck", "neck", (f(0.008), -NECK), 0.5,
                (Ellipse(f(0.014), f(-0.046), head_r, head_r),
                 Capsule(f(0.066), f(-0.052), f(0.01), f(0.07), f(-0.041), f(0.008)),
                 Dot(f(0.044), f(-0.06), f(0.0065)))),
    ]
    segments = (*trunk, *_side_limbs("far"), *_side_limbs("near"))
    points: dict[str, tuple[Circle, ...]] = {
        "head": (Circle("head", f(0.014), f(-0.046), head_r),),
        "back-of-head": (Circle("head", f(-0.02), f(-0.04), f(0.025)),),
        "pelvis": (Circle("pelvis", f(-0.012), f(-0.01), f(0.066)),),
        "lower-back": (Circle("lumbar", 0, -LUMBAR / 2, f(0.06)),),
        "upper-back": (Circle("thoracic", f(0.008), f(-0.07), f(0.07)),),
        "shoulders": (Circle("thoracic", 0, f(-0.115), f(0.055)),),
        "chest": (Circle("thoracic", f(0.01), f(-0.07), f(0.07)),),
    }
    for s in SIDES:
        points |= {
            f"{s}.knee": (Circle(f"{s}.shank", 0, 0, f(0.034)),),
            f"{s}.shin": (Circle(f"{s}.shank", f(0.003), f(0.02), f(0.031)),
                          Circle(f"{s}.shank", f(0.011), f(0.2), f(0.022))),
            f"{s}.thigh": (Circle(f"{s}.thigh", 0, THIGH * 0.6, f(0.042)),),
            f"{s}.heel": (Circle(f"{s}.foot", f(-0.018), f(0.019), f(0.02)),),
            f"{s}.toe": (Circle(f"{s}.foot", f(0.1), f(0.028), f(0.011)),),
            f"{s}.foot": (Circle(f"{s}.foot", f(-0.018), f(0.019), f(0.02)),
                          Circle(f"{s}.foot", f(0.1), f(0.028), f(0.011))),
            f"{s}.instep": (Circle(f"{s}.foot", 0, 0, f(0.021)),
                            Circle(f"{s}.foot", f(0.1), f(0.028), f(0.011))),
            f"{s}.shoulder": (Circle(f"{s}.upper-arm", 0, 0, f(0.031)),),
            f"{s}.elbow": (Circle(f"{s}.forearm", 0, 0, f(0.023)),),
            f"{s}.forearm": (Circle(f"{s}.forearm", 0, f(0.01), f(0.023)),
                             Circle(f"{s}.forearm", 0, FOREARM, f(0.016))),
            f"{s}.wrist": (Circle(f"{s}.hand", 0, 0, f(0.016)),),
            f"{s}.hand": (Circle(f"{s}.hand", 0, f(0.012), f(0.017)),
                          Circle(f"{s}.hand", 0, f(0.094), f(0.012))),
            f"{s}.fingers": (Circle(f"{s}.hand", 0, f(0.094), f(0.012)),),
        }
    return Body(
        view="side",
        segments=segments,
        points=points,
        hull=_hull(segments),
        ranges=SIDE_RANGES,
        layers=(
            ("far.upper-arm", "far.forearm", "far.hand"),
            ("far.thigh", "far.shank", "far.foot"),
            ("pelvis", "lumbar", "thoracic", "neck", "head"),
            ("near.thigh", "near.shank", "near.foot"),
            ("near.upper-arm", "near.forearm", "near.hand"),
        ),
        halo=frozenset({3, 4}),
    )


# ------------------------------------------------------------------ front view
def _front_limbs(side: Literal["near", "far"]) -> list[Segment]:
    s = side
    out = -1.0 if side == "near" else 1.0  # the person's right is the screen's left
    # Abduction turns a near limb clockwise on screen and a far one anticlockwise; a bend toward
    # the midline the other way round.
    return [
        Segment(f"{s}.thigh", f"{s}.hip", "pelvis", (out * f(0.05), 0), -out,
                (Capsule(0, 0, f(0.05), 0, THIGH, f(0.034)),), side),
        Segment(f"{s}.shank", f"{s}.knee", f"{s}.thigh", (0, THIGH), out,
                (Capsule(0, 0, f(0.033), 0, SHANK, f(0.021)),), side),
        Segment(f"{s}.foot", f"{s}.ankle", f"{s}.shank", (0, SHANK), out,
                (Capsule(0, 0, f(0.021), out * f(0.012), f(0.018), f(0.021)),), side),
        Segment(f"{s}.upper-arm", f"{s}.shoulder", "thoracic", (out * f(0.105), -(THORACIC - SHOULDER_DROP)),
                -out, (Capsule(0, 0, f(0.032), 0, UPPER_ARM, f(0.023)),), side),
        Segment(f"{s}.forearm", f"{s}.elbow", f"{s}.upper-arm", (0, UPPER_ARM), out,
                (Capsule(0, 0, f(0.023), 0, FOREARM, f(0.016)),), side),
        Segment(f"{s}.hand", f"{s}.wrist", f"{s}.forearm", (0, FOREARM), out,
                (Capsule(0, f(0.012), f(0.018), 0, f(0.09), f(0.013)),), side),
    ]


def _front_body() -> Body:
    trunk = [
        Segment("pelvis", "tilt", None, (0, 0), -1,
                (Slab(((f(0.045), f(0.13)), (0, f(0.19)), (-PELVIS, f(0.165))), f(0.03)),)),
        Segment("lumbar", "lumbar", "pelvis", (0, -PELVIS), -1,
                (Ellipse(0, 0, f(0.082), f(0.05)),
                 Slab(((0, f(0.165)), (f(-0.05), f(0.15)), (-LUMBAR, f(0.17))), f(0.03)))),
        Segment("thoracic", "thoracic", "lumbar", (0, -LUMBAR), -1,
                (Ellipse(0, 0, f(0.085), f(0.05)),
                 Slab(((0, f(0.17)), (f(-0.07), f(0.195)), (f(-0.12), f(0.2)), (-THORACIC, f(0.15))), f(0.035)))),
        Segment("neck", "neck", "thoracic", (0, -THORACIC), -0.5,
                (Capsule(0, f(0.01), f(0.03), 0, -NECK, f(0.028)),)),
        Segment("head", "neck", "neck", (0, -NECK), -0.5,
                (Ellipse(0, f(-0.05), f(0.047), f(0.064)),
                 Dot(f(-0.017), f(-0.055), f(0.0055)),
                 Dot(f(0.017), f(-0.055), f(0.0055)))),
    ]
    segments = (*trunk, *_front_limbs("far"), *_front_limbs("near"))
    points: dict[str, tuple[Circle, ...]] = {
        "head": (Circle("head", 0, f(-0.05), f(0.047)),),
        "pelvis": (Circle("pelvis", 0, f(-0.01), f(0.06)),),
        "lower-back": (Circle("lumbar", 0, -LUMBAR / 2, f(0.06)),),
        "upper-back": (Circle("thoracic", 0, f(-0.07), f(0.07)),),
        "shoulders": (Circle("thoracic", 0, f(-0.11), f(0.07)),),
        "chest": (Circle("thoracic", 0, f(-0.07), f(0.07)),),
    }
    for s in SIDES:
        out = -1.0 if s == "near" else 1.0
        points |= {
            f"{s}.hip": (Circle("pelvis", out * f(0.07), 0, f(0.025)),),
            f"{s}.waist": (Circle("lumbar", out * f(0.055), -LUMBAR / 2, f(0.02)),),
            f"{s}.thigh": (Circle(f"{s}.thigh", out * f(0.035), THIGH * 0.55, f(0.01)),),
            f"{s}.knee": (Circle(f"{s}.shank", 0, 0, f(0.034)),),
            f"{s}.foot": (Circle(f"{s}.foot", out * f(0.006), f(0.012), f(0.024)),),
            f"{s}.shoulder": (Circle(f"{s}.upper-arm", 0, 0, f(0.032)),),
            f"{s}.elbow": (Circle(f"{s}.forearm", 0, 0, f(0.023)),),
            f"{s}.hand": (Circle(f"{s}.hand", 0, f(0.05), f(0.016)),),
            f"{s}.fingers": (Circle(f"{s}.hand", 0, f(0.09), f(0.013)),),
        }
    return Body(
        view="front",
        segments=segments,
        points=points,
        hull=_hull(segments),
        ranges=FRONT_RANGES,
        layers=(
            ("far.thigh", "far.shank", "far.foot"),
            ("near.thigh", "near.shank", "near.foot"),
            ("pelvis", "lumbar", "thoracic", "neck", "head"),
            ("far.upper-arm", "far.forearm", "far.hand"),
            ("near.upper-arm", "near.forearm", "near.hand"),
        ),
        halo=frozenset({3, 4}),
    )


# ------------------------------------------------------------------ end view
END_RANGES: dict[str, Range] = {
    "lumbar": Range(-12, 12, "lumbar rotation (+ toward the person's right)", "lumbar rotation is small, about 10 each way (AAOS trunk rotation 45, mostly thoracic): " + EST),
    "thoracic": Range(-40, 40, "thoracic rotation (+ toward the person's right)", AAOS + ": trunk rotation 45, most of it thoracic"),
    "neck": Range(-60, 60, "neck rotation (+ toward the person's right)", AAOS + ": cervical rotation 60"),
    "hip": Range(-45, 50, "knee tips out (+) / in (-), the hip flexed", AAOS + ": abduction 45 with external rotation 45 out; adduction 30 with internal rotation 45 in"),
    "knee": Range(-60, 60, "the shin's tilt seen end-on (+ foot toward the midline)", "a projection, not a joint range: checked loosely"),
    "ankle": Range(-45, 45, "the foot's tilt seen end-on", "a projection: checked loosely"),
    "shoulder": Range(-45, 135, "horizontal adduction (+, the arm toward the front) / abduction (-)", AAOS + " (135 / 45)"),
    "elbow": Range(-5, 150, "elbow bend toward the front", AAOS + " elbow flexion 150"),
    "wrist": Range(-70, 80, "wrist bend", AAOS + " (80 / 70)"),
}


def _end_limbs(side: Literal["near", "far"]) -> list[Segment]:
    s = side
    # Seen from the head, the person's right (near) is on the screen's right.
    out = 1.0 if side == "near" else -1.0
    return [
        # A thigh points up at rest (the knee above the hip); `hip` tips the knee outward.
        Segment(f"{s}.thigh", f"{s}.hip", "pelvis", (out * f(0.05), 0), out,
                (Capsule(0, 0, f(0.05), 0, THIGH, f(0.036)),), side, rest=180),
        # The shin folds back down along the thigh; `knee` swings the foot toward the midline.
        Segment(f"{s}.shank", f"{s}.knee", f"{s}.thigh", (0, THIGH), out,
                (Capsule(0, 0, f(0.035), 0, SHANK, f(0.024)),), side, rest=180),
        Segment(f"{s}.foot", f"{s}.ankle", f"{s}.shank", (0, SHANK), out,
                (Capsule(0, 0, f(0.026), out * f(0.012), f(0.004), f(0.024)),), side),
        # An arm lies out to the side at rest; `shoulder` brings it round to the front.
        Segment(f"{s}.upper-arm", f"{s}.shoulder", "thoracic", (out * f(0.105), f(-0.01)), -out,
                (Capsule(0, 0, f(0.032), 0, UPPER_ARM, f(0.024)),), side, rest=-90 * out),
        Segment(f"{s}.forearm", f"{s}.elbow", f"{s}.upper-arm", (0, UPPER_ARM), -out,
                (Capsule(0, 0, f(0.024), 0, FOREARM, f(0.017)),), side),
        Segment(f"{s}.hand", f"{s}.wrist", f"{s}.forearm", (0, FOREARM), -out,
                (Capsule(0, f(0.012), f(0.018), 0, f(0.09), f(0.013)),), side),
    ]


def _end_body() -> Body:
    """Looking along the spine from above the head: rotations about the long axis lie in this plane."""
    trunk = [
        Segment("pelvis", "tilt", None, (0, 0), 1, (Ellipse(0, 0, f(0.097), f(0.058)),)),
        Segment("lumbar", "lumbar", "pelvis", (0, 0), 1, ()),
        Segment("thoracic", "thoracic", "lumbar", (0, 0), 1,
                (Ellipse(0, f(-0.014), f(0.1), f(0.072)), Ellipse(0, f(-0.012), f(0.125), f(0.04)))),
        Segment("neck", "neck", "thoracic", (0, 0), 0.5, ()),
        Segment("head", "neck", "neck", (0, f(-0.012)), 0.5,
                (Ellipse(0, 0, f(0.052), f(0.058)),
                 Capsule(0, f(-0.052), f(0.012), 0, f(-0.062), f(0.01)),
                 Dot(f(-0.018), f(-0.04), f(0.0055)), Dot(f(0.018), f(-0.04), f(0.0055)))),
    ]
    segments = (*trunk, *_end_limbs("far"), *_end_limbs("near"))
    points: dict[str, tuple[Circle, ...]] = {
        "head": (Circle("head", 0, 0, f(0.052)),),
        "pelvis": (Circle("pelvis", 0, f(0.018), f(0.04)),),
        "upper-back": (Circle("thoracic", 0, f(0.018), f(0.04)),),
        "shoulders": (Circle("thoracic", 0, f(0.018), f(0.04)),),
        "chest": (Circle("thoracic", 0, f(-0.046), f(0.04)),),
    }
    for s in SIDES:
        out = 1.0 if s == "near" else -1.0
        points |= {
            f"{s}.hip": (Circle("pelvis", out * f(0.07), 0, f(0.03)),),
            f"{s}.knee": (Circle(f"{s}.shank", 0, 0, f(0.035)),),
            f"{s}.foot": (Circle(f"{s}.foot", out * f(0.006), f(0.002), f(0.025)),),
            f"{s}.shoulder": (Circle(f"{s}.upper-arm", 0, 0, f(0.032)),),
            f"{s}.elbow": (Circle(f"{s}.forearm", 0, 0, f(0.024)),),
            f"{s}.hand": (Circle(f"{s}.hand", 0, f(0.05), f(0.016)),),
            f"{s}.fingers": (Circle(f"{s}.hand", 0, f(0.09), f(0.013)),),
        }
    return Body(
        view="end",
        segments=segments,
        points=points,
        hull=_hull(segments),
        ranges=END_RANGES,
        layers=(
            ("far.thigh", "far.shank", "far.foot"),
            ("near.thigh", "near.shank", "near.foot"),
            ("pelvis", "lumbar"),
            ("far.upper-arm", "far.forearm", "far.hand"),
            ("near.upper-arm", "near.forearm", "near.hand"),
            ("thoracic", "neck"),
            ("head",),
        ),
        halo=frozenset({1, 3, 4, 6}),
    )


def _hull(segments: tuple[Segment, ...]) -> tuple[Circle, ...]:
    """The outline as circles: capsule ends, the head, and a few along the trunk slabs."""
    out: list[Circle] = []
    for seg in segments:
        for shape in seg.shapes:
            if isinstance(shape, Capsule):
                out.append(Circle(seg.name, shape.x0, shape.y0, shape.r0))
                out.append(Circle(seg.name, shape.x1, shape.y1, shape.r1))
                # A long limb lying across a prop can touch between its ends.
                out.append(Circle(seg.name, (shape.x0 + shape.x1) / 2, (shape.y0 + shape.y1) / 2,
                                  (shape.r0 + shape.r1) / 2))
            elif isinstance(shape, Ellipse):
                # A tall ellipse as two circles of its narrow radius, one above the other.
                r, dy = min(shape.rx, shape.ry), abs(shape.ry - shape.rx)
                if shape.ry >= shape.rx:
                    out += [Circle(seg.name, shape.cx, shape.cy - dy, r), Circle(seg.name, shape.cx, shape.cy + dy, r)]
                else:
                    out += [Circle(seg.name, shape.cx - dy, shape.cy, r), Circle(seg.name, shape.cx + dy, shape.cy, r)]
            elif isinstance(shape, Slab):
                for y, width in shape.levels:
                    half = width / 2 - shape.rounding
                    for x in (-half, 0.0, half):
                        out.append(Circle(seg.name, x, y, shape.rounding))
    return tuple(out)


BODIES: dict[str, Body] = {"side": _side_body(), "front": _front_body(), "end": _end_body()}

CHANNELS: tuple[str, ...] = (
    "tilt", "lumbar", "thoracic", "neck",
    *(f"{s}.{j}" for s in SIDES for j in ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")),
)
LIMB_JOINTS: tuple[str, ...] = ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")
SEGMENT_OF_JOINT = {
    "hip": "thigh", "knee": "shank", "ankle": "foot",
    "shoulder": "upper-arm", "elbow": "forearm", "wrist": "hand",
}
# A contact that lies flat (two circles on one segment) needs that segment free to turn.
FLAT_FREES: dict[str, str] = {
    "hand": "wrist", "foot": "ankle", "instep": "ankle", "forearm": "elbow", "shin": "knee",
}
FOLDABLE: frozenset[str] = frozenset(
    {"pelvis", "lumbar", "thoracic", "neck"} | {f"{s}.{seg}" for s in SIDES for seg in SEGMENT_OF_JOINT.values()}
)


def range_of(body: Body, channel: str) -> Range | None:
    """The anatomical range that applies to a channel ('near.knee' uses 'knee'); None for tilt."""
    return body.ranges.get(channel.split(".")[-1]) if channel != "tilt" else None

"""The three views of the body, as data: segments, joints, contact points and drawing order.

Side view: the person faces right and we see their right side (`near`). Front view: the person
faces us, their right side (`near`) on the screen's left. End view: we look down the spine from
above the head, the person's right (`near`) on the screen's right. Lengths and widths are in
body.py, with their sources.
"""

from __future__ import annotations

from typing import Literal

from spinewise.figures.body import (
    END_RANGES,
    FOREARM,
    FRONT_RANGES,
    LUMBAR,
    NECK,
    PELVIS,
    SHANK,
    SHOULDER_DROP,
    SIDE_RANGES,
    SIDES,
    THIGH,
    THORACIC,
    UPPER_ARM,
    Body,
    Capsule,
    Circle,
    Dot,
    Ellipse,
    Segment,
    Slab,
    f,
    hull_of,
)


# ------------------------------------------------------------------ side view
def _side_limbs(side: Literal["near", "far"]) -> list[Segment]:
    s = side
    return [
        Segment(
            f"{s}.thigh",
            f"{s}.hip",
            "pelvis",
            (0, 0),
            -1,
            (Capsule(0, 0, f(0.05), 0, THIGH, f(0.034)),),
            side,
        ),
        Segment(
            f"{s}.shank",
            f"{s}.knee",
            f"{s}.thigh",
            (0, THIGH),
            1,
            (
                Capsule(0, 0, f(0.034), f(-0.006), f(0.075), f(0.034)),
                Capsule(f(-0.006), f(0.075), f(0.034), 0, SHANK, f(0.02)),
            ),
            side,
        ),
        Segment(
            f"{s}.foot",
            f"{s}.ankle",
            f"{s}.shank",
            (0, SHANK),
            -1,
            (
                Capsule(0, 0, f(0.021), f(-0.018), f(0.019), f(0.02)),
                Capsule(f(-0.018), f(0.019), f(0.02), f(0.1), f(0.028), f(0.011)),
            ),
            side,
        ),
        Segment(
            f"{s}.upper-arm",
            f"{s}.shoulder",
            "thoracic",
            (0, -(THORACIC - SHOULDER_DROP)),
            -1,
            (Capsule(0, 0, f(0.031), 0, UPPER_ARM, f(0.023)),),
            side,
        ),
        Segment(
            f"{s}.forearm",
            f"{s}.elbow",
            f"{s}.upper-arm",
            (0, UPPER_ARM),
            -1,
            (Capsule(0, 0, f(0.023), 0, FOREARM, f(0.016)),),
            side,
        ),
        Segment(
            f"{s}.hand",
            f"{s}.wrist",
            f"{s}.forearm",
            (0, FOREARM),
            -1,
            (Capsule(0, f(0.012), f(0.017), 0, f(0.094), f(0.012)),),
            side,
        ),
    ]


def _side_body() -> Body:
    head_r = f(0.061)
    trunk = [
        Segment(
            "pelvis",
            "tilt",
            None,
            (0, 0),
            1,
            (Capsule(f(-0.012), f(-0.004), f(0.066), f(-0.004), -PELVIS, f(0.06)),),
        ),
        Segment(
            "lumbar",
            "lumbar",
            "pelvis",
            (0, -PELVIS),
            1,
            (Capsule(0, 0, f(0.058), f(0.004), -LUMBAR, f(0.061)),),
        ),
        Segment(
            "thoracic",
            "thoracic",
            "lumbar",
            (0, -LUMBAR),
            1,
            (
                Capsule(f(0.004), 0, f(0.061), f(0.01), f(-0.07), f(0.07)),
                Capsule(f(0.01), f(-0.07), f(0.07), 0, -THORACIC + f(0.012), f(0.048)),
            ),
        ),
        Segment(
            "neck",
            "neck",
            "thoracic",
            (0, -THORACIC),
            0.5,
            (Capsule(0, f(0.01), f(0.032), f(0.008), -NECK, f(0.03)),),
        ),
        Segment(
            "head",
            "neck",
            "neck",
            (f(0.008), -NECK),
            0.5,
            (
                Ellipse(f(0.014), f(-0.046), head_r, head_r),
                Capsule(f(0.066), f(-0.052), f(0.01), f(0.07), f(-0.041), f(0.008)),
                Dot(f(0.044), f(-0.06), f(0.0065)),
            ),
        ),
    ]
    segments = (*trunk, *_side_limbs("far"), *_side_limbs("near"))
    points: dict[str, tuple[Circle, ...]] = {
        "head": (Circle("head", f(0.014), f(-0.046), head_r),),
        "back-of-head": (Circle("head", f(-0.042), f(-0.042), f(0.004)),),
        "pelvis": (Circle("pelvis", f(-0.012), f(-0.004), f(0.066)),),
        "lower-back": (Circle("lumbar", 0, -LUMBAR / 2, f(0.06)),),
        "upper-back": (Circle("thoracic", f(0.008), f(-0.07), f(0.07)),),
        "shoulders": (Circle("thoracic", 0, f(-0.115), f(0.055)),),
        "chest": (Circle("thoracic", f(0.01), f(-0.07), f(0.07)),),
    }
    for s in SIDES:
        points |= {
            f"{s}.knee": (Circle(f"{s}.shank", 0, 0, f(0.034)),),
            f"{s}.shin": (
                Circle(f"{s}.shank", f(0.003), f(0.02), f(0.031)),
                Circle(f"{s}.shank", f(0.011), f(0.2), f(0.022)),
            ),
            f"{s}.thigh": (Circle(f"{s}.thigh", 0, THIGH * 0.6, f(0.042)),),
            f"{s}.heel": (Circle(f"{s}.foot", f(-0.018), f(0.019), f(0.02)),),
            f"{s}.toe": (Circle(f"{s}.foot", f(0.1), f(0.028), f(0.011)),),
            f"{s}.foot": (
                Circle(f"{s}.foot", f(-0.018), f(0.019), f(0.02)),
                Circle(f"{s}.foot", f(0.1), f(0.028), f(0.011)),
            ),
            f"{s}.instep": (
                Circle(f"{s}.foot", 0, 0, f(0.021)),
                Circle(f"{s}.foot", f(0.1), f(0.028), f(0.011)),
            ),
            f"{s}.shoulder": (Circle(f"{s}.upper-arm", 0, 0, f(0.031)),),
            f"{s}.elbow": (Circle(f"{s}.forearm", 0, 0, f(0.023)),),
            f"{s}.forearm": (
                Circle(f"{s}.forearm", 0, f(0.01), f(0.023)),
                Circle(f"{s}.forearm", 0, FOREARM, f(0.016)),
            ),
            f"{s}.wrist": (Circle(f"{s}.hand", 0, 0, f(0.016)),),
            f"{s}.hand": (
                Circle(f"{s}.hand", 0, f(0.012), f(0.017)),
                Circle(f"{s}.hand", 0, f(0.094), f(0.012)),
            ),
            f"{s}.fingers": (Circle(f"{s}.hand", 0, f(0.094), f(0.012)),),
        }
    return Body(
        view="side",
        segments=segments,
        points=points,
        hull=hull_of(segments),
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
        Segment(
            f"{s}.thigh",
            f"{s}.hip",
            "pelvis",
            (out * f(0.05), 0),
            -out,
            (Capsule(0, 0, f(0.05), 0, THIGH, f(0.034)),),
            side,
        ),
        Segment(
            f"{s}.shank",
            f"{s}.knee",
            f"{s}.thigh",
            (0, THIGH),
            out,
            (Capsule(0, 0, f(0.033), 0, SHANK, f(0.021)),),
            side,
        ),
        Segment(
            f"{s}.foot",
            f"{s}.ankle",
            f"{s}.shank",
            (0, SHANK),
            out,
            (Capsule(0, 0, f(0.021), out * f(0.012), f(0.018), f(0.021)),),
            side,
        ),
        Segment(
            f"{s}.upper-arm",
            f"{s}.shoulder",
            "thoracic",
            (out * f(0.105), -(THORACIC - SHOULDER_DROP)),
            -out,
            (Capsule(0, 0, f(0.032), 0, UPPER_ARM, f(0.023)),),
            side,
        ),
        Segment(
            f"{s}.forearm",
            f"{s}.elbow",
            f"{s}.upper-arm",
            (0, UPPER_ARM),
            out,
            (Capsule(0, 0, f(0.023), 0, FOREARM, f(0.016)),),
            side,
        ),
        Segment(
            f"{s}.hand",
            f"{s}.wrist",
            f"{s}.forearm",
            (0, FOREARM),
            out,
            (Capsule(0, f(0.012), f(0.018), 0, f(0.09), f(0.013)),),
            side,
        ),
    ]


def _front_body() -> Body:
    trunk = [
        Segment(
            "pelvis",
            "tilt",
            None,
            (0, 0),
            -1,
            (Slab(((f(0.045), f(0.13)), (0, f(0.19)), (-PELVIS, f(0.165))), f(0.03)),),
        ),
        Segment(
            "lumbar",
            "lumbar",
            "pelvis",
            (0, -PELVIS),
            -1,
            (
                Ellipse(0, 0, f(0.082), f(0.05)),
                Slab(((0, f(0.165)), (f(-0.05), f(0.15)), (-LUMBAR, f(0.17))), f(0.03)),
            ),
        ),
        Segment(
            "thoracic",
            "thoracic",
            "lumbar",
            (0, -LUMBAR),
            -1,
            (
                Ellipse(0, 0, f(0.085), f(0.05)),
                Slab(
                    ((0, f(0.17)), (f(-0.07), f(0.195)), (f(-0.12), f(0.2)), (-THORACIC, f(0.15))), f(0.035)
                ),
            ),
        ),
        Segment(
            "neck",
            "neck",
            "thoracic",
            (0, -THORACIC),
            -0.5,
            (Capsule(0, f(0.01), f(0.03), 0, -NECK, f(0.028)),),
        ),
        Segment(
            "head",
            "neck",
            "neck",
            (0, -NECK),
            -0.5,
            (
                Ellipse(0, f(-0.05), f(0.047), f(0.064)),
                Dot(f(-0.017), f(-0.055), f(0.0055)),
                Dot(f(0.017), f(-0.055), f(0.0055)),
            ),
        ),
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
        hull=hull_of(segments),
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


def _end_limbs(side: Literal["near", "far"]) -> list[Segment]:
    s = side
    # Seen from the head, the person's right (near) is on the screen's right.
    out = 1.0 if side == "near" else -1.0
    return [
        # A thigh points up at rest (the knee above the hip); `hip` tips the knee outward.
        Segment(
            f"{s}.thigh",
            f"{s}.hip",
            "pelvis",
            (out * f(0.05), 0),
            out,
            (Capsule(0, 0, f(0.05), 0, THIGH, f(0.036)),),
            side,
            rest=180,
        ),
        # The shin folds back down along the thigh; `knee` swings the foot toward the midline.
        Segment(
            f"{s}.shank",
            f"{s}.knee",
            f"{s}.thigh",
            (0, THIGH),
            out,
            (Capsule(0, 0, f(0.035), 0, SHANK, f(0.024)),),
            side,
            rest=180,
        ),
        Segment(
            f"{s}.foot",
            f"{s}.ankle",
            f"{s}.shank",
            (0, SHANK),
            out,
            (Capsule(0, 0, f(0.026), out * f(0.012), f(0.004), f(0.024)),),
            side,
        ),
        # An arm lies out to the side at rest; `shoulder` brings it round to the front.
        Segment(
            f"{s}.upper-arm",
            f"{s}.shoulder",
            "thoracic",
            (out * f(0.105), f(-0.01)),
            -out,
            (Capsule(0, 0, f(0.032), 0, UPPER_ARM, f(0.024)),),
            side,
            rest=-90 * out,
        ),
        Segment(
            f"{s}.forearm",
            f"{s}.elbow",
            f"{s}.upper-arm",
            (0, UPPER_ARM),
            -out,
            (Capsule(0, 0, f(0.024), 0, FOREARM, f(0.017)),),
            side,
        ),
        Segment(
            f"{s}.hand",
            f"{s}.wrist",
            f"{s}.forearm",
            (0, FOREARM),
            -out,
            (Capsule(0, f(0.012), f(0.018), 0, f(0.09), f(0.013)),),
            side,
        ),
    ]


def _end_body() -> Body:
    """Looking along the spine from above the head: rotations about the long axis lie in this plane."""
    trunk = [
        Segment("pelvis", "tilt", None, (0, 0), 1, (Ellipse(0, 0, f(0.097), f(0.058)),)),
        Segment("lumbar", "lumbar", "pelvis", (0, 0), 1, ()),
        Segment(
            "thoracic",
            "thoracic",
            "lumbar",
            (0, 0),
            1,
            (Ellipse(0, f(-0.014), f(0.1), f(0.072)), Ellipse(0, f(-0.012), f(0.125), f(0.04))),
        ),
        Segment("neck", "neck", "thoracic", (0, 0), 0.5, ()),
        Segment(
            "head",
            "neck",
            "neck",
            (0, f(-0.012)),
            0.5,
            (
                Ellipse(0, 0, f(0.052), f(0.058)),
                Capsule(0, f(-0.052), f(0.012), 0, f(-0.062), f(0.01)),
                Dot(f(-0.018), f(-0.04), f(0.0055)),
                Dot(f(0.018), f(-0.04), f(0.0055)),
            ),
        ),
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
        hull=hull_of(segments),
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


BODIES: dict[str, Body] = {"side": _side_body(), "front": _front_body(), "end": _end_body()}

"""SVG output: the animated figure and the still.

Each joint is a nested <g>; the animation is CSS @keyframes on rotate() only (the pelvis also
translates), so limbs keep their length. The `transform` attribute of every group holds the first
frame, which is what print renderers (WeasyPrint, CairoSVG) draw. Every class and keyframe name
starts with a per-figure prefix so many figures can share a page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spinewise.figures.body import Capsule, Dot, Ellipse, Shape, Slab
from spinewise.figures.kinematics import Pose, Skeleton, X, Y
from spinewise.figures.motion import Motion
from spinewise.figures.scene import BACKREST, BENCH_LENGTH, ROLLER_R, SEAT_DEPTH, SEAT_H, TOWEL_H, TOWEL_W
from spinewise.figures.tracks import Animation, check_times, pose_at

ASPECT = 3 / 2
MARGIN = 8.0
MIN_WIDTH = 120.0
BODY = "#1b7f6e"
FAR = "#a9d4ca"
PROP = "#dfe3e8"
PROP_DARK = "#b9c1cb"
FLOOR = "#c5ccd5"
MAT = "#d6ebe5"
ARROW = "#d9822b"

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

# Colours as presentation attributes, never CSS: a strict Content-Security-Policy forbids an inline
# <style>, stills carry no stylesheet at all, and WeasyPrint paints a var() fill black.
PAINT = {
    "b": f'fill="{BODY}" stroke="{BODY}" stroke-width="0"',
    "l": f'fill="{FAR}" stroke="{FAR}" stroke-width="0"',
    "h": 'fill="#fff" stroke="#fff" stroke-width="2.6"',
    "e": 'fill="#fff" stroke="none"',
    "p": f'fill="{PROP}"',
    "q": f'fill="{PROP_DARK}"',
    "m": f'fill="{MAT}"',
    "f": f'stroke="{FLOOR}" stroke-width="1.2" fill="none"',
    "s": f'stroke="{ARROW}" stroke-width="1.4" fill="none" stroke-linecap="round"',
    "a": f'stroke="{ARROW}" stroke-width="2.2" fill="none" stroke-linecap="round" stroke-linejoin="round"',
    "k": f'fill="{ARROW}"',
}


def paint(prefix: str, kind: str) -> str:
    """The class (for tests and reviewers) and the colours of one kind of shape."""
    return f'class="{prefix}-{kind}" {PAINT[kind]}'


def num(v: float) -> str:
    """A short number: one decimal, no trailing zero, no leading zero."""
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    if text.startswith("0."):
        return text[1:]
    if text.startswith("-0."):
        return "-" + text[2:]
    return text


def pct(t: float) -> str:
    text = f"{t * 100:.2f}".rstrip("0").rstrip(".")
    return (text or "0") + "%"


# ------------------------------------------------------------------ geometry
def hull_box(skel: Skeleton, pose: Pose) -> Box:
    frames = skel.frames(pose)
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for seg, lx, ly, r in skel.hull:
        fr = frames[seg]
        x = fr.x + lx * fr.cos - ly * fr.sin
        y = fr.y + lx * fr.sin + ly * fr.cos
        if x - r < x0:
            x0 = x - r
        if x + r > x1:
            x1 = x + r
        if y - r < y0:
            y0 = y - r
        if y + r > y1:
            y1 = y + r
    return x0, y0, x1, y1


def union(a: Box, b: Box) -> Box:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def extent(motion: Motion, anim: Animation) -> Box:
    """Everything the body covers over the loop, as drawn."""
    box: Box = (math.inf, math.inf, -math.inf, -math.inf)
    for t in check_times(motion):
        box = union(box, hull_box(motion.skeleton, pose_at(motion, anim, t)))
    return box


def props_box(motion: Motion) -> Box | None:
    box: Box | None = None
    for placed in motion.props.values():
        for s in placed.surfaces:
            if placed.prop.kind == "wall":
                b: Box = (s.x0 - 3, 0.0, s.x0 + 3, 0.0)
            else:
                b = (min(s.x0, s.x1) - s.r, min(s.y0, s.y1) - s.r, max(s.x0, s.x1) + s.r, 0.0)
            if placed.prop.kind == "chair" and motion.spec.view == "side":
                b = union(b, (b[0], -(placed.prop.height or SEAT_H) - BACKREST, b[2], 0.0))
            box = b if box is None else union(box, b)
    return box


def frame(motion: Motion, body_box: Box) -> Box:
    """The view box: the body over the whole loop and the props, a margin, a 3:2 shape."""
    box = body_box
    extra = props_box(motion)
    if extra is not None:
        box = union(box, extra)
    x0, y0, x1, y1 = box[0] - MARGIN, box[1] - MARGIN, box[2] + MARGIN, max(box[3], 0.0) + MARGIN
    width, height = max(x1 - x0, MIN_WIDTH), y1 - y0
    if width / height < ASPECT:
        width = height * ASPECT
    else:
        # Room goes above the figure: the floor stays near the bottom edge.
        y0 = y1 - width / ASPECT
    cx = (box[0] + box[2]) / 2
    return cx - width / 2, y0, cx + width / 2, y1


# ------------------------------------------------------------------ shapes
def _capsule(c: Capsule, s: float) -> str:
    x0, y0, r0, x1, y1, r1 = c.x0, c.y0 * s, c.r0, c.x1, c.y1 * s, c.r1
    d = math.hypot(x1 - x0, y1 - y0)
    if d <= abs(r0 - r1) + 0.05:
        x, y, r = (x0, y0, r0) if r0 >= r1 else (x1, y1, r1)
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>'
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    nx, ny = -uy, ux
    sn = (r0 - r1) / d
    cs = math.sqrt(max(0.0, 1 - sn * sn))
    px, py = sn * ux + cs * nx, sn * uy + cs * ny
    mx, my = sn * ux - cs * nx, sn * uy - cs * ny
    a0 = (x0 + r0 * px, y0 + r0 * py)
    a1 = (x1 + r1 * px, y1 + r1 * py)
    b1 = (x1 + r1 * mx, y1 + r1 * my)
    b0 = (x0 + r0 * mx, y0 + r0 * my)
    return (
        f'<path d="M{num(a0[0])} {num(a0[1])}L{num(a1[0])} {num(a1[1])}'
        f"A{num(r1)} {num(r1)} 0 {int(sn < 0)} 0 {num(b1[0])} {num(b1[1])}"
        f'L{num(b0[0])} {num(b0[1])}A{num(r0)} {num(r0)} 0 {int(sn > 0)} 0 {num(a0[0])} {num(a0[1])}Z"/>'
    )


def _slab(slab: Slab, s: float) -> str:
    r = slab.rounding
    left = [(-(w / 2 - r), y * s) for y, w in slab.levels]
    right = [(w / 2 - r, y * s) for y, w in reversed(slab.levels)]
    pts = " ".join(f"{num(x)} {num(y)}" for x, y in (*left, *right))
    return f'<path d="M{pts}Z" stroke-width="{num(2 * r)}" stroke-linejoin="round"/>'


def shape_svg(shape: Shape, s: float, prefix: str) -> str:
    if isinstance(shape, Capsule):
        return _capsule(shape, s)
    if isinstance(shape, Slab):
        return _slab(shape, s)
    if isinstance(shape, Ellipse):
        return f'<ellipse cx="{num(shape.cx)}" cy="{num(shape.cy * s)}" rx="{num(shape.rx)}" ry="{num(shape.ry)}"/>'
    assert isinstance(shape, Dot)
    return f'<circle {paint(prefix, "e")} cx="{num(shape.cx)}" cy="{num(shape.cy * s)}" r="{num(shape.r)}"/>'


# ------------------------------------------------------------------ the body
@dataclass(frozen=True)
class Pose2D:
    """How to write one segment's group: its static rotation and, if animated, its class."""

    root: tuple[float, float, float]
    rotation: Callable[[int], float]
    css_class: Callable[[int], str | None]


def _layer(skel: Skeleton, names: frozenset[str], pose: Pose2D, prefix: str, extra: dict[int, str]) -> str:
    children: dict[int, list[int]] = {}
    for i, p in enumerate(skel.parent):
        children.setdefault(p, []).append(i)
    wanted: set[int] = set()
    for i, seg in enumerate(skel.segments):
        if seg.name in names or i in extra:
            wanted.update(skel.chain[i])
    out: list[str] = []

    def emit(i: int) -> None:
        cls = pose.css_class(i)
        cls_attr = f' class="{cls}"' if cls else ""
        if i == 0:
            x, y, a = pose.root
            out.append(f'<g{cls_attr} transform="translate({num(x)} {num(y)}) rotate({num(a)})">')
            closing = "</g>"
        else:
            ax, ay = skel.attach[i]
            shift = f"translate({num(ax)} {num(ay)})" if (num(ax), num(ay)) != ("0", "0") else ""
            turn = f"rotate({num(pose.rotation(i))})"
            if cls:
                out.append(
                    f'<g transform="{shift}"><g{cls_attr} transform="{turn}">'
                    if shift
                    else f'<g{cls_attr} transform="{turn}">'
                )
                closing = "</g></g>" if shift else "</g>"
            else:
                out.append(f'<g transform="{shift}{turn}">')
                closing = "</g>"
        seg = skel.segments[i]
        own = []
        if seg.name in names:
            scale = skel.scale[seg.name]
            own = [shape_svg(shape, scale, prefix) for shape in seg.shapes]
        if i in extra:
            own.append(extra[i])
        if not skel.body.far_first:
            out.extend(own)
        for child in children.get(i, []):
            if child in wanted:
                emit(child)
        if skel.body.far_first:
            out.extend(own)
        out.append(closing)

    emit(0)
    return "".join(out)


def body_svg(motion: Motion, pose: Pose2D, prefix: str, *, halo: bool = True) -> str:
    skel = motion.skeleton
    body = skel.body
    behind = frozenset(motion.spec.behind)
    out: list[str] = []
    for index, layer in enumerate(body.layers):
        colour = "l" if body.view == "side" and layer[0].startswith("far.") else "b"
        if ("pelvis" in layer or "thoracic" in layer) and behind:
            # Segments the figure asks for behind the trunk: a hand behind the head, say.
            for side in ("far", "near"):
                mine = frozenset(name for name in behind if name.startswith(side))
                tone = "l" if body.view == "side" and side == "far" else "b"
                if mine:
                    out.append(f"<g {paint(prefix, tone)}>{_layer(skel, mine, pose, prefix, {})}</g>")
        names = frozenset(layer) - behind
        if not names:
            continue
        if halo and index in body.halo:
            out.append(f"<g {paint(prefix, 'h')}>{_layer(skel, names, pose, prefix, {})}</g>")
        out.append(f"<g {paint(prefix, colour)}>{_layer(skel, names, pose, prefix, {})}</g>")
    straps = {
        on[0]: f'<path {paint(prefix, "s")} d="M{num(on[1])} {num(on[2])}L{num(end[1])} {num(end[2])}"/>'
        for on, end in motion.straps.values()
    }
    if straps:
        out.append(_layer(skel, frozenset(), pose, prefix, straps))
    return "".join(out)


def props_svg(motion: Motion, box: Box, prefix: str) -> str:
    """The floor, the mat and the props, drawn behind the body."""
    out: list[str] = []
    view = motion.spec.view
    p, q = paint(prefix, "p"), paint(prefix, "q")

    def rect(x: float, y: float, w: float, h: float, cls: str, r: float = 1.0) -> str:
        return f'<rect {cls} x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="{num(r)}"/>'

    for placed in motion.props.values():
        kind, x = placed.prop.kind, placed.x
        h = placed.prop.height
        if kind == "mat":
            body = extent_of_body(motion)
            out.append(rect(body[0] - 10, 0, body[2] - body[0] + 20, 1.6, paint(prefix, "m"), 0.8))
        elif kind == "roller":
            out.append(f'<circle {p} cx="{num(x)}" cy="{num(-ROLLER_R)}" r="{ROLLER_R}"/>')
            out.append(f'<circle {q} cx="{num(x)}" cy="{num(-ROLLER_R)}" r="2.2"/>')
        elif kind == "towel":
            th = h or TOWEL_H
            out.append(rect(x - TOWEL_W / 2, -th, TOWEL_W, th, p, th / 2))
        elif kind in ("chair", "bench"):
            seat = h or SEAT_H
            half = (SEAT_DEPTH if kind == "chair" else BENCH_LENGTH) / 2 if view == "side" else 23.0
            if kind == "chair":
                top = -seat - BACKREST
                if view == "side":
                    out.append(rect(x - half - 3, top, 3, BACKREST + seat, q))
                else:
                    out.append(rect(x - half + 3, top, 2 * half - 6, BACKREST - 2, p, 3))
            out.append(rect(x - half + 1, -seat + 2, 3, seat - 2, q, 0.8))
            out.append(rect(x + half - 4, -seat + 2, 3, seat - 2, q, 0.8))
            out.append(rect(x - half, -seat, 2 * half, 4, p))
        elif kind == "wall":
            behind = placed.prop.side == "behind"
            out.append(rect(x - 8 if behind else x, box[1] - 5, 8, -box[1] + 5, p, 0))
    out.append(f'<path {paint(prefix, "f")} d="M{num(box[0])} 0H{num(box[2])}"/>')
    return "".join(out)


def extent_of_body(motion: Motion) -> Box:
    box: Box = (math.inf, math.inf, -math.inf, -math.inf)
    for pose in motion.samples:
        box = union(box, hull_box(motion.skeleton, pose))
    return box


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _open(prefix: str, box: Box, title: str, extra_class: str = "") -> str:
    x0, y0, x1, y1 = box
    cls = f"{prefix} {extra_class}".strip()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{num(x0)} {num(y0)} {num(x1 - x0)} {num(y1 - y0)}"'
        f' class="{cls}" role="img" aria-labelledby="{prefix}-t"><title id="{prefix}-t">{_escape(title)}</title>'
    )


# ------------------------------------------------------------------ animated
def animated_svg(motion: Motion, anim: Animation, prefix: str, title: str, box: Box) -> tuple[str, str]:
    """The animated figure as (markup, stylesheet): the markup carries no <style> and no style
    attribute, so a page under a strict Content-Security-Policy links the stylesheet instead."""
    names: dict[tuple[tuple[float, float], ...], str] = {}
    keyframes: list[str] = []
    for keys in anim.joints.values():
        if keys not in names:
            name = f"{prefix}-{len(names)}"
            names[keys] = name
            body = "".join(
                f"{pct(t) if 0 < t < 1 else '0%,100%' if t == 0 else ''}{{transform:rotate({num(v)}deg)}}"
                for t, v in keys
                if t < 1
            )
            keyframes.append(f"@keyframes {name}{{{body}}}")
    root_class = None
    if len(anim.root) > 2:
        root_class = f"{prefix}-r"
        body = "".join(
            f"{'0%,100%' if t == 0 else pct(t)}{{transform:translate({num(x)}px,{num(y)}px) rotate({num(a)}deg)}}"
            for t, x, y, a in anim.root
            if t < 1
        )
        keyframes.append(f"@keyframes {root_class}{{{body}}}")

    def rotation(i: int) -> float:
        return anim.static[i] if i in anim.static else anim.joints[i][0][1]

    def css_class(i: int) -> str | None:
        if i == 0:
            return root_class
        return names[anim.joints[i]] if i in anim.joints else None

    _t, x, y, a = anim.root[0]
    pose = Pose2D((x, y, a), rotation, css_class)
    seconds = num(motion.spec.seconds)
    css = (
        f".{prefix} g{{animation-duration:{seconds}s;animation-timing-function:linear;animation-iteration-count:infinite}}"
        + "".join(
            f".{name}{{animation-name:{name}}}"
            for name in [*names.values(), *([root_class] if root_class else [])]
        )
        + "".join(keyframes)
        + f"@media (prefers-reduced-motion:reduce){{.{prefix}:not([data-play]) g{{animation-play-state:paused}}}}"
        + f".{prefix}[data-paused] g,[data-paused] .{prefix} g{{animation-play-state:paused}}"
    )
    markup = (
        _open(prefix, box, title) + props_svg(motion, box, prefix) + body_svg(motion, pose, prefix) + "</svg>"
    )
    return markup, css


def standalone(markup: str, css: str) -> str:
    """One self-contained SVG file (the command line, the contact sheet file): the stylesheet inside."""
    head, sep, rest = markup.partition("</title>")
    return f"{head}{sep}<style>{css}</style>{rest}"


# ------------------------------------------------------------------ still
def _static(skel: Skeleton, pose: Pose) -> Pose2D:
    return Pose2D(
        (pose[X], pose[Y], skel.relative_angle(pose, 0)),
        lambda i: skel.relative_angle(pose, i),
        lambda i: None,
    )


def end_index(motion: Motion) -> int:
    """The keyframe farthest from the start: the pose the still shows solid."""
    skel = motion.skeleton
    start = [skel.frames(motion.solved[0])]

    def spread(pose: Pose) -> float:
        frames = skel.frames(pose)
        return sum(math.hypot(a.x - b.x, a.y - b.y) for a, b in zip(start[0], frames, strict=True))

    return max(range(1, len(motion.solved)), key=lambda i: spread(motion.solved[i]))


def _trail(motion: Motion, end: int) -> tuple[list[tuple[float, float]], float]:
    """The path of the body point that travels farthest from the start to the end pose."""
    skel = motion.skeleton
    t_end = motion.spec.keyframes[end].at
    frames = [skel.frames(p) for t, p in zip(motion.times, motion.samples, strict=True) if t <= t_end + 1e-9]
    best: list[tuple[float, float]] = []
    best_len, best_r = -1.0, 0.0
    for name, circles in motion.body.points.items():
        if name.startswith("far."):
            continue
        seg, lx, ly, r = skel.local(circles[-1])
        path = [f[seg].to_world(lx, ly) for f in frames]
        length = math.hypot(path[-1][0] - path[0][0], path[-1][1] - path[0][1])
        if length > best_len:
            best, best_len, best_r = path, length, r
    return best, best_r


def _arrow(motion: Motion, end: int, prefix: str) -> str:
    path, r = _trail(motion, end)
    frames = motion.skeleton.frames(motion.solved[end])
    cx = sum(f.x for f in frames) / len(frames)
    cy = sum(f.y for f in frames) / len(frames)
    mx = sum(x for x, _ in path) / len(path)
    my = sum(y for _, y in path) / len(path)
    ox, oy = mx - cx, my - cy
    norm = math.hypot(ox, oy) or 1.0
    shift = r + 9.0
    pts = [(x + ox / norm * shift, y + oy / norm * shift) for x, y in path]
    if math.hypot(pts[-1][0] - pts[0][0], pts[-1][1] - pts[0][1]) < 6:
        # Hardly any travel: a short tick in the direction of the largest change.
        pts = [pts[0], (pts[0][0] + 6, pts[0][1])]
    (ax, ay), (bx, by) = pts[-2], pts[-1]
    d = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / d, (by - ay) / d
    tip = (bx + ux * 3, by + uy * 3)
    left = (bx - uy * 3.2, by + ux * 3.2)
    right = (bx + uy * 3.2, by - ux * 3.2)
    line = "M" + "L".join(f"{num(x)} {num(y)}" for x, y in pts)
    head = f"M{num(tip[0])} {num(tip[1])}L{num(left[0])} {num(left[1])}L{num(right[0])} {num(right[1])}Z"
    return f'<path {paint(prefix, "a")} d="{line}"/><path {paint(prefix, "k")} d="{head}"/>'


def still_svg(motion: Motion, prefix: str, title: str, box: Box) -> str:
    skel = motion.skeleton
    end = end_index(motion)
    start_pose, end_pose = motion.solved[0], motion.solved[end]
    return (
        _open(prefix, box, title)
        + props_svg(motion, box, prefix)
        + f'<g opacity=".3">{body_svg(motion, _static(skel, start_pose), prefix, halo=False)}</g>'
        + body_svg(motion, _static(skel, end_pose), prefix)
        + _arrow(motion, end, prefix)
        + "</svg>"
    )


def frames_box(motion: Motion, poses: Sequence[Pose]) -> Box:
    box: Box = (math.inf, math.inf, -math.inf, -math.inf)
    for pose in poses:
        box = union(box, hull_box(motion.skeleton, pose))
    return box

"""From keyframes to a motion: solve contacts, plant hands and knees, sample the loop.

Each keyframe is solved so its declared contacts touch their surfaces. A contact declared on the
same surface in consecutive keyframes is planted: it stays where it first landed, and between
keyframes a small damped least-squares solve (Levenberg-Marquardt over the pelvis position and
the figure's `free` joints, pulled toward the authored angles) keeps it there. A keyframe or
sample without any contact rests its lowest point on the floor.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from spinewise.figures.body import CHANNELS, LIMB_JOINTS, Body, Circle, range_of
from spinewise.figures.kinematics import CHANNEL_INDEX, POSE_SIZE, Frame, Pose, Skeleton, X, Y
from spinewise.figures.scene import FLOOR_SURFACE, PlacedProp, Surface, place
from spinewise.figures.schema import FLOOR, HELD_PROPS, FigureSpec
from spinewise.figures.views import BODIES

Local = tuple[int, float, float, float]  # segment index, x, y, radius
Point = tuple[float, float]

SAMPLES_PER_SECOND = 4
MIN_SAMPLES = 16
WARN_DEGREES = 10.0
_REG_ANGLE = 0.05  # residual weight per degree of departure from the authored angle
_REG_POSITION = 0.01  # per cm: keeps an unconstrained pelvis where it was
_LIMIT = 2.0  # per degree beyond a joint's anatomical range
_DIP = 0.2  # cm below the floor before a sample is corrected
_GOOD_ENOUGH = 0.05  # cm: a start that already meets every contact this closely is kept


def _limits(body: Body, unknown: int, fold: Mapping[str, float]) -> tuple[float, float]:
    if unknown in (X, Y):
        return -math.inf, math.inf
    found = range_of(body, CHANNELS[unknown - 2], fold)
    return (found.lo, found.hi) if found else (-math.inf, math.inf)


@dataclass(frozen=True)
class Constraint:
    kind: Literal["touch", "pin", "hold", "grip"]
    point: str  # the body point, for messages
    target: str  # floor, a prop or a body point
    circle: Local
    surface: Surface | PlacedProp | None = None  # touch
    anchor: Point | None = None  # pin: where it stays
    other: Local | None = None  # hold: the other body circle; grip: the strap's end on its segment
    run: int | None = None  # planted contacts: the keyframe whose solve fixed the anchor

    def same(self, other: Constraint) -> bool:
        return (self.point, self.target, self.circle, self.other) == (
            other.point,
            other.target,
            other.circle,
            other.other,
        )


@dataclass
class Motion:
    spec: FigureSpec
    skeleton: Skeleton
    props: dict[str, PlacedProp]
    straps: dict[str, tuple[Local, Local]]  # label -> (from circle, end point on the same segment)
    authored: list[Pose]  # each keyframe as written (with inherited angles)
    solved: list[Pose]
    key_constraints: list[list[Constraint]]
    times: list[float]  # sample times in [0, 1)
    samples: list[Pose]
    warnings: list[str] = field(default_factory=list)
    _frames: dict[int, list[Frame]] = field(default_factory=dict)
    _between: dict[tuple[int, int], list[Constraint]] = field(default_factory=dict)

    @property
    def body(self) -> Body:
        return self.skeleton.body

    def interval(self, t: float) -> int:
        """The keyframe whose interval holds time t (the last one's runs to the end of the loop)."""
        index = 0
        for i, key in enumerate(self.spec.keyframes):
            if key.at <= t + 1e-9:
                index = i
        return index

    def constraints_at(self, t: float) -> list[Constraint]:
        """What must hold at time t: a keyframe's own contacts, or those shared by both ends."""
        keys = self.spec.keyframes
        i = self.interval(t)
        if abs(keys[i].at - t) < 1e-9:
            return self.key_constraints[i]
        return self.between(i, (i + 1) % len(keys))

    def between(self, i: int, j: int) -> list[Constraint]:
        """Contacts that hold from keyframe i to j: planted ones stay at their anchor."""
        if (i, j) not in self._between:
            self._between[(i, j)] = self._shared(i, j)
        return self._between[(i, j)]

    def _shared(self, i: int, j: int) -> list[Constraint]:
        out: list[Constraint] = []
        for c in self.key_constraints[i]:
            match = next((d for d in self.key_constraints[j] if c.same(d)), None)
            if match is None:
                continue
            if c.run is not None and c.run == match.run:
                if c.run not in self._frames:
                    self._frames[c.run] = self.skeleton.frames(self.solved[c.run])
                seg, lx, ly, _r = c.circle
                anchor = self._frames[c.run][seg].to_world(lx, ly)
                out.append(
                    Constraint("pin", c.point, c.target, c.circle, c.surface, anchor=anchor, run=c.run)
                )
            elif c.kind == "pin":
                out.append(Constraint("touch", c.point, c.target, c.circle, c.surface))
            else:
                out.append(c)
        return out


# ------------------------------------------------------------------ solving
def _residuals(
    skel: Skeleton, pose: Sequence[float], constraints: Sequence[Constraint], unknowns: Sequence[int]
) -> tuple[list[float], list[list[float]]]:
    frames = skel.frames(pose)
    res: list[float] = []
    jac: list[list[float]] = []
    for c in constraints:
        seg, lx, ly, r = c.circle
        p = frames[seg].to_world(lx, ly)
        dx, dy = skel.jacobian(frames, seg, p, unknowns)
        if c.kind == "touch":
            assert c.surface is not None
            d, nx, ny = c.surface.distance(p)
            res.append(d - r)
            jac.append([nx * a + ny * b for a, b in zip(dx, dy, strict=True)])
        elif c.kind == "pin":
            assert c.anchor is not None
            res += [p[0] - c.anchor[0], p[1] - c.anchor[1]]
            jac += [dx, dy]
        else:
            assert c.other is not None
            oseg, ox, oy, orad = c.other
            q = frames[oseg].to_world(ox, oy)
            ex, ey = skel.jacobian(frames, oseg, q, unknowns)
            if c.kind == "grip":
                res += [p[0] - q[0], p[1] - q[1]]
                jac += [
                    [a - b for a, b in zip(dx, ex, strict=True)],
                    [a - b for a, b in zip(dy, ey, strict=True)],
                ]
            else:
                vx, vy = p[0] - q[0], p[1] - q[1]
                dist = math.hypot(vx, vy) or 1e-9
                res.append(dist - r - orad)
                jac.append(
                    [(vx * (a - e) + vy * (b - g)) / dist for a, b, e, g in zip(dx, dy, ex, ey, strict=True)]
                )
    return res, jac


def _solve_linear(a: list[list[float]], b: list[float]) -> list[float]:
    """Cholesky solve of a symmetric positive definite system (the damped normal equations)."""
    n = len(b)
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        row_i = low[i]
        for j in range(i + 1):
            row_j = low[j]
            total = a[i][j]
            for k in range(j):
                total -= row_i[k] * row_j[k]
            if i == j:
                row_i[i] = math.sqrt(total) if total > 1e-12 else 1e-6
            else:
                row_i[j] = total / row_j[j]
    y = [0.0] * n
    for i in range(n):
        total = b[i]
        row = low[i]
        for k in range(i):
            total -= row[k] * y[k]
        y[i] = total / row[i]
    x = [0.0] * n
    for i in range(n - 1, -1, -1):
        total = y[i]
        for k in range(i + 1, n):
            total -= low[k][i] * x[k]
        x[i] = total / low[i][i]
    return x


def solve(
    skel: Skeleton,
    start: Pose,
    target: Sequence[float],
    constraints: Sequence[Constraint],
    unknowns: Sequence[int],
    iterations: int = 30,
) -> Pose:
    """Damped least squares: meet the constraints, staying close to `target` on the unknowns."""
    pose = list(start)
    if not constraints:
        return pose
    weights = [_REG_POSITION if u in (X, Y) else _REG_ANGLE for u in unknowns]
    n = len(unknowns)
    limits = [_limits(skel.body, u, skel.fold) for u in unknowns]

    def residuals(p: Sequence[float]) -> tuple[list[float], list[list[float]]]:
        res, jac = _residuals(skel, p, constraints, unknowns)
        # A stiff spring past the end of a joint's range keeps the solve anatomical.
        for k, (u, (lo, hi)) in enumerate(zip(unknowns, limits, strict=True)):
            over = p[u] - hi if p[u] > hi else p[u] - lo if p[u] < lo else 0.0
            if over:
                res.append(_LIMIT * over)
                jac.append([_LIMIT if i == k else 0.0 for i in range(n)])
        return res, jac

    def cost_of(p: Sequence[float], res: Sequence[float]) -> float:
        reg = sum((w * (p[u] - target[u])) ** 2 for u, w in zip(unknowns, weights, strict=True))
        return sum(r * r for r in res) + reg

    res, jac = residuals(pose)
    if max((abs(r) for r in res), default=0.0) < _GOOD_ENOUGH:
        return pose
    cost = cost_of(pose, res)
    damping = 1e-3
    for _ in range(iterations):
        ata = [[0.0] * n for _ in range(n)]
        atb = [0.0] * n
        for row, r in zip(jac, res, strict=True):
            used = [(i, v) for i, v in enumerate(row) if v]
            for i, v in used:
                atb[i] += v * r
                row_i = ata[i]
                for k, w in used:
                    row_i[k] += v * w
        for i, (u, w) in enumerate(zip(unknowns, weights, strict=True)):
            ata[i][i] += w * w + damping
            atb[i] += w * w * (pose[u] - target[u])
        step = _solve_linear(ata, [-v for v in atb])
        trial = list(pose)
        for u, s in zip(unknowns, step, strict=True):
            trial[u] += s
        for far, near in skel.tied.items():
            trial[far] = trial[near]
        trial_res, trial_jac = residuals(trial)
        trial_cost = cost_of(trial, trial_res)
        if trial_cost < cost:
            gain = cost - trial_cost
            pose, res, jac, cost = trial, trial_res, trial_jac, trial_cost
            damping = max(damping / 3, 1e-6)
            # Done when the step is tiny or the fit stops improving (a hundredth of a mm, squared).
            if max(abs(s) for s in step) < 1e-3 or gain < 1e-4:
                break
        else:
            damping *= 10
            if damping > 1e4:
                break
    return pose


def lowest(skel: Skeleton, frames: Sequence[Frame]) -> tuple[float, str]:
    """The lowest point of the outline (largest y on screen) and the segment it is on."""
    deepest, where = -math.inf, 0
    for seg, lx, ly, r in skel.hull:
        fr = frames[seg]
        y = fr.y + lx * fr.sin + ly * fr.cos + r
        if y > deepest:
            deepest, where = y, seg
    return deepest, skel.segments[where].name


def _ground(skel: Skeleton, pose: Pose) -> Pose:
    deepest, _ = lowest(skel, skel.frames(pose))
    out = list(pose)
    out[Y] -= deepest
    return out


# ------------------------------------------------------------------ building
def _authored(spec: FigureSpec) -> list[Pose]:
    poses: list[Pose] = []
    current = [0.0] * POSE_SIZE
    for key in spec.keyframes:
        current = list(current)
        for name, value in key.angles().items():
            current[CHANNEL_INDEX[name]] = value
        if key.pelvis and key.pelvis.x is not None:
            current[X] = key.pelvis.x
        poses.append(current)
    return poses


def _runs(spec: FigureSpec) -> dict[tuple[int, str], int]:
    """For each (keyframe, planted contact): the keyframe whose solve fixes where it stays."""
    keys = spec.keyframes
    n = len(keys)

    def planted(i: int, point: str) -> str | None:
        key = keys[i]
        target = key.contacts.get(point)
        if target is None or point in key.slide:
            return None
        return target

    out: dict[tuple[int, str], int] = {}
    for i, key in enumerate(keys):
        for point in key.contacts:
            target = planted(i, point)
            if target is None:
                continue
            # Walk back (around the loop) while the same contact holds, to the run's first member.
            members = [i]
            j = (i - 1) % n
            while j != i and planted(j, point) == target:
                members.append(j)
                j = (j - 1) % n
            k = (i + 1) % n
            while k not in members and planted(k, point) == target:
                members.append(k)
                k = (k + 1) % n
            flagged = [m for m in members if keys[m].plant]
            out[(i, point)] = min(flagged) if flagged else min(members)
    return out


def build(spec: FigureSpec, exercise: str = "figure") -> Motion:
    skel = Skeleton(spec.view, spec.fold)
    body = BODIES[spec.view]
    authored = _authored(spec)
    first = skel.frames(authored[0])

    def world(point: str, frames: Sequence[Frame]) -> list[tuple[Point, float]]:
        out = []
        for circle in body.points[point]:
            seg, lx, ly, r = skel.local(circle)
            out.append((frames[seg].to_world(lx, ly), r))
        return out

    props: dict[str, PlacedProp] = {}
    for prop in spec.props:
        at_x = None
        if prop.at is not None:
            (cx, _cy), r = world(prop.at, first)[0]
            at_x = cx + (0 if prop.kind != "wall" else (-r if prop.side == "behind" else r))
        props[prop.label] = place(prop, spec.view, at_x)

    free = [CHANNEL_INDEX[name] for name in spec.free_channels()]
    skel.tied = _symmetric(spec, authored)
    unknowns = [X, Y, *(u for u in free if u not in skel.tied)]
    runs = _runs(spec)
    straps: dict[str, tuple[Local, Local]] = {}
    solved_at: dict[int, Pose] = {}
    constraints_at: dict[int, list[Constraint]] = {}
    warnings: list[str] = []

    def constraints_for(i: int, skip_straps: bool) -> list[Constraint]:
        key = spec.keyframes[i]
        out: list[Constraint] = []
        for point, target in key.contacts.items():
            if skel.tied and point.startswith("far.") and _mirror(point) in key.contacts:
                # A symmetric figure's far side lies exactly behind its near side.
                continue
            if target in straps:
                # One grip, wherever the point lies flat: a strap end is held in the closed hand.
                out.append(
                    Constraint("grip", point, target, _grip(skel, body, point), other=straps[target][1])
                )
                continue
            for circle in body.points[point]:
                local = skel.local(circle)
                if target in body.points:
                    # A hold is one touch between the first circles: the palm on the shin, say.
                    if circle is body.points[point][0]:
                        other = skel.local(body.points[target][0])
                        out.append(Constraint("hold", point, target, local, other=other))
                elif target in props and props[target].prop.kind in HELD_PROPS:
                    if not skip_straps:
                        raise ValueError(f"{target} is used before it is defined")
                else:
                    surface: Surface | PlacedProp = FLOOR_SURFACE if target == FLOOR else props[target]
                    run = runs.get((i, point))
                    if run is not None and run != i:
                        anchor = _anchor(skel, solved_at[run], local)
                        out.append(Constraint("pin", point, target, local, surface, anchor=anchor, run=run))
                    else:
                        out.append(Constraint("touch", point, target, local, surface, run=run))
        return out

    # A keyframe marked `plant` is solved first: the planted contacts take their places from it.
    order = sorted(range(len(authored)), key=lambda k: (not spec.keyframes[k].plant, k))
    previous: Pose | None = None
    for i in order:
        target_pose = authored[i]
        # Start from the authored angles, where the previous solve left the pelvis.
        start = list(target_pose)
        pelvis = spec.keyframes[i].pelvis
        if previous is not None:
            if pelvis is None or pelvis.x is None:
                target_pose[X] = start[X] = previous[X]
            start[Y] = previous[Y]
        opening = previous is None
        if opening:
            # Rest on the floor first, so a seat or a roller is reached from above.
            start = _ground(skel, start)
        constraints = constraints_for(i, skip_straps=opening)
        pose = solve(skel, start, target_pose, constraints, unknowns, iterations=60)
        if not any(c.kind in ("touch", "pin") for c in constraints):
            pose = _ground(skel, pose)
        pose = _lift(skel, pose)
        solved_at[i] = previous = pose
        if opening:
            straps = _hang_straps(spec, skel, body, pose)
            constraints = constraints_for(i, skip_straps=False)
        constraints_at[i] = constraints
        for u in free:
            moved = pose[u] - target_pose[u]
            if abs(moved) > WARN_DEGREES:
                name = CHANNELS[u - 2]
                warnings.append(
                    f"{exercise}: keyframe {i + 1} (at {spec.keyframes[i].at:g}): {name}: the contact solver moved it "
                    f"{moved:+.0f} degrees (authored {target_pose[u]:g}, drawn {pose[u]:.0f})"
                )
    warnings.sort()
    solved = [solved_at[k] for k in range(len(authored))]
    key_constraints = [constraints_at[k] for k in range(len(authored))]

    times = sample_times(spec)
    motion = Motion(spec, skel, props, straps, authored, solved, key_constraints, times, [], warnings)
    motion.samples = [_sample(motion, t, unknowns) for t in times]
    return motion


def _mirror(name: str) -> str:
    if name.startswith("near."):
        return "far." + name[5:]
    if name.startswith("far."):
        return "near." + name[4:]
    return name


def _symmetric(spec: FigureSpec, authored: list[Pose]) -> dict[int, int]:
    """far -> near channel indices, when both sides move alike and touch alike (side view)."""
    if spec.view != "side" or spec.behind or any(p.kind in HELD_PROPS for p in spec.props):
        return {}
    for key in spec.keyframes:
        mirrored = {_mirror(point): _mirror(target) for point, target in key.contacts.items()}
        if mirrored != key.contacts or {_mirror(p) for p in key.slide} != set(key.slide):
            return {}
    pairs = {CHANNEL_INDEX[f"far.{j}"]: CHANNEL_INDEX[f"near.{j}"] for j in LIMB_JOINTS}
    if any(pose[far] != pose[near] for pose in authored for far, near in pairs.items()):
        return {}
    return pairs


def _anchor(skel: Skeleton, pose: Pose, local: Local) -> Point:
    seg, lx, ly, _r = local
    return skel.frames(pose)[seg].to_world(lx, ly)


def _grip(skel: Skeleton, body: Body, point: str) -> Local:
    """Where a strap meets a body point: its circle, or the middle of a point that lies flat
    (the palm and fingers of a `hand` close round the strap between them)."""
    circles = [skel.local(c) for c in body.points[point]]
    seg = circles[0][0]
    n = len(circles)
    return (seg, sum(c[1] for c in circles) / n, sum(c[2] for c in circles) / n, 0.0)


def _hang_straps(spec: FigureSpec, skel: Skeleton, body: Body, pose: Pose) -> dict[str, tuple[Local, Local]]:
    """A band or strap hangs from its `on` point and reaches where `to` is in the first keyframe."""
    frames = skel.frames(pose)
    out: dict[str, tuple[Local, Local]] = {}
    for prop in spec.props:
        if prop.kind not in HELD_PROPS or prop.on is None or prop.to is None:
            continue
        on = _grip(skel, body, prop.on)
        to = _grip(skel, body, prop.to)
        end = frames[to[0]].to_world(to[1], to[2])
        fr = frames[on[0]]
        vx, vy = end[0] - fr.x, end[1] - fr.y
        # Back into the `on` segment's frame (rotate by -angle).
        lx = vx * fr.cos + vy * fr.sin
        ly = -vx * fr.sin + vy * fr.cos
        out[prop.label] = (on, (on[0], lx, ly, 0.0))
    return out


def sample_times(spec: FigureSpec) -> list[float]:
    count = max(MIN_SAMPLES, round(spec.seconds * SAMPLES_PER_SECOND))
    grid = {round(k / count, 6) for k in range(count)}
    grid |= {round(key.at, 6) for key in spec.keyframes if key.at < 1}
    return sorted(grid)


def ease(s: float) -> float:
    """Sine ease-in-out: slow at both ends, as a calm movement is."""
    return 0.5 - 0.5 * math.cos(math.pi * s)


def _sample(motion: Motion, t: float, unknowns: Sequence[int]) -> Pose:
    keys = motion.spec.keyframes
    i = motion.interval(t)
    if abs(keys[i].at - t) < 1e-9:
        return list(motion.solved[i])
    j = (i + 1) % len(keys)
    end = keys[j].at if j else 1.0
    if keys[-1].at >= 1.0 and j == 0:
        end = 1.0
    u = ease((t - keys[i].at) / (end - keys[i].at))
    a, b = motion.solved[i], motion.solved[j]
    target = [x + (y - x) * u for x, y in zip(a, b, strict=True)]
    constraints = motion.between(i, j)
    skel = motion.skeleton
    pose = solve(skel, target, target, constraints, unknowns)
    if not any(c.kind in ("touch", "pin") for c in constraints):
        return _ground(skel, pose)
    # The floor is solid: a part that dips through it on the way between keyframes (a head
    # coming down to rest, say) is held on the surface for that moment.
    held = {c.circle for c in constraints}
    for _ in range(3):
        deepest, circle = _deepest(skel, pose)
        if deepest <= _DIP or circle is None:
            break
        local = skel.local(circle)
        if local in held:
            break
        held.add(local)
        constraints = [*constraints, Constraint("touch", circle.segment, FLOOR, local, FLOOR_SURFACE)]
        pose = solve(skel, pose, target, constraints, unknowns)
    return _lift(skel, pose)


def _lift(skel: Skeleton, pose: Pose) -> Pose:
    """Where a compromise between contacts left a part a little under the floor, rise by that much:
    a contact a few millimetres short reads better than a knee sunk into the floor."""
    deepest, _segment = lowest(skel, skel.frames(pose))
    if 0 < deepest < 2:
        pose = list(pose)
        pose[Y] -= deepest
    return pose


def _deepest(skel: Skeleton, pose: Pose) -> tuple[float, Circle | None]:
    frames = skel.frames(pose)
    deepest, found = -math.inf, None
    for circle, (seg, lx, ly, r) in zip(skel.body.hull, skel.hull, strict=True):
        fr = frames[seg]
        y = fr.y + lx * fr.sin + ly * fr.cos + r
        if y > deepest:
            deepest, found = y, circle
    return deepest, found

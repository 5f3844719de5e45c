"""The `figure:` block of an exercise: view, props and keyframes of joint angles (see AUTHORING.md).

Pure pydantic, no Django: the content checker, the command line and the renderer share it.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from spinewise.figures.body import CHANNELS, FLAT_FREES, FOLDABLE, LIMB_JOINTS, SIDES
from spinewise.figures.views import BODIES

Angle = Annotated[float, Field(ge=-360, le=360)]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=30)]

PropKind = Literal["mat", "roller", "chair", "wall", "bench", "towel", "band", "strap"]
HELD_PROPS = frozenset({"band", "strap"})
FLOOR = "floor"


class Strict(BaseModel):
    # Validators built on first use: a command imports these with the exercise schema, and reads
    # a figure only when content changed.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Prop(Strict):
    """Something the body touches. Placed by `x` (cm) or `at` a body point of the first keyframe."""

    kind: PropKind
    name: Name | None = Field(default=None, description="how contacts refer to it; defaults to the kind")
    x: float | None = Field(default=None, ge=-300, le=300)
    at: str | None = Field(default=None, description="a body point: the prop is placed to touch it")
    side: Literal["behind", "front"] = Field(default="behind", description="wall: behind or in front of `at`")
    height: float | None = Field(default=None, gt=0, le=120, description="seat or towel height, cm")
    on: str | None = Field(default=None, description="band or strap: the body point it hangs from")
    to: str | None = Field(default=None, description="band or strap: the point it reaches at the start")

    @property
    def label(self) -> str:
        return self.name or self.kind

    @model_validator(mode="before")
    @classmethod
    def _bare_on(cls, data: Any) -> Any:
        # YAML 1.1 reads a bare `on:` key as the boolean true: take it as the `on` it was meant to be.
        if isinstance(data, dict) and any(key is True for key in data):
            if "on" in data:
                raise ValueError("`on` is given twice")
            data = {("on" if key is True else key): value for key, value in data.items()}
        return data

    @model_validator(mode="after")
    def _placed(self) -> Prop:
        if self.kind in HELD_PROPS:
            if not (self.on and self.to):
                raise ValueError(f"a {self.kind} needs `on` and `to` (the body points it runs between)")
            if self.x is not None or self.at is not None:
                raise ValueError(f"a {self.kind} hangs from the body: give `on` and `to`, not `x` or `at`")
        else:
            if self.on or self.to:
                raise ValueError(f"`on` and `to` are for a band or strap, not a {self.kind}")
            if self.kind != "mat" and (self.x is None) == (self.at is None):
                raise ValueError(f"place the {self.kind} with exactly one of `x` (cm) or `at` (a body point)")
        return self


class Pelvis(Strict):
    x: float | None = Field(default=None, ge=-300, le=300, description="cm along the floor")
    tilt: Angle | None = None


class Limb(Strict):
    hip: Angle | None = None
    knee: Angle | None = None
    ankle: Angle | None = None
    shoulder: Angle | None = None
    elbow: Angle | None = None
    wrist: Angle | None = None


class Keyframe(Strict):
    at: float = Field(ge=0, le=1, description="when in the loop, 0 to 1")
    say: Phrase | None = Field(default=None, description="what happens, for the figure's description")
    pelvis: Pelvis | None = None
    lumbar: Angle | None = None
    thoracic: Angle | None = None
    neck: Angle | None = None
    both: Limb | None = None
    near: Limb | None = None
    far: Limb | None = None
    contacts: dict[str, str] = Field(
        default_factory=dict, description="body point -> floor, prop or body point"
    )
    slide: list[str] = Field(default_factory=list, description="contacts that may slide along their surface")
    plant: bool = Field(default=False, description="planted contacts take their places from this keyframe")

    def angles(self) -> dict[str, float]:
        """The channels this keyframe sets (the rest keep the previous keyframe's values)."""
        out: dict[str, float] = {}
        if self.pelvis and self.pelvis.tilt is not None:
            out["tilt"] = self.pelvis.tilt
        for name in ("lumbar", "thoracic", "neck"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        for key, sides in (("both", SIDES), ("near", ("near",)), ("far", ("far",))):
            limb: Limb | None = getattr(self, key)
            if limb is None:
                continue
            for joint in LIMB_JOINTS:
                value = getattr(limb, joint)
                if value is not None:
                    for side in sides:
                        out[f"{side}.{joint}"] = value
        return out


class FigureSpec(Strict):
    """One exercise's figure: what the exercise YAML's `figure:` block holds."""

    view: Literal["side", "front", "end"] = "side"
    seconds: float = Field(default=6.0, ge=2, le=30, description="length of one loop")
    describe: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=300)] | None
    ) = None
    props: list[Prop] = Field(default_factory=list, max_length=6)
    free: list[str] = Field(default_factory=list, description="joints the contact solver may adjust")
    fold: dict[str, Annotated[float, Field(ge=0, le=170)]] = Field(
        default_factory=dict,
        description="segments turned out of the screen's plane, degrees; past 90 the segment points back",
    )
    behind: list[str] = Field(
        default_factory=list, description="near-side segments drawn behind the trunk (a hand behind the head)"
    )
    keyframes: list[Keyframe] = Field(min_length=2, max_length=12)

    def free_channels(self) -> list[str]:
        """The joints the solver may turn: `free`, and each flat contact's own joint."""
        out: list[str] = []
        for key in self.keyframes:
            for point in key.contacts:
                side, _, part = point.partition(".")
                joint = FLAT_FREES.get(part)
                if side in SIDES and joint and f"{side}.{joint}" not in out:
                    out.append(f"{side}.{joint}")
        for name in self.free:
            side, _, joint = name.partition(".")
            names = [f"{s}.{joint}" for s in SIDES] if side == "both" else [name]
            out.extend(n for n in names if n not in out)
        return out

    @model_validator(mode="after")
    def _consistent(self) -> FigureSpec:
        body = BODIES[self.view]
        times = [k.at for k in self.keyframes]
        if times[0] != 0:
            raise ValueError("the first keyframe must be at 0")
        if any(b <= a for a, b in itertools.pairwise(times)):
            raise ValueError(f"keyframe times must increase: {times}")
        labels = [p.label for p in self.props]
        if len(set(labels)) != len(labels):
            raise ValueError(f"two props share a name: {labels}; give one a `name`")
        if FLOOR in labels:
            raise ValueError("`floor` is always there; do not name a prop `floor`")
        targets = {FLOOR, *labels, *body.points}
        for prop in self.props:
            for field in ("at", "on", "to"):
                point = getattr(prop, field)
                if point is not None and point not in body.points:
                    raise ValueError(
                        f"prop {prop.label}: `{field}: {point}` is not a body point of the {self.view} view"
                    )
        for name in self.free:
            side, _, joint = name.partition(".")
            if not (name in CHANNELS or (side == "both" and joint in LIMB_JOINTS)):
                raise ValueError(
                    f"`free` lists {name!r}, which is not a joint (e.g. near.hip, both.shoulder, tilt)"
                )
        for segment in self.behind:
            if segment not in FOLDABLE or "." not in segment:
                raise ValueError(
                    f"`behind` names {segment!r}, which is not a limb segment (e.g. near.forearm)"
                )
        for segment in self.fold:
            if segment not in FOLDABLE:
                raise ValueError(
                    f"`fold` names {segment!r}, which is not a segment (e.g. near.thigh, far.forearm)"
                )
        for i, key in enumerate(self.keyframes, start=1):
            for point, target in key.contacts.items():
                if point not in body.points:
                    raise ValueError(
                        f"keyframe {i}: contact {point!r} is not a body point of the {self.view} view"
                    )
                if target not in targets:
                    raise ValueError(
                        f"keyframe {i}: {point} touches {target!r}, which is not floor, a prop or a body point"
                    )
                if target == point:
                    raise ValueError(f"keyframe {i}: {point} cannot touch itself")
            for point in key.slide:
                if point not in key.contacts:
                    raise ValueError(f"keyframe {i}: slide lists {point!r}, which is not one of its contacts")
        return self

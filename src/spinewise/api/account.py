"""The account: the profile (read and change, checked by the profile page's own form), the data
download, and deleting the account (the password confirms it, as on the page)."""

from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, QueryDict
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from spinewise.accounts.forms import DeleteAccountForm, ProfileForm
from spinewise.accounts.models import Profile
from spinewise.accounts.services import delete_account, export_data, profile_for
from spinewise.api.auth import user_of
from spinewise.api.shapes import form_problems, private

router = Router(tags=["account"])

_MULTI = ("equipment", "avoid", "days")


class ProfileOut(Schema):
    email: str
    level: str
    equipment: list[str]
    avoid: list[str]
    usual_minutes: int
    days: list[str]
    goal: str
    focus: str
    prefer: str
    time_zone: str
    reminder_time: str | None = Field(description="HH:MM in the person's time zone")
    units: str
    birth_year: int | None
    sex: str


class ProfilePatch(Schema):
    """Only the fields given change; each is checked as the profile page checks it."""

    level: str | None = Field(default=None, max_length=20)
    equipment: list[str] | None = Field(default=None, max_length=20)
    avoid: list[str] | None = Field(default=None, max_length=20)
    usual_minutes: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    days: list[str] | None = Field(default=None, max_length=7)
    goal: str | None = Field(default=None, max_length=1000)
    focus: str | None = Field(default=None, max_length=20)
    prefer: str | None = Field(default=None, max_length=20)
    time_zone: str | None = Field(default=None, max_length=64)
    reminder_time: str | None = Field(default=None, pattern=r"^\d{2}:\d{2}$", description="HH:MM, local")
    units: str | None = Field(default=None, max_length=5)
    birth_year: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    sex: str | None = Field(default=None, max_length=10)


class DeleteIn(Schema):
    password: str = Field(max_length=500)


def _profile_out(profile: Profile) -> ProfileOut:
    return ProfileOut(
        email=profile.user.email,
        level=profile.level,
        equipment=list(profile.equipment),
        avoid=list(profile.avoid),
        usual_minutes=profile.usual_minutes,
        days=list(profile.days),
        goal=profile.goal,
        focus=profile.focus,
        prefer=profile.prefer,
        time_zone=profile.time_zone,
        reminder_time=profile.reminder_time.strftime("%H:%M") if profile.reminder_time else None,
        units=profile.units,
        birth_year=profile.birth_year,
        sex=profile.sex,
    )


def _form_data(current: ProfileOut, patch: dict[str, Any]) -> QueryDict:
    """The profile as the page's form would post it, with the patched fields changed."""
    merged = {**current.model_dump(exclude={"email"}), **patch}
    data = QueryDict(mutable=True)
    for name, value in merged.items():
        if name in _MULTI:
            data.setlist(name, [str(v) for v in value or []])
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(value)
    return data


@router.get("/profile", response=private(ProfileOut), summary="The person's profile")
def get_profile(request: HttpRequest) -> ProfileOut:
    return _profile_out(profile_for(user_of(request)))


@router.patch("/profile", response=private(ProfileOut, 400), summary="Change the profile")
def patch_profile(request: HttpRequest, body: ProfilePatch) -> ProfileOut:
    profile = profile_for(user_of(request))
    form = ProfileForm(_form_data(_profile_out(profile), body.dict(exclude_unset=True)), instance=profile)
    if not form.is_valid():
        raise HttpError(400, form_problems(form))
    form.save()
    return _profile_out(profile_for(user_of(request)))


@router.get("/export", response=private(dict[str, Any]), summary="Everything spinewise keeps about you")
def export(request: HttpRequest) -> dict[str, Any]:
    return export_data(user_of(request))


@router.post("/delete", response={204: None, **private(None, 400)}, summary="Delete the account and its data")
def delete(request: HttpRequest, body: DeleteIn) -> Status[None]:
    """Everything goes (sessions, tests, screenings, programs, tokens); the password confirms it."""
    user = user_of(request)
    form = DeleteAccountForm(user, {"password": body.password})
    if not form.is_valid():
        raise HttpError(400, form_problems(form))
    delete_account(user)
    if request.session.session_key:
        logout(request)
    return Status(204, None)

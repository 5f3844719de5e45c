"""The program listens to the session record and the safety screening, so safety pauses happen at once."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from spinewise.assessments.models import Screening
from spinewise.planning.progression import STOP_PAIN
from spinewise.programs.models import Enrolment, Pause
from spinewise.training.models import Session


@receiver(post_save, sender=Session, dispatch_uid="programs-severe-pain")
def pause_on_severe_pain(sender: type[Session], instance: Session, **kwargs: Any) -> None:
    """Worst pain during (or after) a session at 8/10 or more pauses the person's program."""
    from spinewise.programs.services import local_today, pause

    worst = max(instance.worst_pain_during or 0, instance.pain_after or 0)
    if instance.user is None or worst < STOP_PAIN:
        return
    enrolment = Enrolment.objects.filter(user=instance.user, status=Enrolment.Status.ACTIVE).first()
    if enrolment is not None:
        pause(
            enrolment,
            local_today(instance.user),
            Pause.Reason.PAIN,
            f"Pain reached {worst}/10 in your session on {instance.started_at:%-d %B}: {STOP_PAIN}/10 or more is"
            " more than exercise should cause.",
        )


@receiver(post_save, sender=Screening, dispatch_uid="programs-red-flag")
def pause_on_red_flag(sender: type[Screening], instance: Screening, created: bool, **kwargs: Any) -> None:
    """A safety check that stops exercise pauses the program until a later one allows it."""
    from spinewise.programs.services import local_today, pause

    if not created or instance.user is None or instance.may_exercise:
        return
    enrolment = Enrolment.objects.current().filter(user=instance.user).first()
    if enrolment is not None:
        pause(
            enrolment,
            local_today(instance.user),
            Pause.Reason.RED_FLAG,
            "Your answers to the safety check need a clinician's advice before you train again.",
        )

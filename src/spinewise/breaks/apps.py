from typing import Any

from django.apps import AppConfig


class BreaksConfig(AppConfig):
    name = "spinewise.breaks"
    label = "breaks"
    verbose_name = "Movement breaks"

    def ready(self) -> None:
        from spinewise.accounts import exports
        from spinewise.breaks.models import BreakTaken, DeskMode
        from spinewise.breaks.services import export_breaks

        exports.register("breaks", export_breaks, covers=[DeskMode, BreakTaken])

        from django.contrib.auth.signals import user_logged_in

        from spinewise.breaks.services import remember_desk_on

        def warm(sender: object, request: Any, user: object, **kwargs: object) -> None:
            # Every page asks whether desk mode is on (for the reminder): read it at log-in.
            if request is not None and hasattr(request, "session"):
                remember_desk_on(request, user=user)

        user_logged_in.connect(warm, weak=False, dispatch_uid="breaks-desk-on")

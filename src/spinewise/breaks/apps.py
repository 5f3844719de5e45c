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

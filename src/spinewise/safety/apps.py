from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "spinewise.safety"
    label = "safety"
    verbose_name = "Safety screening"

    def ready(self) -> None:
        from spinewise.accounts import exports
        from spinewise.safety.models import Screening
        from spinewise.safety.services import export_screenings

        exports.register("screenings", export_screenings, covers=[Screening])

from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "spinewise.coaching"
    label = "coaching"
    verbose_name = "Coaching"

    def ready(self) -> None:
        from spinewise.accounts import exports
        from spinewise.coaching.export import export_coaching, export_covers

        exports.register("coaching", export_coaching, covers=export_covers())

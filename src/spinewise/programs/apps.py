from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "spinewise.programs"
    label = "programs"
    verbose_name = "Programs and access"

    def ready(self) -> None:
        from spinewise.programs import signals  # noqa: F401  (connects the receivers)

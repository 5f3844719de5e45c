from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "spinewise.library"
    label = "library"
    verbose_name = "Exercise library"

    def ready(self) -> None:
        from spinewise.library import cache

        cache.connect()

from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web face: pages that gather several apps (the front page) and the manage.py commands."""

    name = "spinewise.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        # Every write to a person's rows changes their data stamp, which their kept pages are keyed by.
        from spinewise.web.pagecache import watch_people

        watch_people()

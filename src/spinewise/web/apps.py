from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web face: pages that gather several apps (the front page) and the manage.py commands."""

    name = "spinewise.web"
    label = "web"
    verbose_name = "Web"

from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "spinewise.progress"
    label = "progress"
    verbose_name = "Progress"

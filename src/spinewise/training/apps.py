from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "spinewise.training"
    label = "training"
    verbose_name = "Routines and sessions"

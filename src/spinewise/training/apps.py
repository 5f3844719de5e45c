from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "spinewise.training"
    label = "training"
    verbose_name = "Routines and sessions"

    def ready(self) -> None:
        from spinewise.accounts import exports
        from spinewise.training.models import Favourite, Session, SessionItem
        from spinewise.training.services import export_favourites, export_sessions

        exports.register("sessions", export_sessions, covers=[Session, SessionItem])
        exports.register("favourites", export_favourites, covers=[Favourite])

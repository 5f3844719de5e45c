from typing import Any

from django.apps import AppConfig


# Programs plug into training and safety; neither of those imports programs. The hooks import their
# code when first called, so starting Django (every command) does not import the programs' services.
def _saving_refusal(session: Any) -> str | None:
    from spinewise.programs.workouts import saving_refusal

    return saving_refusal(session)


def _pause_for_severe_pain(session: Any) -> None:
    from spinewise.programs.services import pause_for_severe_pain

    pause_for_severe_pain(session)


def _pause_for_red_flag(screening: Any) -> None:
    from spinewise.programs.services import pause_for_red_flag

    pause_for_red_flag(screening)


class ProgramsConfig(AppConfig):
    name = "spinewise.programs"
    label = "programs"
    verbose_name = "Programs and access"

    def ready(self) -> None:
        from spinewise.accounts import exports
        from spinewise.programs.export import export_covers, export_programs
        from spinewise.safety import hooks as safety_hooks
        from spinewise.training import hooks as training_hooks

        training_hooks.add_saving_guard(_saving_refusal)
        training_hooks.on_session_saved(_pause_for_severe_pain)
        safety_hooks.on_screening_recorded(_pause_for_red_flag)
        exports.register("programs", export_programs, covers=export_covers())

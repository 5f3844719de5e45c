from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "spinewise.programs"
    label = "programs"
    verbose_name = "Programs and access"

    def ready(self) -> None:
        # Programs plug into training and safety; neither of those imports programs.
        from spinewise.accounts import exports
        from spinewise.programs import services, workouts
        from spinewise.programs.export import export_covers, export_programs
        from spinewise.safety import hooks as safety_hooks
        from spinewise.training import hooks as training_hooks

        training_hooks.add_saving_guard(workouts.saving_refusal)
        training_hooks.on_session_saved(services.pause_for_severe_pain)
        safety_hooks.on_screening_recorded(services.pause_for_red_flag)
        exports.register("programs", export_programs, covers=export_covers())

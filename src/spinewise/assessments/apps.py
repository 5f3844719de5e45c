from typing import Any

from django.apps import AppConfig


# The download's sections import the assessment services when a download is made, not at start-up.
def _export_assessments(user: Any) -> Any:
    from spinewise.assessments.services import export_assessments

    return export_assessments(user)


def _export_activities(user: Any) -> Any:
    from spinewise.assessments.services import export_activities

    return export_activities(user)


class AssessmentsConfig(AppConfig):
    name = "spinewise.assessments"
    label = "assessments"
    verbose_name = "Home tests and questionnaires"

    def ready(self) -> None:
        from django.utils import formats, translation

        from spinewise.accounts import exports
        from spinewise.planning import scoring

        # The scores' explanations, units and decimal marks in the reader's language.
        scoring.speak_with(
            translation.gettext, translation.pgettext, lambda: str(formats.get_format("DECIMAL_SEPARATOR"))
        )
        from spinewise.assessments.models import Assessment, FunctionActivity, FunctionRating, TestResult

        exports.register("assessments", _export_assessments, covers=[Assessment, TestResult, FunctionRating])
        exports.register("activities", _export_activities, covers=[FunctionActivity])

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "spinewise.assessments"
    label = "assessments"
    verbose_name = "Home tests and questionnaires"

    def ready(self) -> None:
        from spinewise.accounts import exports
        from spinewise.assessments.models import Assessment, FunctionActivity, FunctionRating, TestResult
        from spinewise.assessments.services import export_activities, export_assessments

        exports.register("assessments", export_assessments, covers=[Assessment, TestResult, FunctionRating])
        exports.register("activities", export_activities, covers=[FunctionActivity])

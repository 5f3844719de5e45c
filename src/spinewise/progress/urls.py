from django.urls import path

from spinewise.progress import views

app_name = "progress"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:before>/<int:after>/", views.report, name="report"),
    path("reports/<int:before>/<int:after>/pdf/", views.report_pdf, name="report-pdf"),
]

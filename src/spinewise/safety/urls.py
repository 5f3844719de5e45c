from django.urls import path
from django.views.generic import TemplateView

from spinewise.safety import views

app_name = "safety"
urlpatterns = [
    path("screening/", views.screening, name="screening"),
    path("screening/result/", views.screening_result, name="screening-result"),
    path("screening/clearance/", views.clearance, name="clearance"),
    path("check/", views.quick_check, name="quick-check"),
    path("check/clearance/", views.quick_clearance, name="quick-clearance"),
    path("about/safety/", TemplateView.as_view(template_name="safety/about.html"), name="about"),
]

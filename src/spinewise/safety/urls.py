from django.urls import path
from django.views.generic import TemplateView

from spinewise.safety import views

app_name = "safety"
urlpatterns = [
    path("screening/", views.screening, name="screening"),
    path("screening/result/", views.screening_result, name="screening-result"),
    path("check/", views.quick_check, name="quick-check"),
    path("about/safety/", TemplateView.as_view(template_name="safety/about.html"), name="about"),
]

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("exercises/", include("spinewise.library.urls")),
    path("routines/", include("spinewise.training.urls")),
    path("about/safety/", TemplateView.as_view(template_name="safety.html"), name="safety"),
    path("admin/", admin.site.urls),
]
admin.site.site_header = "spinewise administration"
admin.site.site_title = "spinewise"

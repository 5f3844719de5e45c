from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from spinewise.accounts.auth import EmailAuthenticationForm
from spinewise.health import healthz
from spinewise.web import offline
from spinewise.web.views import home

urlpatterns = [
    # First: load balancers call it every few seconds.
    path("healthz", healthz, name="healthz"),
    path("", home, name="home"),
    # The installable app: at the root, since a service worker controls only the pages below its path.
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.offline, name="offline"),
    path("exercises/", include("spinewise.library.urls")),
    path("", include("spinewise.training.urls")),
    path("play/", include("spinewise.training.urls_play")),
    path("programs/", include("spinewise.programs.urls")),
    path("tests/", include("spinewise.assessments.urls")),
    path("progress/", include("spinewise.progress.urls")),
    path("", include("spinewise.safety.urls")),
    path("", include("spinewise.accounts.urls")),
    path("login/", auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm), name="login"),
    path("", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
admin.site.site_header = "spinewise administration"
admin.site.site_title = "spinewise"

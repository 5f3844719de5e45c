from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from spinewise.accounts.auth import EmailAuthenticationForm
from spinewise.api.main import api
from spinewise.health import healthz
from spinewise.web import language, offline
from spinewise.web import views as web
from spinewise.web.views import home

# The admin modules, imported with the web's URLs (settings: SimpleAdminConfig, no autodiscovery).
admin.autodiscover()

urlpatterns = [
    # First: load balancers call it every few seconds.
    path("healthz", healthz, name="healthz"),
    path("", home, name="home"),
    # The HTTP API, its OpenAPI document (/api/v1/openapi.json) and docs (/api/v1/docs).
    path("api/v1/", api.urls),
    # The guided first visit, the coaches' explainer, the glossary and the favicon (web app).
    path("welcome/", web.welcome, name="welcome"),
    path("welcome/tests/", web.welcome_tests, name="welcome-tests"),
    path("welcome/program/", web.welcome_program, name="welcome-program"),
    path("welcome/schedule/", web.welcome_schedule, name="welcome-schedule"),
    path("welcome/calendar/", web.welcome_calendar, name="welcome-calendar"),
    path("welcome/done/", web.welcome_done, name="welcome-done"),
    path("coaches/", web.coaches, name="coaches"),
    path("glossary/", web.glossary, name="glossary"),
    path("language/", language.set_language, name="set-language"),
    path("favicon.ico", web.favicon),
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
    path("breaks/", include("spinewise.breaks.urls")),
    path("coaching/", include("spinewise.coaching.urls")),
    path("", include("spinewise.safety.urls")),
    path("", include("spinewise.accounts.urls")),
    path("login/", auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm), name="login"),
    path("", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
admin.site.site_header = "spinewise administration"
admin.site.site_title = "spinewise"

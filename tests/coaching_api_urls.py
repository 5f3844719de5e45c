"""The site's URLs plus the coaching router on a test-only NinjaAPI (the browser's session as auth);
the real API mounts the same router under /api/v1/."""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

from spinewise.api.coaching import router
from spinewise.urls import urlpatterns as site

api = NinjaAPI(urls_namespace="coaching-test-api", auth=django_auth, title="coaching test API")
api.add_router("/coaching/", router)

urlpatterns = [path("api/test/", api.urls), *site]

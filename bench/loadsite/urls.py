"""The app's URLs plus /bench/bare/: the cheapest Django view, through the same middleware."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("spinewise.urls")),
]

from django.urls import path, re_path

from spinewise.library import views

app_name = "library"
urlpatterns = [
    path("", views.exercise_list, name="list"),
    # Content-hashed, so browsers keep them for a year: a new drawing gets a new URL.
    re_path(
        r"^figures/(?P<slug>[a-z0-9-]+)\.(?P<digest>[0-9a-f]{16})\.css$", views.figure_css, name="figure-css"
    ),
    re_path(
        r"^figures/(?P<slug>[a-z0-9-]+)\.(?P<digest>[0-9a-f]{16})\.svg$",
        views.figure_still,
        name="figure-still",
    ),
    # By slug, for tables that know only the slug (routines, sessions): revalidated by ETag.
    path("<slug:slug>/still.svg", views.figure_still_by_slug, name="still"),
    path("<slug:slug>/", views.exercise_detail, name="exercise"),
]

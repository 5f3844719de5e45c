from django.urls import path

from spinewise.training import history, relief, views

app_name = "training"
urlpatterns = [
    path("routines/", views.routine_list, name="routines"),
    path("routines/<slug:slug>/", views.routine_detail, name="routine"),
    path("routines/<slug:slug>/favourite/", history.toggle_favourite, name="favourite"),
    path("relief/", relief.relief, name="relief"),
    path("history/", history.history, name="history"),
    path("history/<int:pk>/", history.session_detail, name="session"),
]

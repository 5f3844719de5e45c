from django.urls import path

from spinewise.training import views

app_name = "training"
urlpatterns = [
    path("", views.routine_list, name="routines"),
    path("<slug:slug>/", views.routine_detail, name="routine"),
]

from django.urls import path

from spinewise.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.battery, name="battery"),
    path("<int:pk>/", views.result, name="result"),
]

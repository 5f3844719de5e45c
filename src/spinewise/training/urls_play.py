from django.urls import path

from spinewise.training import play

app_name = "play"
urlpatterns = [
    path("plan/", play.plan, name="plan"),
    path("routine/<slug:slug>/", play.routine, name="routine"),
    path("again/<int:session_id>/", play.again, name="again"),
    path("sessions/", play.start_session, name="sessions"),
    path("sessions/<int:session_id>/", play.save_session, name="session"),
]

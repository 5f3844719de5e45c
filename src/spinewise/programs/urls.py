from django.urls import path

from spinewise.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("redeem/", views.redeem_code, name="redeem"),
    path("morning-check/", views.morning_check, name="morning-check"),
    path("current/", views.current, name="current"),
    path("current/calendar.ics", views.calendar_file, name="calendar"),
    path("current/pause/", views.pause_program, name="pause"),
    path("current/resume/", views.resume_program, name="resume"),
    path("current/stop/", views.stop_program, name="stop"),
    path("current/workouts/<int:number>/", views.workout, name="workout"),
    path("current/workouts/<int:number>/pain/", views.workout_pain, name="pain"),
    path("current/workouts/<int:number>/play/", views.workout_play, name="play"),
    path("current/workouts/<int:number>/sessions/", views.workout_start, name="start"),
    path("<slug:slug>/", views.program_detail, name="program"),
]

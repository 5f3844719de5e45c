from django.urls import path

from spinewise.coaching import views

app_name = "coaching"
urlpatterns = [
    path("", views.home, name="home"),
    path("invitations/", views.invite, name="invite"),
    path("invitations/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("clients/<int:link_id>/", views.client, name="client"),
    path("clients/<int:link_id>/end/", views.end_as_coach, name="end-coach"),
    path("clients/<int:link_id>/routines/new/", views.compose, name="compose"),
    path("clients/<int:link_id>/routines/<int:pk>/", views.compose, name="edit"),
    path("clients/<int:link_id>/routines/<int:pk>/handout.pdf", views.coach_handout, name="coach-handout"),
    path("clients/<int:link_id>/programs/new/", views.assign_program, name="program"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:link_id>/end/", views.end_as_client, name="end-client"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join-code"),
    path("assigned/<int:pk>/", views.assigned, name="assigned"),
    path("assigned/<int:pk>/play/", views.play, name="play"),
    path("assigned/<int:pk>/start/", views.start, name="start"),
    path("assigned/<int:pk>/handout.pdf", views.client_handout, name="handout"),
]

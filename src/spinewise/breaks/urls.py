from django.urls import path

from spinewise.breaks import views

app_name = "breaks"
urlpatterns = [
    path("", views.desk_settings, name="settings"),
    path("next.json", views.next_break, name="next"),
    path("snooze/", views.snooze, name="snooze"),
    path("skip/", views.skip, name="skip"),
    path("take/", views.take, name="take"),
    path("taken/", views.taken, name="taken"),
    path("taken/<int:pk>/", views.taken_one, name="taken-one"),
    path("calendar/new/", views.regenerate_feed, name="regenerate"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]

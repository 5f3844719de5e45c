from django.urls import path
from django.views.generic import TemplateView

from spinewise.accounts import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("privacy/", TemplateView.as_view(template_name="accounts/privacy.html"), name="privacy"),
    path("profile/", views.profile, name="profile"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.make_api_token, name="api-tokens"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke-api-token"),
    path("account/data.json", views.download_data, name="data"),
    path("account/delete/", views.delete, name="delete"),
]

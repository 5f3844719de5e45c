from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "spinewise.accounts"
    label = "accounts"
    verbose_name = "People and profiles"

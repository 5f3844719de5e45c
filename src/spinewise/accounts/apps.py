from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "spinewise.accounts"
    label = "accounts"
    verbose_name = "People and profiles"

    def ready(self) -> None:
        from spinewise.accounts import exports
        from spinewise.accounts.models import ApiToken
        from spinewise.accounts.tokens import export_tokens

        # Names, scopes and dates only: a token's digest never leaves the database.
        exports.register("api_tokens", export_tokens, covers=[ApiToken])

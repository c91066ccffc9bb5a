from django.apps import AppConfig


class UiConfig(AppConfig):
    """What the staff back-office and the storefront share: the email login form and the
    money template filters."""

    name = "ui"

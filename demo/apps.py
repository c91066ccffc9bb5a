from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and scale data. Depends on every app; no app depends on it."""

    name = "demo"

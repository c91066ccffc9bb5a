"""Every management command of the project answers --help (ops read it first), in each of
the four languages."""

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

OURS = {"shopadmin", "catalog", "customers", "groups", "discounts", "orders", "loyalty", "demo"}
COMMANDS = sorted((app, name) for name, app in get_commands().items() if app in OURS)


@pytest.mark.parametrize("language", ["en", "pl", "fr", "it"])
@pytest.mark.parametrize(("app", "name"), COMMANDS, ids=[name for _app, name in COMMANDS])
def test_the_command_explains_itself(app, name, language):
    with translation.override(language):
        command = load_command_class(app, name)
        text = command.create_parser("manage.py", name).format_help()
    assert f"usage: manage.py {name}" in text

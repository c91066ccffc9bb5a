"""The app in four languages: English is the source, and the Polish, French and Italian
catalogues hold every string of the code, translated, none fuzzy; no template shows text
that does not go through the translation tags."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["pl", "fr", "it"]
SOURCES = ["shopadmin", "catalog", "customers", "groups", "discounts", "orders", "loyalty"]
SOURCES += ["ui", "backoffice", "storefront", "demo", "templates"]
# Words a template may show as they are: the product's name.
AS_THEY_ARE = {"shopadmin"}


def catalogue(language: str, root: Path = ROOT):
    with open(root / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as file:
        return read_po(file, locale=language)


def untranslated(messages) -> list[str]:
    """The source strings of `messages` without a full translation, or marked fuzzy."""
    missing = []
    for message in messages:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_catalogue_is_translated(language):
    assert untranslated(catalogue(language)) == []
    assert not catalogue(language).fuzzy  # nor the catalogue as a whole


def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """Collect the strings again, as `make messages` does, into a copy of the catalogues:
    a string the code gained since they were last made comes out untranslated."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("gettext's xgettext is missing in CI: .ci/run installs gettext.")
        pytest.skip("xgettext is not installed (apt-get install gettext).")
    for name in [*SOURCES, "locale", "manage.py"]:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.mo")
            shutil.copytree(source, tmp_path / name, ignore=ignore)
        else:
            shutil.copy2(source, tmp_path / name)
    languages = [arg for language in LANGUAGES for arg in ("-l", language)]
    done = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *languages, "--no-obsolete"],
        cwd=tmp_path,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for language in LANGUAGES:
        missing = untranslated(catalogue(language, tmp_path))
        assert missing == [], f"{language}: run `make messages` and translate {missing}"


def template_files():
    for folder in ROOT.glob("*/templates"):
        if folder.parts[-2] in (*SOURCES, "templates"):
            yield from sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".txt"))
    yield from sorted(p for p in (ROOT / "templates").rglob("*") if p.suffix in (".html", ".txt"))


def shown_text(source: str) -> str:
    """What a template shows as it is: its text outside tags, variables, comments, HTML
    markup, the translation blocks and blocks that name CSS classes."""
    parts, skipping = [], []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name, *rest = token.contents.split() or [""]
            if name in ("blocktranslate", "blocktrans", "comment") or (
                name == "block" and rest and rest[0].endswith("_class")
            ):
                skipping.append(name)
            elif name in ("endblocktranslate", "endblocktrans", "endcomment") or (
                name == "endblock" and skipping and skipping[-1] == "block"
            ):
                skipping.pop()
            parts.append(" ")
        elif token.token_type == TokenType.TEXT and not skipping:
            parts.append(token.contents)
        else:
            parts.append(" ")
    text = "".join(parts)
    text = re.sub(r"<(script|style)\b.*?</\1>|<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>|&[a-z]+;|&#\d+;", " ", text)
    return text


@pytest.mark.parametrize(
    "path", list(template_files()), ids=lambda path: str(path.relative_to(ROOT))
)
def test_a_template_shows_only_translated_words(path):
    words = re.findall(r"[^\W\d_][^\W\d_'’-]+", shown_text(path.read_text()))
    assert [word for word in words if word not in AS_THEY_ARE] == []

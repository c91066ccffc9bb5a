"""PDF documents made from our templates with WeasyPrint, through one locked-down URL fetcher.

Customer text reaches a document only through Django's auto-escaping, so it can add no element
or stylesheet of its own; and whatever the document asks for still goes through
StaticFilesOnly, which serves our own static files by path and refuses everything else: file:,
http(s):, ftp:, data: and redirects. Fonts come from the system (fontconfig), not by URL.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The documents' own address: relative links ("/static/css/...") resolve against it, and only
# what is under STATIC_PREFIX of it is ever served. ".invalid" is never a real host.
BASE_URL = "https://documents.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class RefusedURL(ValueError):
    """A document asked for something that is not one of our static files."""


class StaticFilesOnly(URLFetcher):
    def __init__(self):
        super().__init__(allow_redirects=False)

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_PREFIX) or urlsplit(url).query:
            raise RefusedURL(f"Not one of our static files: {url[:200]}")
        relative = unquote(url.removeprefix(STATIC_PREFIX))
        if ".." in Path(relative).parts:
            raise RefusedURL(f"Not one of our static files: {url[:200]}")
        found = finders.find(relative)
        if not found:
            raise RefusedURL(f"No such static file: {relative[:200]}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(template: str, context: dict, *, stylesheet: str) -> bytes:
    """The PDF of `template` (rendered with `context`, auto-escaped) styled by the static file
    `stylesheet`; every resource is asked of one StaticFilesOnly fetcher."""
    fetcher = StaticFilesOnly()
    html = render_to_string(template, context)
    css = CSS(url=STATIC_PREFIX + stylesheet, url_fetcher=fetcher)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[css])

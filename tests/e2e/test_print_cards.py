"""In a real browser: tick customers, print their cards as one PDF, follow the job on the jobs
page and download the PDF: one page per customer, none from another shop."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerFactory
from tests.helpers import pdf_text


def test_print_the_cards_of_ticked_customers_as_one_pdf(page, live_url, two_committed_shops):
    krakow, lyon = two_committed_shops
    CustomerFactory(shop=krakow, first_name="Łucja", last_name="Wiśniewska", city="Łódź")
    CustomerFactory(shop=krakow, first_name="Françoise", last_name="Wiśniewska", city="Kraków")
    CustomerFactory(shop=krakow, first_name="Ewa", last_name="Wiśniewska", city="Gdańsk")
    CustomerFactory(shop=lyon, first_name="Perché", last_name="Wiśniewska", city="Lyon")

    log_in(page, live_url)
    page.goto(f"{live_url}/staff/customers/?q=wiśniewska&sort=name")
    page.get_by_label("Select Françoise Wiśniewska").check()
    page.get_by_label("Select Łucja Wiśniewska").check()
    page.get_by_label("Action", exact=True).select_option(label="Print cards (PDF)")
    page.get_by_role("button", name="Continue…").click()
    expect(page.get_by_test_id("bulk-count")).to_have_text(
        re.compile(r"^This applies to 2 customers\."), use_inner_text=True
    )
    expect(page.get_by_text("At most 5,000 cards in one PDF.")).to_be_visible()
    screenshot(page, "print-cards-confirm")
    page.get_by_role("button", name="Print cards (PDF)").click()

    expect(page).to_have_url(f"{live_url}/staff/jobs/")
    row = page.locator("tr[data-job]").first
    expect(row.locator(".job-percent")).to_have_text("100 %")
    expect(row).to_contain_text("2 customer cards printed.")
    screenshot(page, "print-cards-job-done")
    with page.expect_download() as download:
        row.get_by_role("link", name="Download").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    words = pdf_text(content)
    assert "Łucja Wiśniewska" in words and "Françoise Wiśniewska" in words
    assert "Ewa" not in words and "Perché" not in words
    assert words.count("\f") >= 2  # each card from a new page

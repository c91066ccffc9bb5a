"""Staff pages for pricing templates: the list with the groups that use each, the form, and
deleting a template that groups use (they then price at the list price)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import CustomerGroup, PricingTemplate
from shopadmin.tenancy import shop_context
from tests.factories import CustomerGroupFactory, PricingTemplateFactory, discount_data_of
from tests.helpers import audit, plain_text, row_text, text

LIST = reverse("staff:pricing_template_list")
CREATE = reverse("staff:pricing_template_create")


def edit_url(template):
    return reverse("staff:pricing_template_edit", args=[template.pk])


def delete_url(template):
    return reverse("staff:pricing_template_delete", args=[template.pk])


def form(**changes) -> dict:
    data = {
        "name": "Hurt −20 %",
        "base": "list_price",
        "adjustment_percent": "20",
        "min_margin_percent": "10",
    }
    data.update(changes)
    return data


def templates_of(shop):
    with shop_context(shop):
        return list(
            PricingTemplate.objects.filter(shop=shop)
            .order_by("name")
            .values_list("name", "base", "adjustment_percent", "min_margin_percent")
        )


def test_the_list_shows_each_template_and_the_groups_that_use_it(staff_client, shop):
    wholesale = PricingTemplateFactory(
        shop=shop,
        name="Hurt",
        adjustment_percent=Decimal("20"),
        min_margin_percent=Decimal("10.50"),
    )
    cost = PricingTemplateFactory(
        shop=shop, name="Koszt", base="cost", adjustment_percent=Decimal("15")
    )
    CustomerGroupFactory(shop=shop, name="Hurtownie", pricing_template=wholesale)
    CustomerGroupFactory(shop=shop, name="Apteki", pricing_template=wholesale)

    page = staff_client.get(LIST).content.decode()

    assert (
        row_text(page, wholesale)
        == "Hurt list price minus 20 % 10.5 % Apteki Hurtownie Edit Delete"
    )
    assert row_text(page, cost) == "Koszt cost plus 15 % 0 % — Edit Delete"
    assert f'href="{reverse("staff:discount_list")}"' in page


def test_an_empty_list_offers_a_first_template(staff_client, shop):
    page = staff_client.get(LIST).content.decode()
    assert "This shop has no pricing templates yet." in page


def test_the_list_comes_a_page_at_a_time_with_the_groups_of_that_page(staff_client, shop):
    templates = [PricingTemplateFactory(shop=shop, name=f"Cennik {n:02}") for n in range(30)]
    CustomerGroupFactory(shop=shop, name="Pierwsi", pricing_template=templates[0])
    late = CustomerGroupFactory(shop=shop, name="Późni", pricing_template=templates[27])

    def get(**query):
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(LIST, query)
        assert response.status_code == 200
        return response.content.decode(), len(captured)

    first, first_queries = get(per_page=25)
    second, second_queries = get(per_page=25, page=2)

    assert re.findall(r'<tr data-row="(\d+)">', second) == [str(t.pk) for t in templates[25:]]
    assert row_text(second, templates[27]) == "Cennik 27 list price minus 0 % 0 % Późni Edit Delete"
    assert "Pierwsi" not in second and f".tag-group-{late.pk}{{" in second
    assert "Showing 26–30" in second and "Page 2 of 2" in second
    assert "Page 1 of 2" in first and 'rel="next" href="?per_page=25&amp;page=2"' in first
    # Both pages count the templates (a cursor: declare, move, close); the page of templates
    # and the groups that use them are one query each, whatever the page.
    assert first_queries == second_queries == 26


@pytest.mark.parametrize("page", ["x", "-3", "0", "2.5", "99", "99999999999999999999999"])
def test_a_junk_or_too_large_page_number_shows_a_page_with_its_pager(staff_client, shop, page):
    template = PricingTemplateFactory(shop=shop, name="Hurt")

    response = staff_client.get(LIST, {"page": page, "per_page": "7"})

    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<tr data-row="(\d+)">', html) == [str(template.pk)]
    assert 'data-testid="pagination"' in html and "Page 1 of 1" in html


def test_creating_a_template(staff_client, shop, owner):
    response = staff_client.post(CREATE, form(name="  Hurt   −20 % "), follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "Created the pricing template “Hurt −20 %”." in response.content.decode()
    assert templates_of(shop) == [("Hurt −20 %", "list_price", Decimal("20"), Decimal("10"))]
    [event] = audit(shop, "pricing_template.created")
    assert event["data"] == {"name": "Hurt −20 %"}


def test_editing_a_template_shows_who_uses_it_and_saves_it(staff_client, shop):
    template = PricingTemplateFactory(shop=shop, name="Hurt", adjustment_percent=Decimal("20"))
    CustomerGroupFactory(shop=shop, name="Hurtownie", pricing_template=template)
    page = staff_client.get(edit_url(template)).content.decode()
    assert 'name="name" value="Hurt"' in page and 'name="adjustment_percent" value="20"' in page
    assert "Used by: Hurtownie" in page

    response = staff_client.post(
        edit_url(template), form(name="Koszt +15", base="cost", adjustment_percent="15")
    )

    assert response.status_code == 302
    assert templates_of(shop) == [("Koszt +15", "cost", Decimal("15"), Decimal("10"))]
    assert [event["target_id"] for event in audit(shop, "pricing_template.updated")] == [
        str(template.pk)
    ]
    [event] = audit(shop, "pricing_template.updated")
    # The groups using it are priced differently from now on: what it was is kept.
    assert event["data"]["changed"]["base"] == ["list_price", "cost"]
    assert event["data"]["changed"]["name"] == ["Hurt", "Koszt +15"]


VALIDATION = [
    ({"name": ""}, "name", "This field is required."),
    ({"name": "hurt"}, "name", "A pricing template named “hurt” exists already."),
    (
        {"base": "other"},
        "base",
        "Select a valid choice. other is not one of the available choices.",
    ),
    ({"adjustment_percent": "-1"}, "adjustment_percent", "The adjustment cannot be below 0 %."),
    (
        {"adjustment_percent": "100.01"},
        "adjustment_percent",
        "Off the list price, the adjustment is at most 100 %.",
    ),
    ({"adjustment_percent": "x"}, "adjustment_percent", "Enter a number."),
    (
        {"min_margin_percent": "-0.01"},
        "min_margin_percent",
        "The minimum margin cannot be below 0 %.",
    ),
    (
        {"min_margin_percent": "1.005"},
        "min_margin_percent",
        "Ensure that there are no more than 2 decimal places.",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), VALIDATION)
def test_the_form_says_what_is_wrong(staff_client, shop, changes, field, message):
    PricingTemplateFactory(shop=shop, name="Hurt")

    response = staff_client.post(CREATE, form(**changes))

    assert response.status_code == 200
    assert dict(response.context["form"].errors) == {field: [message]}
    assert message in text(response)
    assert [name for name, *_rest in templates_of(shop)] == ["Hurt"]


def test_cost_plus_may_add_more_than_100_percent_and_a_name_may_stay(staff_client, shop):
    template = PricingTemplateFactory(shop=shop, name="Hurt")
    response = staff_client.post(
        edit_url(template), form(name="Hurt", base="cost", adjustment_percent="150")
    )
    assert response.status_code == 302
    assert templates_of(shop) == [("Hurt", "cost", Decimal("150"), Decimal("10"))]


def test_a_name_used_in_another_shop_is_free_here(staff_client, shop, other_shop):
    theirs = discount_data_of(other_shop).template
    assert staff_client.post(CREATE, form(name=theirs.name)).status_code == 302
    assert [name for name, *_rest in templates_of(shop)] == [theirs.name]


def test_deleting_a_template_that_groups_use_says_they_will_price_at_list_price(staff_client, shop):
    template = PricingTemplateFactory(shop=shop, name="Hurt")
    groups = [
        CustomerGroupFactory(shop=shop, name=name, pricing_template=template)
        for name in ["Apteki", "Hurtownie", "Sklepy"]
    ]
    unused = PricingTemplateFactory(shop=shop, name="Nieużywany")

    page = plain_text(staff_client.get(delete_url(template)).content.decode())
    assert "Delete the pricing template “Hurt”?" in page
    assert "3 groups use this template; they will price at list price." in page
    assert "Apteki Hurtownie Sklepy" in page
    unused_page = plain_text(staff_client.get(delete_url(unused)).content.decode())
    assert "No group uses this template." in unused_page

    response = staff_client.post(delete_url(template), follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "Deleted the pricing template “Hurt”." in response.content.decode()
    assert [name for name, *_rest in templates_of(shop)] == ["Nieużywany"]
    with shop_context(shop):
        kept = CustomerGroup.objects.filter(pk__in=[group.pk for group in groups])
        assert list(kept.values_list("pricing_template", flat=True)) == [None, None, None]
    assert audit(shop, "pricing_template.deleted") == [
        {"target_id": str(template.pk), "data": {"name": "Hurt", "groups": 3}}
    ]


def test_another_shops_template_is_not_found_and_stays_as_it_was(staff_client, other_shop):
    theirs = discount_data_of(other_shop).template
    requests = [
        ("get", edit_url(theirs), {}),
        ("post", edit_url(theirs), form(name="Taken over")),
        ("get", delete_url(theirs), {}),
        ("post", delete_url(theirs), {}),
    ]
    for method, url, data in requests:
        assert getattr(staff_client, method)(url, data).status_code == 404, (method, url)
    with shop_context(other_shop):
        assert PricingTemplate.objects.get(pk=theirs.pk).name == theirs.name
        group = CustomerGroup.objects.get(pk=other_shop.demo.group.pk)
        assert group.pricing_template_id == theirs.pk


def test_staff_without_manage_discounts_are_refused_every_page(support_client, shop):
    template = PricingTemplateFactory(shop=shop, name="Hurt")
    requests = [
        ("get", LIST, {}),
        ("get", CREATE, {}),
        ("post", CREATE, form(name="Nowy")),
        ("get", edit_url(template), {}),
        ("post", edit_url(template), form(name="Zmieniony")),
        ("get", delete_url(template), {}),
        ("post", delete_url(template), {}),
    ]
    for method, url, data in requests:
        assert getattr(support_client, method)(url, data).status_code == 403, (method, url)
    assert [name for name, *_rest in templates_of(shop)] == ["Hurt"]


def test_the_service_refuses_a_template_the_form_would_refuse(shop):
    """Called from elsewhere than the form (an import, a shell), the service and then the
    database still refuse more than 100 % off the list price, or a negative percentage."""
    from django.db import IntegrityError, transaction

    from groups.services import create_pricing_template
    from shopadmin.services import ServiceError

    with shop_context(shop):
        for adjustment, margin in [("120", "0"), ("-5", "0"), ("10", "-1")]:
            with pytest.raises(ServiceError):
                create_pricing_template(
                    shop=shop,
                    actor=shop.demo.owner,
                    name="Zły",
                    base="list_price",
                    adjustment_percent=Decimal(adjustment),
                    min_margin_percent=Decimal(margin),
                )
        with pytest.raises(IntegrityError), transaction.atomic():
            PricingTemplate.objects.create(
                shop=shop, name="Zły", base="list_price", adjustment_percent=Decimal("120")
            )
        cost_plus = create_pricing_template(
            shop=shop,
            actor=shop.demo.owner,
            name="Koszt +150 %",
            base="cost",
            adjustment_percent=Decimal("150"),
            min_margin_percent=Decimal("5"),
        )
    assert cost_plus.pk
    with shop_context(shop):
        saved = PricingTemplate.objects.get(pk=cost_plus.pk)
    assert (saved.base, saved.adjustment_percent, saved.min_margin_percent) == (
        "cost",
        Decimal("150.00"),
        Decimal("5.00"),
    )

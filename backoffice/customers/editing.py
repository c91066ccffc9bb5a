"""Adding a customer, editing one's details, and the card as a PDF: the form's fields go to
customers' services, the groups to groups' (both in the request's transaction)."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from backoffice.customers.card_pdfs import render_cards, staff_name
from backoffice.customers.forms import GUEST, CustomerForm
from backoffice.decorators import staff_view
from customers import services
from customers.selectors import customers_of_shop, get_customer_for_shop
from groups import services as group_services
from groups.selectors import groups_of_customer
from shopadmin.permissions import Perm, can
from shopadmin.services import ServiceError


@staff_view(Perm.EDIT_CUSTOMERS)
def customer_create(request):
    shop, user = request.shop, request.user
    with_groups = can(user, shop, Perm.CHANGE_GROUPS)
    form = CustomerForm(
        request.POST or None,
        shop=shop,
        with_groups=with_groups,
        with_manager=can(user, shop, Perm.EDIT_ORDERS),
    )
    if request.method == "POST" and form.is_valid():
        guest = form.cleaned_data["account_type"] == GUEST
        try:
            with transaction.atomic():  # the customer and their groups, or neither
                customer = services.add_customer(
                    shop=shop, actor=user, guest=guest, **form.customer_fields()
                )
                if form.cleaned_data.get("groups"):
                    group_services.replace_customers_groups(
                        shop=shop,
                        actor=user,
                        customers=customers_of_shop(shop).filter(pk=customer.pk),
                        groups=list(form.cleaned_data["groups"]),
                    )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if guest:
                message = _("Added %(name)s, a guest.")
            else:
                message = _(
                    "Added %(name)s; a link to choose a password is on its way to %(email)s."
                )
            messages.success(
                request, message % {"name": customer.display_name, "email": customer.email}
            )
            return redirect("staff:customer_card", customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "customer": None})


@staff_view(Perm.EDIT_CUSTOMERS)
def customer_edit(request, pk):
    shop, user = request.shop, request.user
    customer = get_customer_for_shop(shop, pk)
    with_groups = can(user, shop, Perm.CHANGE_GROUPS)
    current_groups = groups_of_customer(shop, customer)
    initial = {
        name: getattr(customer, name)
        for name in services.CUSTOMER_FIELDS
        if name != "account_manager_id"
    }
    initial.update(account_manager=customer.account_manager_id, groups=current_groups)
    form = CustomerForm(
        request.POST or None,
        initial=initial,
        shop=shop,
        customer=customer,
        with_groups=with_groups,
        with_manager=can(user, shop, Perm.EDIT_ORDERS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                customer = services.update_customer(
                    shop=shop,
                    actor=user,
                    customer=customer,
                    make_login=form.cleaned_data.get("make_login", False),
                    **form.customer_fields(),
                )
                chosen = form.cleaned_data.get("groups")
                if with_groups and {g.pk for g in chosen} != {g.pk for g in current_groups}:
                    group_services.replace_customers_groups(
                        shop=shop,
                        actor=user,
                        customers=customers_of_shop(shop).filter(pk=customer.pk),
                        groups=list(chosen),
                    )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": customer.display_name})
            return redirect("staff:customer_card", customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer})


@staff_view(Perm.VIEW_CUSTOMERS)
def customer_card_pdf(request, pk):
    """The customer's card as an A4 PDF, for printing or filing; audited."""
    shop = request.shop
    customer = get_customer_for_shop(shop, pk)
    pdf = render_cards(
        shop, [customer], printed_by=staff_name(request.user), title=customer.display_name
    )
    services.record_card_printed(shop=shop, actor=request.user, customer=customer)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(customer.display_name) or f"customer-{customer.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response

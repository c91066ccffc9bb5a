"""{{ event.action|action_label }}: a kind of audit event in the reader's words."""

from django import template

from backoffice.audit.words import action_label as label_of

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return label_of(action)

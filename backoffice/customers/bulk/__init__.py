"""Bulk actions on the customer list: which customers a request selects, and the actions.

A selection is either the ticked rows or "all customers matching this search and these
filters", re-evaluated inside the current shop when the action runs. Each action names the
permission it needs, the form for its options (if any) and how it reports what it did.
"""

from backoffice.customers.bulk.actions import ACTIONS, BulkAction
from backoffice.customers.bulk.selection import SCOPE_ALL, SCOPE_SELECTED, Selection, SelectionForm

__all__ = ["ACTIONS", "SCOPE_ALL", "SCOPE_SELECTED", "BulkAction", "Selection", "SelectionForm"]

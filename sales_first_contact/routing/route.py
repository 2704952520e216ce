"""Route: where a first contact goes, as ``crm.first.contact.router`` decides."""

import dataclasses
from datetime import datetime
from typing import Any


@dataclasses.dataclass(frozen=True)
class Route:
    """The manager a first contact goes to, and why.

    The record fields are recordsets, empty when unknown: ``user`` and ``team``
    take the contact; ``client`` is the known client (its commercial entity) and
    ``opportunity`` its open opportunity; ``follow_up_user`` is an absent manager
    to tell on ``follow_up_date``, when back (R6); ``country`` and ``state`` are
    where the phone number says the contact is, when nothing else said it.
    ``rule`` is a key of the router's ``ROUTING_RULES``, ``reason`` its text;
    ``candidates`` is the duplicate search's answer (a ``SearchResult``).
    """

    user: Any
    team: Any
    rule: str
    client: Any
    opportunity: Any
    follow_up_user: Any
    follow_up_date: datetime | bool = False
    country: Any = None
    state: Any = None
    reason: str = ""
    candidates: tuple = ()

    def replace(self, **changes):
        """A copy of this route with ``changes``."""
        return dataclasses.replace(self, **changes)

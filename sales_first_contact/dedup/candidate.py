"""Candidate: one record the duplicate search found (``crm.duplicate.finder``)."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A record found by the duplicate search, and what the screens tell of it.

    ``model`` and ``id`` name the record ('res.partner' or 'crm.lead');
    ``accessible`` is whether the current user may read it, and ``name`` its
    name, False when not. ``steps`` maps each matched step ('company',
    'surname', 'phone', 'email', 'domain', 'website') to how it matched
    ('exact', 'distinctive', 'near', 'full', 'local', 'namesake'); ``level``
    is 'likely' or 'possible', and ``likely_reason`` why likely (a key of
    ``match.LIKELY_REASONS``), else False. ``owner_id``, ``owner_name`` and
    ``stage`` are of the client's open opportunity when there is one
    (``open_opportunity_id``, ``open_opportunity_owner_id``), else of the
    record; ``commercial_partner_id`` is its client. Ids are False when none.

    The fields also read as a mapping (``candidate["level"]``,
    ``candidate.get("steps")``): the compatibility access for code written
    against the earlier candidate dicts.
    """

    model: str
    id: int
    accessible: bool
    name: str | bool
    steps: dict
    level: str
    likely_reason: str | bool
    owner_id: int | bool
    owner_name: str | bool
    stage: str | bool
    open_opportunity_id: int | bool
    open_opportunity_owner_id: int | bool
    commercial_partner_id: int | bool

    def __getitem__(self, key):
        """The field ``key``, as the earlier dicts gave it (KeyError if none)."""
        if key not in _FIELD_NAMES:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key, default=None):
        """The field ``key``, or ``default`` when there is no such field."""
        return getattr(self, key) if key in _FIELD_NAMES else default

    def to_dict(self):
        """The fields as a plain dict (``steps`` copied): what leaves Python."""
        return dataclasses.asdict(self)


_FIELD_NAMES = frozenset(field.name for field in dataclasses.fields(Candidate))

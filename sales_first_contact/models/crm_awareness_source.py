from odoo import fields, models


class CrmAwarenessSource(models.Model):
    """How a client heard of the company (asked at the first call, R3)."""

    _name = "crm.awareness.source"
    _description = "How the Client Heard of Us"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "This answer already exists."),
    ]

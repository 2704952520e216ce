from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # First contact (R1, R3): kept on the commercial entity, shared by its contacts
    first_contact_source_id = fields.Many2one(
        "utm.source",
        ondelete="set null",
        help="Where the first contact with this client came from.",
    )
    first_contact_channel = fields.Selection(
        related="first_contact_source_id.first_contact_channel",
        store=True,
    )
    awareness_source_id = fields.Many2one(
        "crm.awareness.source",
        string="Heard of Us From",
        ondelete="restrict",
        help="How the client heard of the company.",
    )
    fax = fields.Char()

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "first_contact_source_id",
            "awareness_source_id",
        ]

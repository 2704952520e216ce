from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = ["res.partner", "crm.duplicate.mixin"]
    _name = "res.partner"

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

    # Duplicate search (R11): a company is found by its name, a person by the
    # surname; a contact's company is its parent, found through the parent.
    @api.model
    def _dedup_key_depends(self):
        depends = ["name", "is_company", "company_name", "parent_id", "phone"]
        depends += ["mobile", "email", "website", "country_id"]
        return depends + (["lastname"] if "lastname" in self._fields else [])

    def _dedup_raw_values(self):
        self.ensure_one()
        return {
            "company": self.name
            if self.is_company
            else (not self.parent_id and self.company_name),
            "person": not self.is_company and self.name,
            "surname": not self.is_company and self["lastname"]
            if "lastname" in self._fields
            else False,
            "phone": self.phone,
            "mobile": self.mobile,
            "email": self.email,
            "website": self.website,
            "country_code": self.country_id.code,
        }

from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = ["crm.lead", "crm.duplicate.mixin"]
    _name = "crm.lead"

    # First contact (R1): the channel follows the UTM source of the lead
    first_contact_channel = fields.Selection(
        related="source_id.first_contact_channel",
        store=True,
    )
    # What the first call captures (R3)
    awareness_source_id = fields.Many2one(
        "crm.awareness.source",
        string="Heard of Us From",
        compute="_compute_awareness_source_id",
        readonly=False,
        store=True,
        ondelete="restrict",
    )
    industry_id = fields.Many2one(
        "res.partner.industry",
        string="Line of Business",
        compute="_compute_industry_id",
        readonly=False,
        store=True,
    )
    fax = fields.Char(compute="_compute_fax", readonly=False, store=True)

    @api.depends("partner_id")
    def _compute_awareness_source_id(self):
        for lead in self:
            if lead.partner_id.awareness_source_id:
                lead.awareness_source_id = lead.partner_id.awareness_source_id

    @api.depends("partner_id")
    def _compute_industry_id(self):
        for lead in self:
            if lead.partner_id.industry_id:
                lead.industry_id = lead.partner_id.industry_id

    @api.depends("partner_id")
    def _compute_fax(self):
        for lead in self:
            if lead.partner_id.fax:
                lead.fax = lead.partner_id.fax

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        values = super()._prepare_customer_values(
            partner_name, is_company=is_company, parent_id=parent_id
        )
        values["fax"] = self.fax
        if not parent_id:
            # commercial fields: set on the commercial entity, contacts inherit them
            values.update(
                first_contact_source_id=self.source_id.id,
                awareness_source_id=self.awareness_source_id.id,
                industry_id=self.industry_id.id,
            )
        return values

    # Duplicate search (R11)
    @api.model
    def _dedup_key_depends(self):
        depends = ["partner_name", "contact_name", "phone", "mobile", "email_from"]
        depends += ["website", "country_id"]
        return depends + (
            ["contact_lastname"] if "contact_lastname" in self._fields else []
        )

    def _dedup_raw_values(self):
        self.ensure_one()
        return {
            "company": self.partner_name,
            "person": self.contact_name,
            "surname": self["contact_lastname"]
            if "contact_lastname" in self._fields
            else False,
            "phone": self.phone,
            "mobile": self.mobile,
            "email": self.email_from,
            "website": self.website,
            "country_code": self.country_id.code,
        }

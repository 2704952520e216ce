from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    fc_download_ids = fields.One2many(
        "crm.material.download", "lead_id", string="Downloads", readonly=True
    )
    fc_material_ids = fields.Many2many(
        "crm.material",
        string="Downloaded Materials",
        compute="_compute_fc_material_ids",
    )

    @api.depends("fc_download_ids.material_id")
    def _compute_fc_material_ids(self):
        for lead in self:
            lead.fc_material_ids = lead.fc_download_ids.material_id

    def website_form_input_filter(self, request, values):
        """A request from the website contact form is a website first contact."""
        values = super().website_form_input_filter(request, values)
        if not values.get("source_id"):
            source = self.env.ref(
                "sales_first_contact.utm_source_website", raise_if_not_found=False
            )
            values["source_id"] = source.id if source else False
        return values

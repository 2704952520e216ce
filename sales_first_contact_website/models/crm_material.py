from odoo import api, fields, models


class CrmMaterial(models.Model):
    """A document the website gives to a visitor who leaves their details (R8)."""

    _name = "crm.material"
    _inherit = ["website.published.multi.mixin"]
    _description = "Website Material"
    _order = "sequence, id"

    # Description
    name = fields.Char(string="Title", required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(related="website_id.company_id")
    # The document
    document = fields.Binary(attachment=True, required=True)
    document_name = fields.Char(string="File Name")
    # Downloads
    download_ids = fields.One2many(
        "crm.material.download", "material_id", string="Downloads"
    )
    download_count = fields.Integer(
        string="Number of Downloads", compute="_compute_download_count"
    )

    @api.depends("download_ids")
    def _compute_download_count(self):
        counts = dict(
            self.env["crm.material.download"]._read_group(
                [("material_id", "in", self.ids)], ["material_id"], ["__count"]
            )
        )
        for material in self:
            material.download_count = counts.get(material, 0)

    def _compute_website_url(self):
        for material in self:
            material.website_url = f"/materials/{material.id}" if material.id else "#"

    @api.model
    def _fc_published(self, website=None):
        """The materials a visitor of ``website`` (the current one) may get.

        Visitors have no access to the model: the website's pages read it as
        superuser and show only these."""
        website = website or self.env["website"].get_current_website()
        return self.sudo().search(
            [("is_published", "=", True), *website.website_domain()]
        )

    def action_fc_view_downloads(self):
        """The downloads of this material."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_first_contact_website.crm_material_download_action"
        )
        action["domain"] = [("material_id", "=", self.id)]
        return action

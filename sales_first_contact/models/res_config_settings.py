from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    first_contact_default_country_id = fields.Many2one(
        "res.country",
        string="Default Country of Phone Numbers",
        config_parameter="sales_first_contact.default_country_id",
        help="Country used to read phone numbers written without a country code "
        "when the record itself has no country.",
    )

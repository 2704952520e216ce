import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..dedup import normalize


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    first_contact_default_country_id = fields.Many2one(
        "res.country",
        string="Default Country of Phone Numbers",
        config_parameter="sales_first_contact.default_country_id",
        help="Country used to read phone numbers written without a country code "
        "when the record itself has no country.",
    )
    first_contact_duplicate_policy = fields.Selection(
        [("warn", "Warn"), ("block", "Block")],
        string="New Client Card Matching an Existing One",
        default="warn",
        config_parameter="sales_first_contact.duplicate_policy",
        help="Warn: the card shows the likely duplicates and can be saved. "
        "Block: a card that is a likely duplicate of an existing client cannot "
        "be saved by hand; the user is sent to the existing card. "
        "Imports never block: they report.",
    )
    first_contact_public_mail_domains = fields.Char(
        string="Public Mail Providers",
        config_parameter="sales_first_contact.public_mail_domains",
        help="Mail domains that are not a company's own (besides Odoo's list), "
        "separated by spaces: addresses there are not compared by domain.",
    )

    # Duty roster (R2)
    first_contact_office_tz = fields.Selection(
        "_tz_get",
        string="Office Time Zone",
        default="Europe/Moscow",
        config_parameter="sales_first_contact.office_tz",
    )
    first_contact_office_hour_from = fields.Float(
        "Office Opens",
        default=9.0,
        config_parameter="sales_first_contact.office_hour_from",
    )
    first_contact_office_hour_to = fields.Float(
        "Office Closes",
        default=18.0,
        config_parameter="sales_first_contact.office_hour_to",
    )
    first_contact_fallback_user_id = fields.Many2one(
        "res.users",
        string="Fallback Manager",
        domain=[("share", "=", False)],
        config_parameter="sales_first_contact.fallback_user_id",
        help="Takes the first contacts when nobody is on duty and no regional "
        "manager is present.",
    )

    # Commission (R7)
    first_contact_commission_rate_agent = fields.Float(
        "Agent's Commission (%)",
        default=5.0,
        config_parameter="sales_first_contact.commission_rate_agent",
    )
    first_contact_commission_rate_manager = fields.Float(
        "Manager's Commission (%)",
        default=3.0,
        config_parameter="sales_first_contact.commission_rate_manager",
    )

    @api.model
    def _tz_get(self):
        return [(tz, tz) for tz in sorted(pytz.all_timezones)]

    @api.constrains("first_contact_office_hour_from", "first_contact_office_hour_to")
    def _check_office_hours(self):
        for settings in self:
            start = settings.first_contact_office_hour_from
            end = settings.first_contact_office_hour_to
            if not 0 <= start < end <= 24:
                raise ValidationError(
                    self.env._(
                        "Office hours: the office opens before it closes, within a day."
                    )
                )

    @api.model
    def get_values(self):
        res = super().get_values()
        if (
            not self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_first_contact.public_mail_domains")
        ):
            res["first_contact_public_mail_domains"] = " ".join(
                sorted(normalize.CIS_MAIL_PROVIDERS)
            )
        return res

    def set_values(self):
        params = self.env["ir.config_parameter"].sudo()
        before = params.get_param("sales_first_contact.public_mail_domains")
        res = super().set_values()
        if params.get_param("sales_first_contact.public_mail_domains") != before:
            for model in ("res.partner", "crm.lead"):
                self.env[model]._dedup_refresh_domain_keys()
        return res

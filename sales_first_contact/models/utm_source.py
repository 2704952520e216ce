from odoo import api, fields, models
from odoo.exceptions import AccessError

# The first-contact channels of the regulation (R1). Each UTM source belongs to
# at most one of them; the channel of a lead or client follows its UTM source.
FIRST_CONTACT_CHANNELS = [
    ("incoming_call", "Incoming call"),
    ("agent", "Agent"),
    ("website", "Website"),
    ("event", "Exhibition, seminar, conference"),
    ("other", "Other channel"),
]


class UtmSource(models.Model):
    _inherit = "utm.source"
    # Odoo's source name is one text for every language (and unique): the
    # label, translatable, is what users read where it is set
    _rec_names_search = ["name", "fc_label"]

    fc_label = fields.Char(
        string="Label",
        translate=True,
        help="The name users read, in their language, in the lists, forms and "
        "reports. Empty: the source's name.",
    )
    first_contact_channel = fields.Selection(
        FIRST_CONTACT_CHANNELS,
        index=True,
        help="Channel of the sales regulation this source belongs to: leads and "
        "clients coming from this source are counted under it.",
    )

    @api.depends("name", "fc_label")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for source in self:
            source.display_name = source.fc_label or source.name

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("first_contact_channel") for vals in vals_list):
            self._check_channel_rights()
        return super().create(vals_list)

    def write(self, vals):
        if "first_contact_channel" in vals:
            self._check_channel_rights()
        return super().write(vals)

    def _check_channel_rights(self):
        """Only the head of sales decides which channel a source counts under."""
        if not self.env.su and not self.env.user.has_group(
            "sales_first_contact.group_first_contact_head"
        ):
            raise AccessError(
                self.env._(
                    "Only the head of sales may set the first contact channel "
                    "of a source."
                )
            )

from odoo import api, models
from odoo.exceptions import AccessError

from .crm_first_contact_settings_mixin import PREFIX


class CrmFirstContactSettings(models.TransientModel):
    """The head of sales' own Settings page (CRM → Configuration → First
    Contact → Settings): the addon's settings, without Odoo's Settings right,
    which would let them change every application's settings."""

    _name = "crm.first.contact.settings"
    _inherit = ["crm.first.contact.settings.mixin"]
    _description = "First Contact Settings"

    @api.model
    def default_get(self, fields_list):
        self.check_access("create")  # the settings: for the head of sales only
        res = super().default_get(fields_list)
        for name in self._setting_fields():
            if PREFIX + name in fields_list:
                value = self._get_setting(name)
                if isinstance(value, models.BaseModel):
                    value = value.exists().id
                res[PREFIX + name] = value
        return res

    def execute(self):
        """Save: store each setting (what the page's Save button calls)."""
        self.ensure_one()
        user = self.env.user
        if not (
            self.env.is_admin()
            or user.has_group("sales_first_contact.group_first_contact_head")
        ):
            raise AccessError(self.env._("Only the head of sales may change these."))
        self._set_settings(
            {name: self[PREFIX + name] for name in self._setting_fields()}
        )
        return {"type": "ir.actions.client", "tag": "reload"}

    def cancel(self):
        """Discard: reopen the page with the stored settings."""
        self.check_access("create")
        return self.env["ir.actions.act_window"]._for_xml_id(
            "sales_first_contact.crm_first_contact_settings_action"
        )

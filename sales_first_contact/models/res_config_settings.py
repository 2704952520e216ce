from odoo import models


class ResConfigSettings(models.TransientModel):
    """The First Contact block of the administrator's CRM Settings: the fields
    of ``crm.first.contact.settings.mixin`` (their defaults and their reader)."""

    _name = "res.config.settings"
    _inherit = ["res.config.settings", "crm.first.contact.settings.mixin"]

    def set_values(self):
        before = self._raw_settings()
        res = super().set_values()
        after = self._raw_settings()
        self._settings_changed({name for name in before if before[name] != after[name]})
        return res

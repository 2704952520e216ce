from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestConfigSettings(FirstContactCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()

    def test_default_country_is_russia(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            settings.first_contact_default_country_id, self.env.ref("base.ru")
        )

    def test_settings_are_saved(self):
        belarus = self.env.ref("base.by")
        self.env["res.config.settings"].create(
            {"first_contact_default_country_id": belarus.id}
        ).execute()
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_first_contact.default_country_id")
        )
        self.assertEqual(param, str(belarus.id))
        self.assertEqual(
            self.env["res.config.settings"].create({}).first_contact_default_country_id,
            belarus,
        )

    def test_settings_block_in_crm_settings(self):
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn('name="first_contact_setting_container"', arch)
        self.assertIn('name="first_contact_default_country_id"', arch)

    def test_sales_roles_cannot_change_settings(self):
        for user in (self.user_agent, self.user_manager):
            with self.assertRaises(AccessError):
                self.env["res.config.settings"].with_user(user).create({})

from odoo.tests import TransactionCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestInstall(FirstContactCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()

    def test_module_installed_with_data(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "sales_first_contact")]
        )
        self.assertEqual(module.state, "installed")
        channels = set(
            self.env["utm.source"]
            .search([("first_contact_channel", "!=", False)])
            .mapped("first_contact_channel")
        )
        self.assertEqual(
            channels, {"incoming_call", "agent", "website", "event", "other"}
        )
        self.assertTrue(self.env["crm.awareness.source"].search_count([]) >= 5)

    def test_group_implications(self):
        self.assertTrue(self.user_agent.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(
            self.user_agent.has_group("sales_team.group_sale_salesman_all_leads")
        )
        self.assertTrue(self.user_head.has_group("sales_team.group_sale_manager"))
        self.assertTrue(
            self.user_head.has_group("sales_first_contact.group_first_contact_agent")
        )
        self.assertFalse(self.user_head.has_group("base.group_system"))

    def test_configuration_menu_visible_to_head_only(self):
        menu = self.env.ref("sales_first_contact.first_contact_config_menu")
        for user, visible in (
            (self.user_head, True),
            (self.user_manager, False),
            (self.user_agent, False),
        ):
            menu_ids = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertEqual(menu.id in menu_ids, visible, user.login)

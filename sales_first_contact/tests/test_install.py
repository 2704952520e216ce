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


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """Issue 17.9: the demo is a Russian sales department, read in Russian."""

    def setUp(self):
        super().setUp()
        addon = self.env["ir.module.module"].search(
            [("name", "=", "sales_first_contact")]
        )
        if not addon.demo:
            self.skipTest("installed without its demo data")

    def test_demo_company_counts_in_roubles(self):
        rouble = self.env.ref("base.RUB")
        self.assertTrue(rouble.active)
        self.assertEqual(self.env.ref("base.main_company").currency_id, rouble)

    def test_demo_texts_are_russian(self):
        leads = self.env["crm.lead"].search(
            [
                (
                    "id",
                    "in",
                    [
                        self.env.ref(f"sales_first_contact.lead_dup_{step}").id
                        for step in (
                            "name",
                            "surname",
                            "phone",
                            "email",
                            "domain",
                            "website",
                        )
                    ],
                )
            ]
        )
        for lead in leads:
            self.assertIn("Повтор клиента, шаг", lead.description)
            self.assertNotIn("step", lead.description)
        absence = self.env.ref("sales_first_contact.absence_nsk")
        self.assertEqual(absence.reason, "Командировка")

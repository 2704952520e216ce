from odoo.tests import HttpCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestUi(FirstContactCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()

    def test_head_of_sales_reviews_first_contact_sources(self):
        self.start_tour(
            "/odoo/crm", "sales_first_contact_sources_tour", login=self.user_head.login
        )


@tagged("post_install", "-at_install")
class TestDuplicateUi(FirstContactCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.client_company = cls.env["res.partner"].create(
            {
                "name": "ООО «Тест-Ромашка»",
                "is_company": True,
                "phone": "+7 495 123-45-67",
                "email": "info@test-romashka.ru",
                "user_id": cls.user_manager.id,
            }
        )

    def test_check_client_screen(self):
        self.start_tour(
            "/odoo/crm",
            "sales_first_contact_check_client_tour",
            login=self.user_manager_2.login,
        )

    def test_lead_banner(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Website request",
                "partner_name": "Тест-Ромашка",
                "email_from": "buyer@test-romashka.ru",
                "user_id": self.user_manager_2.id,
            }
        )
        self.start_tour(
            f"/odoo/crm.lead/{lead.id}",
            "sales_first_contact_lead_banner_tour",
            login=self.user_manager_2.login,
        )


@tagged("post_install", "-at_install")
class TestIncomingCallUi(FirstContactCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.client_company = cls.env["res.partner"].create(
            {"name": "ООО «Тур-Тест»", "is_company": True, "phone": "+7 495 246-80-24"}
        )
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Тур-Тест: поставка",
                "type": "opportunity",
                "partner_id": cls.client_company.id,
                "user_id": cls.user_manager_2.id,
            }
        )

    def test_incoming_call_of_a_known_client(self):
        self.start_tour(
            "/odoo/crm",
            "sales_first_contact_incoming_call_tour",
            login=self.user_manager_2.login,
        )
        call = self.env["crm.first.contact"].search(
            [("company_name", "=", "ООО «Тур-Тест»")]
        )
        self.assertEqual(call.state, "done")
        self.assertEqual(call.lead_id, self.opportunity)
        self.assertEqual(call.rule, "open_opportunity")

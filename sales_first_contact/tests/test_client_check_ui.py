from odoo.tests import HttpCase, tagged
from odoo.tools import html2plaintext

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestCheckClientManagerUi(FirstContactCase, HttpCase):
    """Check Client in the browser as an ordinary manager ("own documents"):
    issue 17 points 3 and 12."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.client_company = cls.env["res.partner"].create(
            {
                # a long name: it must not be cut
                "name": "ООО «Тест-Ромашка Большая Производственная Компания»",
                "is_company": True,
                "phone": "+7 495 123-45-67",
                "user_id": cls.user_manager.id,
            }
        )
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Тест-Ромашка: поставка",
                "type": "opportunity",
                "partner_id": cls.client_company.id,
                "user_id": cls.user_manager.id,
            }
        )

    def test_hand_over_to_the_owner(self):
        self.start_tour(
            "/odoo/crm",
            "sales_first_contact_check_client_manager_tour",
            login=self.user_manager_2.login,
        )
        opportunity = self.opportunity
        self.assertEqual(opportunity.user_id, self.user_manager)
        line = next(
            html2plaintext(m.body)
            for m in opportunity.message_ids
            if "Rule:" in (m.body or "")
        )
        self.assertIn("Ветров Пётр", line)
        self.assertIn(self.user_manager_2.name, line)
        self.assertTrue(
            opportunity.activity_ids.filtered(lambda a: a.user_id == self.user_manager)
        )

    def test_hand_over_the_lead_being_checked(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Запрос с сайта",
                "contact_name": "Ветров Пётр",
                "phone": "+7 495 123-45-67",
                "user_id": self.user_manager_2.id,
            }
        )
        self.start_tour(
            f"/odoo/crm.lead/{lead.id}",
            "sales_first_contact_check_client_lead_tour",
            login=self.user_manager_2.login,
        )
        self.assertEqual(
            (lead.user_id, lead.first_contact_rule),
            (self.user_manager, "open_opportunity"),
        )
        self.assertEqual(self.opportunity.user_id, self.user_manager)

    def test_merge_own_leads(self):
        Lead = self.env["crm.lead"]
        email = "director@tur-dubl2.ru"
        first = Lead.create(
            {
                "name": "Первый запрос",
                "email_from": email,
                "user_id": self.user_manager_2.id,
            }
        )
        theirs = Lead.create(
            {
                "name": "Чужой запрос",
                "email_from": email,
                "user_id": self.user_manager.id,
            }
        )
        newer = Lead.create(
            {
                "name": "Повторный запрос",
                "email_from": email,
                "user_id": self.user_manager_2.id,
            }
        )
        self.start_tour(
            f"/odoo/crm.lead/{newer.id}",
            "sales_first_contact_check_client_merge_tour",
            login=self.user_manager_2.login,
        )
        self.assertEqual(len((first | newer).exists()), 1, "merged into one")
        self.assertTrue(theirs.exists())

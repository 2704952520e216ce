from datetime import timedelta

from odoo import fields
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


@tagged("post_install", "-at_install")
class TestAgentUi(FirstContactCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.env["crm.team"].search([]).write(
            {
                "is_main_office": False,
                "territory_state_ids": False,
                "territory_country_ids": False,
            }
        )
        main = cls.env["crm.team"].create(
            {
                "name": "Tour Moscow",
                "is_main_office": True,
                "member_ids": cls.user_manager.ids,
            }
        )
        now = fields.Datetime.now()
        cls.env["crm.duty.shift"].create(
            {
                "user_id": cls.user_manager.id,
                "team_id": main.id,
                "date_start": now - timedelta(hours=1),
                "date_end": now + timedelta(hours=3),
            }
        )
        call_list = cls.env["crm.call.list"].create(
            {"name": "Tour list", "agent_id": cls.user_agent.id}
        )
        cls.env["crm.call.list.line"].create(
            [
                {
                    "list_id": call_list.id,
                    "company_name": "ООО «Молчун»",
                    "phone": "+7 495 100-00-01",
                },
                {
                    "list_id": call_list.id,
                    "company_name": "ООО «Тур-Агент»",
                    "contact_name": "Гусева Алла",
                    "phone": "+7 495 100-00-02",
                },
            ]
        )

    def test_agent_hands_over_a_meeting(self):
        self.start_tour(
            "/odoo/crm", "sales_first_contact_agent_tour", login=self.user_agent.login
        )
        lead = self.env["crm.lead"].search([("partner_name", "=", "ООО «Тур-Агент»")])
        self.assertEqual(
            (lead.agent_id, lead.user_id), (self.user_agent, self.user_manager)
        )
        quiet = self.env["crm.call.list.line"].search(
            [("company_name", "=", "ООО «Молчун»")]
        )
        self.assertEqual((quiet.outcome, quiet.call_count), ("call_back", 2))
        self.assertTrue(quiet.call_back_at)


@tagged("post_install", "-at_install")
class TestAgentChatterUi(FirstContactCase, HttpCase):
    """Issue 17.7: an agent opens the opportunity he handed over and writes in
    its chatter, from *My Pipeline*."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "ООО «Тур-Агент»: встреча",
                "type": "opportunity",
                "partner_name": "ООО «Тур-Агент»",
                "user_id": cls.user_manager.id,
                "agent_id": cls.user_agent.id,
            }
        )

    def test_agent_writes_in_the_chatter_of_his_opportunity(self):
        self.start_tour(
            "/odoo/crm",
            "sales_first_contact_agent_chatter_tour",
            login=self.user_agent.login,
        )
        message = self.lead.message_ids.filtered(
            lambda m: "презентацию" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.user_agent.partner_id)
        self.assertEqual(self.lead.name, "ООО «Тур-Агент»: встреча", "unchanged")


@tagged("post_install", "-at_install")
class TestEventUi(FirstContactCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        teams = cls.env["crm.team"].search([])
        teams.write(
            {
                "is_main_office": False,
                "territory_state_ids": False,
                "territory_country_ids": False,
            }
        )
        cls.env["crm.team"].create(
            {
                "name": "Tour Moscow",
                "is_main_office": True,
                "member_ids": (cls.user_manager | cls.user_manager_2).ids,
            }
        )
        cls.env["crm.team"].create(
            {
                "name": "Tour North-West",
                "member_ids": cls.user_head.ids,
                "territory_state_ids": cls.env.ref("base.state_ru_spe").ids,
            }
        )
        cls.event = cls.env["crm.first.contact.event"].create({"name": "Тур-выставка"})

    def test_import_and_distribute_an_exhibition_list(self):
        self.start_tour(
            f"/odoo/crm.first.contact.event/{self.event.id}",
            "sales_first_contact_event_tour",
            login=self.user_manager.login,
        )
        leads = self.env["crm.lead"].search([("fc_event_id", "=", self.event.id)])
        self.assertEqual(len(leads), 4)
        shares = {
            u: len(leads.filtered(lambda lead, u=u: lead.user_id == u))
            for u in leads.user_id
        }
        self.assertEqual(
            shares, {self.user_manager: 2, self.user_manager_2: 1, self.user_head: 1}
        )


@tagged("post_install", "-at_install")
class TestHeadOfSalesRussianUi(FirstContactCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ("base", "web", "mail", "crm", "sales_team", "sales_first_contact"),
                )
            ]
        )._update_translations(["ru_RU"])
        cls.user_head.lang = "ru_RU"
        cls.env["crm.team"].search([]).write({"is_main_office": False})
        main = cls.env["crm.team"].create(
            {
                "name": "Tour Moscow",
                "is_main_office": True,
                "member_ids": cls.user_manager.ids,
            }
        )
        start = fields.Datetime.now().replace(hour=6, minute=0, second=0, microsecond=0)
        cls.shift = cls.env["crm.duty.shift"].create(
            {
                "user_id": cls.user_manager.id,
                "team_id": main.id,
                "date_start": start,
                "date_end": start + timedelta(hours=9),
            }
        )

    def test_roster_and_reports_in_russian(self):
        self.start_tour(
            "/odoo/crm",
            "sales_first_contact_head_of_sales_tour",
            login=self.user_head.login,
        )
        self.shift.invalidate_recordset()
        self.assertTrue(self.shift.shared, "the roster was edited")

    def test_settings_in_russian(self):
        """Issue 17.2: the head of sales opens and saves the addon's Settings
        from the CRM menu, without Odoo's Settings right."""
        self.assertFalse(self.user_head.has_group("base.group_system"))
        Settings = self.env["crm.first.contact.settings"]
        Settings._set_settings({"fallback_user_id": False, "commission_rate_agent": 5})
        self.start_tour(
            "/odoo/crm", "sales_first_contact_settings_tour", login=self.user_head.login
        )
        self.assertEqual(Settings._get_setting("fallback_user_id"), self.user_manager)
        self.assertEqual(Settings._get_setting("commission_rate_agent"), 7.0)


@tagged("post_install", "-at_install")
class TestMergeDuplicateUi(FirstContactCase, HttpCase):
    def test_manager_merges_a_duplicate(self):
        self.setUpFirstContactUsers()
        older = self.env["crm.lead"].create(
            {
                "name": "Older request",
                "type": "opportunity",
                "email_from": "director@tur-dubl.ru",
                "user_id": self.user_manager.id,
            }
        )
        newer = self.env["crm.lead"].create(
            {
                "name": "Newer request",
                "type": "opportunity",
                "email_from": "Director <DIRECTOR@tur-dubl.ru>",
                "user_id": self.user_manager.id,
            }
        )
        self.start_tour(
            f"/odoo/crm.lead/{newer.id}",
            "sales_first_contact_merge_tour",
            login=self.user_manager.login,
        )
        self.assertEqual(len((older | newer).exists()), 1, "merged into one")

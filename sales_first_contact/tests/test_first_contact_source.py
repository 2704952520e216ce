from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestFirstContactSource(FirstContactCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()

    def test_lead_channel_follows_utm_source(self):
        lead = self.env["crm.lead"].create(
            {"name": "Price request", "source_id": self.source_call.id}
        )
        self.assertEqual(lead.first_contact_channel, "incoming_call")
        lead.source_id = self.source_exhibition
        self.assertEqual(lead.first_contact_channel, "event")
        lead.source_id = False
        self.assertFalse(lead.first_contact_channel)

    def test_other_channel_sub_kinds(self):
        for xmlid in ("personal", "database", "catalog", "press"):
            source = self.env.ref(f"sales_first_contact.utm_source_{xmlid}")
            self.assertEqual(source.first_contact_channel, "other", xmlid)

    def test_channel_change_on_source_reaches_stored_leads(self):
        source = self.env["utm.source"].create({"name": "Trade fair catalogue 2026"})
        lead = self.env["crm.lead"].create({"name": "Lead", "source_id": source.id})
        self.assertFalse(lead.first_contact_channel)
        source.with_user(self.user_head).first_contact_channel = "event"
        self.assertEqual(lead.first_contact_channel, "event")
        found = self.env["crm.lead"].search(
            [("first_contact_channel", "=", "event"), ("id", "=", lead.id)]
        )
        self.assertEqual(found, lead, "the channel is stored and searchable")

    def test_only_head_of_sales_sets_the_channel(self):
        source = self.env["utm.source"].create({"name": "Newsletter March"})
        for user in (self.user_agent, self.user_manager):
            with self.assertRaises(AccessError):
                source.with_user(user).first_contact_channel = "website"
            with self.assertRaises(AccessError):
                self.env["utm.source"].with_user(user).create(
                    {
                        "name": f"Own source {user.login}",
                        "first_contact_channel": "other",
                    }
                )
        # a plain source, as Odoo allows every user, still works
        plain = (
            self.env["utm.source"]
            .with_user(self.user_manager)
            .create({"name": "Manager's own source"})
        )
        self.assertFalse(plain.first_contact_channel)
        source.with_user(self.user_head).first_contact_channel = "website"
        self.assertEqual(source.first_contact_channel, "website")

    def test_partner_source_is_shared_by_contacts(self):
        company = self.env["res.partner"].create(
            {
                "name": "ООО «Ромашка»",
                "is_company": True,
                "first_contact_source_id": self.source_press.id,
            }
        )
        contact = self.env["res.partner"].create(
            {"name": "Иванов Пётр", "parent_id": company.id}
        )
        self.assertEqual(contact.first_contact_source_id, self.source_press)
        self.assertEqual(contact.first_contact_channel, "other")
        company.first_contact_source_id = self.source_call
        self.assertEqual(contact.first_contact_channel, "incoming_call")


@tagged("post_install", "-at_install")
class TestFirstContactSourceInRussian(FirstContactCase, TransactionCase):
    """Issue 17.9: Odoo's source name is one text for all languages; the
    addon's own sources are read in the user's language, where users see them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"].search(
            [("name", "=", "sales_first_contact")]
        )._update_translations(["ru_RU"])
        cls.russian = cls.env(context={"lang": "ru_RU"})

    def test_sources_read_in_russian(self):
        expected = {
            "incoming_call": "Входящий звонок",
            "agent": "Звонок агента",
            "website": "Заявка с сайта",
            "exhibition": "Выставка",
            "seminar": "Семинар",
            "conference": "Конференция",
            "personal": "Личные связи",
            "database": "Базы данных и справочники",
            "catalog": "Каталоги",
            "press": "Деловые новости и отраслевая пресса",
        }
        for xmlid, russian in expected.items():
            source = self.russian.ref(f"sales_first_contact.utm_source_{xmlid}")
            self.assertEqual(source.display_name, russian, xmlid)
        source = self.env.ref("sales_first_contact.utm_source_incoming_call")
        self.assertEqual(source.display_name, "Incoming call", "English stays")
        self.assertEqual(
            self.russian["utm.source"].name_search("Входящий"),
            [(source.id, "Входящий звонок")],
            "found by the name users read",
        )

    def test_report_and_desk_in_russian(self):
        call = self.env.ref("sales_first_contact.utm_source_incoming_call")
        self.env["crm.lead"].create(
            {"name": "Звонок: прайс", "source_id": call.id, "user_id": False}
        )
        self.env.flush_all()
        groups = (
            self.russian["crm.first.contact.report"]
            .with_user(self.user_head)
            .web_read_group([], ["source_id"], ["source_id"])["groups"]
        )
        labels = {group["source_id"][1] for group in groups if group["source_id"]}
        self.assertIn("Входящий звонок", labels)
        self.assertNotIn("Incoming call", labels)
        # the call desk's source, and the note it writes into the chatter
        desk = (
            self.russian["crm.first.contact"]
            .with_user(self.user_manager)
            .create(
                {"company_name": "ООО «Тест-Источник»", "phone": "+7 495 111-22-33"}
            )
        )
        self.assertEqual(desk.source_id.display_name, "Входящий звонок")
        note = desk._call_note(self.user_manager)
        self.assertIn("Входящий звонок", str(note))

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools import html2plaintext

from odoo.addons.sales_first_contact.tests.test_routing import (
    MONDAY_NOON_MSK,
    RoutingCase,
)


@tagged("post_install", "-at_install")
class TestWebsiteForm(RoutingCase, HttpCase):
    """A real POST to the contact form, as a visitor sends it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.duty.shift"].create(
            {
                "user_id": cls.m1.id,
                "team_id": cls.main.id,
                "date_start": "2026-03-02 06:00:00",
                "date_end": "2026-03-02 15:00:00",
            }
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "ООО «Лесная Поляна»",
                "is_company": True,
                "email": "info@les-polyana.ru",
                "user_id": cls.m3.id,
            }
        )

    def _post(self, **fields):
        data = {"name": "Website request", "description": "Send a quote", **fields}
        with freeze_time(MONDAY_NOON_MSK):
            response = self.url_open("/website/form/crm.lead", data=data)
        self.assertEqual(response.status_code, 200)
        lead_id = response.json().get("id")
        self.assertTrue(lead_id, response.text)
        return self.env["crm.lead"].browse(lead_id)

    def test_new_client_goes_to_duty_manager(self):
        lead = self._post(
            contact_name="Белкина Вера",
            partner_name="ООО «Новая Волна»",
            email_from="v.belkina@novaya-volna.ru",
            phone="+7 495 654-32-10",
        )
        self.assertEqual(
            lead.source_id, self.env.ref("sales_first_contact.utm_source_website")
        )
        self.assertEqual(lead.first_contact_channel, "website")
        self.assertEqual((lead.user_id, lead.first_contact_rule), (self.m1, "duty"))

    def test_known_client_goes_to_its_manager(self):
        lead = self._post(
            contact_name="Ёлкин Фёдор", email_from="f.yolkin@les-polyana.ru"
        )
        self.assertEqual(
            (lead.user_id, lead.first_contact_rule), (self.m3, "client_manager")
        )
        # an anonymous visitor changes no client card: the client is proposed
        # on the lead, the visitor's details stay there, until a manager links
        self.assertFalse(lead.partner_id)
        self.assertEqual(lead.fc_client_id, self.client)
        self.assertFalse(self.client.child_ids)
        self.assertEqual(lead.email_from, "f.yolkin@les-polyana.ru")
        self.assertEqual(self.client.email, "info@les-polyana.ru")

    def test_client_with_open_opportunity_goes_to_its_owner(self):
        self.env["crm.lead"].create(
            {
                "name": "Supply",
                "type": "opportunity",
                "partner_id": self.client.id,
                "user_id": self.m2.id,
            }
        )
        lead = self._post(
            contact_name="Ёлкин Фёдор", email_from="f.yolkin@les-polyana.ru"
        )
        self.assertEqual(
            (lead.user_id, lead.first_contact_rule), (self.m2, "open_opportunity")
        )
        label = self.router._rule_label("open_opportunity")
        self.assertIn(
            f"Rule: {label}",
            html2plaintext(lead.message_ids[0].body),
            "the one hand-over's chatter line",
        )

    def test_a_visitor_changes_no_client_card(self):
        """Issue 16 point 6: a public POST with the e-mail of a client's contact
        and another phone used to link the lead to that contact (Odoo then
        writes the lead's phone on it) or add the visitor to the client."""
        buyer = self.env["res.partner"].create(
            {
                "name": "Ёлкин Фёдор",
                "parent_id": self.client.id,
                "email": "f.yolkin@les-polyana.ru",
                "phone": "+7 495 100-20-30",
            }
        )
        lead = self._post(
            contact_name="Самозванец",
            email_from="f.yolkin@les-polyana.ru",
            phone="+7 999 000-00-00",
        )
        self.assertFalse(lead.partner_id)
        self.assertEqual(lead.fc_client_id, self.client)
        self.assertEqual(self.client.child_ids, buyer)
        self.assertEqual((buyer.name, buyer.phone), ("Ёлкин Фёдор", "+7 495 100-20-30"))
        # the manager who gets the lead confirms the client: a contact of the
        # client keeps the visitor's details, the buyer's card keeps its own
        lead.with_user(self.m3).action_fc_link_client()
        self.assertEqual(lead.partner_id.parent_id, self.client)
        self.assertEqual(lead.partner_id.phone, "+7 999 000-00-00")
        self.assertEqual(buyer.phone, "+7 495 100-20-30")


@tagged("post_install", "-at_install")
class TestContactUsPage(RoutingCase, HttpCase):
    """Issue 17.1: the visitor's way, through the /contactus page's own form."""

    def test_contactus_page_creates_a_routed_lead(self):
        client = self.env["res.partner"].create(
            {
                "name": "ООО «Лесная Поляна»",
                "is_company": True,
                "email": "info@les-polyana.ru",
                "user_id": self.m3.id,
            }
        )
        Lead = self.env["crm.lead"].with_context(active_test=False)
        before, mails_before = Lead.search([]), self.env["mail.mail"].search([])
        self.start_tour("/contactus", "sales_first_contact_website_contactus_tour")
        lead = Lead.search([]) - before
        self.assertEqual(len(lead), 1, "the form created one lead")
        # Odoo's default form sends the request as an e-mail of no document
        sent = self.env["mail.mail"].search([]) - mails_before
        self.assertFalse(sent.filtered(lambda m: not m.model), "no e-mail instead")
        self.assertEqual(
            (lead.name, lead.contact_name, lead.partner_name, lead.email_from),
            (
                "Запрос с сайта: поставка",
                "Ёлкин Фёдор",
                "Лесная Поляна",
                "f.yolkin@les-polyana.ru",
            ),
        )
        self.assertIn("коммерческое предложение", lead.description)
        self.assertEqual(
            lead.source_id, self.env.ref("sales_first_contact.utm_source_website")
        )
        self.assertEqual(lead.first_contact_channel, "website")
        # checked against the clients and routed by the first-contact rules
        self.assertEqual(lead.fc_client_id, client)
        self.assertEqual(
            (lead.user_id, lead.first_contact_rule), (self.m3, "client_manager")
        )

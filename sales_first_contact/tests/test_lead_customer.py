from odoo.tests import Form, TransactionCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestLeadCustomer(FirstContactCase, TransactionCase):
    """What the first call captured (R3) reaches the client card, and back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.industry = cls.env["res.partner.industry"].create({"name": "Metalworking"})
        cls.awareness = cls.env.ref("sales_first_contact.awareness_recommendation")

    def _new_lead(self, **values):
        return self.env["crm.lead"].create(
            {
                "name": "Call: delivery terms",
                "partner_name": "ООО «Вектор»",
                "contact_name": "Сидоров Николай",
                "phone": "+7 495 700-80-90",
                "fax": "+7 495 700-80-91",
                "email_from": "n.sidorov@vector.ru",
                "industry_id": self.industry.id,
                "awareness_source_id": self.awareness.id,
                "source_id": self.source_call.id,
                **values,
            }
        )

    def test_convert_creates_company_and_contact_with_first_contact_data(self):
        lead = self._new_lead()
        lead._handle_partner_assignment(create_missing=True)
        contact = lead.partner_id
        company = contact.parent_id
        self.assertTrue(company.is_company)
        self.assertEqual(company.name, "ООО «Вектор»")
        self.assertEqual(company.first_contact_source_id, self.source_call)
        self.assertEqual(company.first_contact_channel, "incoming_call")
        self.assertEqual(company.awareness_source_id, self.awareness)
        self.assertEqual(company.industry_id, self.industry)
        self.assertEqual(company.fax, "+7 495 700-80-91")
        self.assertEqual(contact.fax, "+7 495 700-80-91")
        # commercial fields reach the contact from its company
        self.assertEqual(contact.first_contact_source_id, self.source_call)
        self.assertEqual(contact.industry_id, self.industry)

    def test_lead_takes_client_data_from_partner(self):
        company = self.env["res.partner"].create(
            {
                "name": "АО «Север»",
                "is_company": True,
                "fax": "+7 812 000-00-01",
                "industry_id": self.industry.id,
                "awareness_source_id": self.awareness.id,
            }
        )
        form = Form(self.env["crm.lead"])
        form.name = "Known client calls again"
        form.partner_id = company
        lead = form.save()
        self.assertEqual(lead.fax, "+7 812 000-00-01")
        self.assertEqual(lead.industry_id, self.industry)
        self.assertEqual(lead.awareness_source_id, self.awareness)

    def test_lead_keeps_its_own_values_when_partner_has_none(self):
        company = self.env["res.partner"].create(
            {"name": "АО «Юг»", "is_company": True}
        )
        lead = self._new_lead()
        lead.partner_id = company
        self.assertEqual(lead.fax, "+7 495 700-80-91")
        self.assertEqual(lead.industry_id, self.industry)

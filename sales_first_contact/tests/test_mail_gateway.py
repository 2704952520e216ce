import email
import email.policy
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, make_msgid

from freezegun import freeze_time

from odoo.tests import tagged

from .test_first_contact_desk import DeskCase
from .test_routing import MONDAY_NOON_MSK

ALIAS = "sales@sfc-mail.example.com"


@tagged("post_install", "-at_install")
class TestMailEnquiry(DeskCase):
    """E-mails to a sales team's alias, as RFC 822 messages through the gateway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "sfc-mail.example.com"})
        cls.main.write({"alias_name": "sales", "alias_domain_id": domain.id})
        cls.source_email = cls.env.ref("sales_first_contact.utm_source_email")
        cls.m2.email = "olga.manager@our-company.example.com"

    def _message(self, body, subject="Price request", sender=None, charset="utf-8"):
        message = (
            body if not isinstance(body, str) else MIMEText(body, "plain", charset)
        )
        if sender is None:
            sender = formataddr(("Ivan Sidorov", "ivan@new-client.example.com"))
        if sender:
            message["From"] = sender
        message["To"] = ALIAS
        message["Subject"] = Header(subject, charset).encode()
        message["Message-Id"] = make_msgid()
        return message.as_bytes()

    def _process(self, raw):
        Lead = self.env["crm.lead"]
        before = Lead.search([])
        with freeze_time(MONDAY_NOON_MSK):
            self.env["mail.thread"].message_process(None, raw)
        return Lead.search([]) - before

    def test_plain_enquiry_is_a_routed_email_first_contact(self):
        lead = self._process(self._message("Please send the price of the pumps."))
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.source_id, self.source_email)
        self.assertEqual(lead.medium_id, self.env.ref("utm.utm_medium_email"))
        self.assertEqual((lead.user_id, lead.first_contact_rule), (self.m1, "duty"))
        self.assertEqual(
            (lead.email_from, lead.contact_name, lead.partner_id),
            ("ivan@new-client.example.com", "Ivan Sidorov", self.env["res.partner"]),
        )
        self.assertIn("price of the pumps", "".join(lead.message_ids.mapped("body")))
        self.assertEqual(lead.activity_ids.user_id, self.m1)

    def test_html_enquiry_with_attachment(self):
        message = MIMEMultipart()
        message.attach(MIMEText("<p>See the <b>specification</b>.</p>", "html"))
        part = MIMEApplication(b"%PDF-1.4 spec", Name="spec.pdf")
        part["Content-Disposition"] = 'attachment; filename="spec.pdf"'
        message.attach(part)
        lead = self._process(self._message(message, subject="Specification"))
        self.assertEqual((len(lead), lead.name), (1, "Specification"))
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["spec.pdf"])

    def test_russian_in_koi8_r_and_windows_1251(self):
        for charset, name, domain in (
            ("koi8-r", "Пётр Иванов", "zavod-nasos.ru"),
            ("windows-1251", "Анна Смирнова", "ural-armatura.ru"),
        ):
            with self.subTest(charset):
                sender = formataddr((name, f"buyer@{domain}"), charset)
                raw = self._message(
                    "Пришлите, пожалуйста, прайс-лист на насосы.",
                    subject="Запрос цены",
                    sender=sender,
                    charset=charset,
                )
                self.assertNotIn("Запрос".encode(), raw)  # really encoded
                lead = self._process(raw)
                self.assertEqual((lead.name, lead.contact_name), ("Запрос цены", name))
                self.assertIn("прайс-лист", "".join(lead.message_ids.mapped("body")))
                self.assertEqual(lead.source_id, self.source_email)

    def test_known_client_goes_to_the_open_opportunity(self):
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Supply",
                "type": "opportunity",
                "partner_id": self.client.id,
                "user_id": self.m2.id,
            }
        )
        raw = self._message(
            "We need ten more.",
            subject="Order",
            sender=formataddr(("Office", "office@sev-veter.ru")),
        )
        self.assertFalse(self._process(raw))
        message = opportunity.message_ids.filtered(lambda m: m.subject == "Order")
        self.assertEqual(message.message_type, "email")
        self.assertIn("ten more", message.body)
        self.assertIn(self.m2, opportunity.activity_ids.user_id)
        self.assertEqual(opportunity.user_id, self.m2)

    def test_auto_replies_and_bounces_create_nothing(self):
        auto = MIMEText("I am out of office.")
        auto["Auto-Submitted"] = "auto-replied"
        self.assertFalse(self._process(self._message(auto, subject="Out of office")))
        bounce = MIMEMultipart("report", report_type="delivery-status")
        bounce.attach(MIMEText("Delivery failed."))
        raw = self._message(
            bounce,
            subject="Undelivered",
            sender=formataddr(("Mail System", "MAILER-DAEMON@relay.example.com")),
        )
        self.assertFalse(self._process(raw))

    def test_no_sender_or_a_managers_address_creates_nothing(self):
        forged = formataddr(("Olga", self.m2.email))
        for raw, reason in (
            (self._message("Hello", sender=""), "no sender"),
            (self._message("Pay me", sender=forged), "one of our users"),
        ):
            with self.subTest(reason):
                message = email.message_from_bytes(raw, policy=email.policy.SMTP)
                parsed = self.env["mail.thread"].message_parse(message)
                refusal = self.env["crm.lead"]._fc_mail_refusal(message, parsed)
                self.assertIn(reason, refusal)  # the reason logged
                self.assertFalse(self._process(raw))
                self.assertFalse(
                    self.env["mail.message"].search(
                        [("message_id", "=", parsed["message_id"])]
                    )
                )

    def test_ten_megabyte_body(self):
        body = "Line of a very long enquiry.\n" * 360_000  # 10 MB
        lead = self._process(self._message(body, subject="Long"))
        self.assertEqual(len(lead), 1)
        self.assertLess(len(lead.activity_ids.note), 1_000)

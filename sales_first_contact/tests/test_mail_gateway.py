import email
import email.policy
import glob
import os
import shutil
import subprocess
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, make_msgid

from freezegun import freeze_time

from odoo.modules import get_module_path
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import HOST

from .test_first_contact_desk import DeskCase
from .test_routing import MONDAY_NOON_MSK

ALIAS = "sales@sfc-mail.example.com"


class MailEnquiryCase(DeskCase):
    """The main office's team with an e-mail alias, and RFC 822 messages to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "sfc-mail.example.com"})
        cls.main.write({"alias_name": "sales", "alias_domain_id": domain.id})
        cls.source_email = cls.env.ref("sales_first_contact.utm_source_email")
        cls.m2.email = "olga.manager@our-company.example.com"
        cls.alias_domain = domain

    def _message(
        self, body, subject="Price request", sender=None, charset="utf-8", to=ALIAS
    ):
        message = (
            body if not isinstance(body, str) else MIMEText(body, "plain", charset)
        )
        if sender is None:
            sender = formataddr(("Ivan Sidorov", "ivan@new-client.example.com"))
        if sender:
            message["From"] = sender
        message["To"] = to
        message["Subject"] = Header(subject, charset).encode()
        message["Message-Id"] = make_msgid()
        return message.as_bytes()

    def _process(self, raw):
        Lead = self.env["crm.lead"]
        before = Lead.search([])
        with freeze_time(MONDAY_NOON_MSK):
            self.env["mail.thread"].message_process(None, raw)
        return Lead.search([]) - before


@tagged("post_install", "-at_install")
class TestMailEnquiry(MailEnquiryCase):
    """E-mails to a sales team's alias, as RFC 822 messages through the gateway."""

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

    def test_enquiry_stays_in_the_company_of_the_alias_team(self):
        """A client whose open opportunity is Olga's, of the main company,
        writes to the alias of another company's team: that company's duty
        manager gets a new lead of that company, Olga's opportunity nothing."""
        branch = self.env["res.company"].create({"name": "SFC Branch"})
        self.main.company_id = self.env.company  # each company its main office
        branch_manager = new_test_user(
            self.env,
            login="sfc_branch_manager",
            name="Manager Boris",
            groups="sales_team.group_sale_salesman",
            company_id=branch.id,
            company_ids=[(6, 0, branch.ids)],
        )
        branch_team = self.env["crm.team"].create(
            {
                "name": "Branch office",
                "company_id": branch.id,
                "is_main_office": True,
                "member_ids": [(6, 0, branch_manager.ids)],
                "alias_name": "sales-branch",
                "alias_domain_id": self.alias_domain.id,
            }
        )
        self._shift(
            branch_manager,
            "2026-03-02 06:00:00",
            "2026-03-02 15:00:00",
            team=branch_team,
        )
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Supply",
                "type": "opportunity",
                "partner_id": self.client.id,
                "user_id": self.m2.id,
            }
        )
        self.assertNotEqual(opportunity.company_id, branch)
        raw = self._message(
            "We need ten more.",
            subject="Branch order",
            sender=formataddr(("Office", "office@sev-veter.ru")),
            to="sales-branch@sfc-mail.example.com",
        )
        lead = self._process(raw)
        self.assertEqual(len(lead), 1)
        self.assertEqual(
            (lead.company_id, lead.user_id, lead.team_id, lead.first_contact_rule),
            (branch, branch_manager, branch_team, "duty"),
        )
        self.assertFalse(
            opportunity.message_ids.filtered(lambda m: m.subject == "Branch order")
        )
        self.assertNotIn(self.m2, lead.activity_ids.user_id)
        # the same client writing to the main company's alias goes to Olga
        raw = self._message(
            "And ten more.",
            subject="Main order",
            sender=formataddr(("Office", "office@sev-veter.ru")),
        )
        self.assertFalse(self._process(raw))
        self.assertTrue(
            opportunity.message_ids.filtered(lambda m: m.subject == "Main order")
        )

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


@tagged("post_install", "-at_install")
class TestMailgateScript(MailEnquiryCase, HttpCase):
    """An e-mail piped by the mail server into Odoo's own ``odoo-mailgate.py``,
    which hands it to ``message_process`` over XML-RPC (the test server's)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gateway_user = new_test_user(
            cls.env,
            login="sfc_mailgate",
            name="Mail Gateway",
            groups="base.group_system,sales_team.group_sale_manager",
        )

    def _python2(self):
        """The script is Python 2 on purpose (old mail servers run it): a
        Python 2 interpreter that runs, else the test is skipped."""
        candidates = [os.environ.get("MAILGATE_PYTHON"), "python2", "python2.7"]
        candidates += sorted(
            glob.glob(os.path.expanduser("~/.pyenv/versions/2.7*/bin/python2.7"))
        )
        for candidate in filter(None, candidates):
            path = shutil.which(candidate)
            if path and self._runs(path):
                return path
        self.skipTest("no Python 2 interpreter to run odoo-mailgate.py")

    @staticmethod
    def _runs(python):
        check = [python, "-c", "import xmlrpclib"]
        return subprocess.run(check, capture_output=True, check=False).returncode == 0

    def test_enquiry_through_the_mailgate_script(self):
        script = os.path.join(
            get_module_path("mail"), "static", "scripts", "odoo-mailgate.py"
        )
        python2 = self._python2()
        raw = self._message(
            "Пришлите, пожалуйста, прайс-лист на насосы.",
            subject="Запрос цены",
            sender=formataddr(("Пётр Иванов", "buyer@zavod-nasos.ru"), "koi8-r"),
            charset="koi8-r",
        )
        Lead = self.env["crm.lead"]
        before = Lead.search([])
        self.env.flush_all()  # the server reads the test's data in its cursor
        with freeze_time(MONDAY_NOON_MSK):
            done = subprocess.run(
                [
                    python2,
                    script,
                    f"--host={HOST}",
                    f"--port={self.http_port()}",
                    f"--database={self.env.cr.dbname}",
                    f"--userid={self.gateway_user.id}",
                    "--password=sfc_mailgate",
                ],
                input=raw,
                capture_output=True,
                timeout=120,
                check=False,
            )
        self.assertEqual(done.returncode, 0, done.stderr.decode(errors="replace"))
        self.env.invalidate_all()
        lead = Lead.search([]) - before
        self.assertEqual(len(lead), 1)
        self.assertEqual(
            (lead.name, lead.contact_name, lead.email_from),
            ("Запрос цены", "Пётр Иванов", "buyer@zavod-nasos.ru"),
        )
        self.assertEqual(lead.source_id, self.source_email)
        self.assertEqual((lead.user_id, lead.first_contact_rule), (self.m1, "duty"))
        self.assertIn("прайс-лист", "".join(lead.message_ids.mapped("body")))
        self.assertEqual(lead.activity_ids.user_id, self.m1)

import re

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools import html2plaintext

from odoo.addons.auth_signup.models.res_partner import SignupError
from odoo.addons.sales_first_contact.tests.test_routing import MONDAY_NOON_MSK

from ..models.website_flood import FLOOD_LIMIT
from .common import WebsiteChannelCase


class SignupCase(WebsiteChannelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # visitors may create an account on the website (Odoo's b2c sign-up)
        cls.env["ir.config_parameter"].sudo().set_param(
            "auth_signup.invitation_scope", "b2c"
        )
        cls.env["website"].search([]).write({"auth_signup_uninvited": "b2c"})

    def _lead_of(self, user):
        return self.env["crm.lead"].search(
            [("source_id", "=", self.source_signup.id), ("email_from", "=", user.email)]
        )


@tagged("post_install", "-at_install")
class TestSignup(SignupCase):
    """Odoo's sign-up (res.users.signup, as /web/signup calls it)."""

    def _signup(self, name, login, token=None):
        with freeze_time(MONDAY_NOON_MSK):
            login, _password = (
                self.env["res.users"]
                .sudo()
                .signup(
                    {"name": name, "login": login, "password": "Vf7!kq2#Lp9z"}, token
                )
            )
        return self.env["res.users"].search([("login", "=", login)])

    def test_new_visitor_becomes_a_routed_first_contact(self):
        user = self._signup("Белкина Вера", "v.belkina@novaya-volna.ru")
        self.assertTrue(user.share, "a portal account")
        lead = self._lead_of(user)
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.first_contact_channel, "website")
        self.assertEqual((lead.user_id, lead.first_contact_rule), (self.m1, "duty"))
        # the account's own card is the lead's customer: no other card made
        self.assertEqual(lead.partner_id, user.partner_id)
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("email", "=", "v.belkina@novaya-volna.ru")]
            ),
            1,
        )
        self.assertIn(
            "created an account on the website",
            " ".join(html2plaintext(m.body) for m in lead.message_ids),
        )

    def test_known_client_contact_is_linked_not_duplicated(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Ёлкин Фёдор",
                "parent_id": self.known.id,
                "email": "f.yolkin@les-polyana.ru",
                "phone": "+7 495 100-20-30",
            }
        )
        user = self._signup("Ёлкин Фёдор", "f.yolkin@les-polyana.ru")
        lead = self._lead_of(user)
        self.assertEqual(lead.partner_id, contact, "the client's contact")
        self.assertEqual(
            (lead.user_id, lead.first_contact_rule), (self.m3, "client_manager")
        )
        self.assertEqual(self.known.child_ids, contact, "no new contact of the client")
        self.assertEqual(contact.phone, "+7 495 100-20-30", "the card unchanged")
        self.assertNotEqual(user.partner_id, contact, "the account gets no client card")

    def test_known_client_by_other_keys_is_proposed(self):
        user = self._signup("Иванов Пётр", "p.ivanov@les-polyana.ru")
        lead = self._lead_of(user)
        self.assertFalse(lead.partner_id)
        self.assertEqual(lead.fc_client_id, self.known)
        self.assertEqual(lead.user_id, self.m3)
        self.assertFalse(self.known.child_ids)

    def test_client_with_open_opportunity_keeps_it(self):
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Поставка",
                "type": "opportunity",
                "partner_id": self.known.id,
                "user_id": self.m2.id,
            }
        )
        leads = self.env["crm.lead"].search([])
        self._signup("Ёлкин Фёдор", "f.yolkin@les-polyana.ru")
        self.assertEqual(self.env["crm.lead"].search([]), leads, "no new lead")
        self.assertIn(
            "created an account on the website",
            " ".join(html2plaintext(m.body) for m in opportunity.message_ids),
        )
        self.assertEqual(opportunity.user_id, self.m2)

    def test_invited_person_is_no_first_contact(self):
        partner = self.env["res.partner"].create(
            {"name": "Приглашённый", "email": "guest@novaya-volna.ru"}
        )
        partner.signup_prepare()
        leads = self.env["crm.lead"].search([])
        token = partner._generate_signup_token()
        self._signup("Приглашённый", "guest@novaya-volna.ru", token=token)
        self.assertEqual(self.env["crm.lead"].search([]), leads)

    def test_refused_sign_up_leaves_no_lead(self):
        self._signup("Белкина Вера", "v.belkina@novaya-volna.ru")
        leads = self.env["crm.lead"].search([])
        with self.assertRaises(SignupError), self.cr.savepoint():
            self._signup("Белкина Вера", "v.belkina@novaya-volna.ru")
        self.assertEqual(self.env["crm.lead"].search([]), leads)


@tagged("post_install", "-at_install")
class TestSignupPage(SignupCase, HttpCase):
    """The visitor's way: the website's /web/signup page, anonymous."""

    def test_signup_page_creates_a_routed_lead(self):
        self.start_tour("/web/signup", "sales_first_contact_website_signup_tour")
        user = self.env["res.users"].search([("login", "=", "f.yolkin@les-polyana.ru")])
        self.assertTrue(user)
        lead = self._lead_of(user)
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.contact_name, "Ёлкин Фёдор")
        self.assertEqual(lead.first_contact_channel, "website")
        self.assertEqual(lead.fc_client_id, self.known)
        self.assertEqual(
            (lead.user_id, lead.first_contact_rule), (self.m3, "client_manager")
        )


@tagged("post_install", "-at_install")
class TestSignupBadInput(SignupCase, HttpCase):
    """What a visitor or a robot may post to /web/signup: refused with the
    page's error, nothing written."""

    def _post(self, **fields):
        """A sign-up from a fresh anonymous browser session."""
        self.authenticate(None, None)
        page = self.url_open("/web/signup")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        data = {"csrf_token": token, "password": "Vf7!kq2#Lp9z", **fields}
        data.setdefault("confirm_password", data["password"])
        with freeze_time(MONDAY_NOON_MSK):
            response = self.url_open("/web/signup", data=data, allow_redirects=False)
        return response

    def _counts(self):
        Users = self.env["res.users"].with_context(active_test=False)
        Lead = self.env["crm.lead"].with_context(active_test=False)
        return Users.search_count([]), Lead.search_count([])

    def assertRefused(self, response, counts, message):
        self.assertEqual(response.status_code, 200, "the page again, not a redirect")
        self.assertIn(message, response.text)
        self.assertEqual(self._counts(), counts, "nothing written")

    def test_empty_and_oversized(self):
        before = self._counts()
        self.assertRefused(
            self._post(login="", name=""), before, "Please give your name and e-mail."
        )
        self.assertRefused(
            self._post(login="v@novaya-volna.ru", name="   "),
            before,
            "Please give your name and e-mail.",
        )
        self.assertRefused(
            self._post(login="v@novaya-volna.ru", name="Я" * 129), before, "too long"
        )
        self.assertRefused(
            self._post(login="v" * 250 + "@novaya-volna.ru", name="Вера"),
            before,
            "too long",
        )

    def test_html_and_script_stay_text(self):
        script = "<script>alert(1)</script><b>x</b>"
        response = self._post(login="v.belkina@novaya-volna.ru", name=f"Вера {script}")
        self.assertEqual(response.status_code, 303, response.text[-500:])
        lead = self.env["crm.lead"].search([("source_id", "=", self.source_signup.id)])
        self.assertEqual(lead.contact_name, f"Вера {script}")
        body = " ".join(str(m.body) for m in lead.message_ids)
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;", body)

    def test_flood_from_one_address_is_refused(self):
        before = self._counts()
        responses = [
            self._post(login=f"robot{n}@flood-{n}.example", name=f"Робот {n}")
            for n in range(100)
        ]
        accepted = [r for r in responses if r.status_code == 303]
        refused = [r for r in responses if r.status_code == 200]
        self.assertEqual(len(accepted), FLOOD_LIMIT)
        self.assertEqual(len(refused), 100 - FLOOD_LIMIT)
        self.assertTrue(all("Too many requests" in r.text for r in refused))
        users, leads = self._counts()
        self.assertEqual(users, before[0] + FLOOD_LIMIT)
        self.assertEqual(leads, before[1] + FLOOD_LIMIT)

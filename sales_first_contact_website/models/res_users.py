from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.http import request
from odoo.tools import email_normalize

from odoo.addons.auth_signup.models.res_partner import SignupError

from .website_flood import check_flood

MAX_NAME, MAX_LOGIN = 128, 254  # characters of a visitor's sign-up


class ResUsers(models.Model):
    _inherit = "res.users"

    fc_signup_ip = fields.Char(
        string="Sign-up IP Address",
        readonly=True,
        copy=False,
        groups="sales_first_contact.group_first_contact_head",
        help="The address a visitor created this account from on the website.",
    )

    @api.model
    def _signup_create_user(self, values):
        """A visitor who creates an account on the website is a first contact
        (R8): a lead of the *Website sign-up* source, routed by the router.

        Only the uninvited sign-up (no partner yet): an invited person is
        already someone's contact."""
        if "partner_id" in values:
            return super()._signup_create_user(values)
        self._fc_check_signup_values(values)
        if request:
            ip = request.httprequest.remote_addr
            check_flood(self, "fc_signup_ip", ip)
            values = dict(values, fc_signup_ip=ip)
        contact = {
            "contact_name": values.get("name"),
            "email": values.get("email") or values.get("login"),
        }
        # routed before the account exists: its new card is not the client
        route = self.env["crm.first.contact.router"].sudo()._route(contact)
        user = super()._signup_create_user(values)
        self._fc_signup_lead(user, contact, route)
        return user

    @api.model
    def _fc_check_signup_values(self, values):
        """A visitor's sign-up refused, with Odoo's sign-up error the page
        shows, when it cannot be a person's: no name or e-mail, or too long."""
        name, login = values.get("name") or "", values.get("login") or ""
        if not name.strip() or not login.strip():
            raise SignupError(self.env._("Please give your name and e-mail."))
        if len(name) > MAX_NAME or len(login) > MAX_LOGIN:
            raise SignupError(
                self.env._(
                    "The name (at most %(name)s characters) or the e-mail (at "
                    "most %(login)s) is too long.",
                    name=MAX_NAME,
                    login=MAX_LOGIN,
                )
            )

    @api.model
    def _fc_signup_lead(self, user, contact, route):
        """The lead of a sign-up, handed over as ``route`` says.

        The lead's customer: the known client's contact with the visitor's
        e-mail when there is one (linked, no new card), else the account's own
        card when no client is known; a client known by other keys is only
        proposed (*Known Client*), as for the contact form."""
        router = self.env["crm.first.contact.router"].sudo()
        source = self.env.ref("sales_first_contact_website.utm_source_website_signup")
        extra = {}
        if route.client:
            card = route.client._fc_matching_card(email=contact["email"])
            if card and card.email_normalized == email_normalize(contact["email"]):
                extra["partner_id"] = card.id
        else:
            extra["partner_id"] = user.partner_id.id
        lead = router._contact_lead(
            route,
            contact,
            self.env._("Website sign-up: %s", user.name),
            source,
            **extra,
        )
        note = self.env._(
            "%(name)s created an account on the website (%(login)s).",
            name=user.name,
            login=user.login,
        )
        router._hand_over(
            [(route, lead)], note=Markup("<p>%s</p>") % escape(note), trusted=False
        )
        return lead

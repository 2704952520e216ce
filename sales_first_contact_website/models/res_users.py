from markupsafe import Markup, escape

from odoo import api, models
from odoo.tools import email_normalize


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _signup_create_user(self, values):
        """A visitor who creates an account on the website is a first contact
        (R8): a lead of the *Website sign-up* source, routed by the router.

        Only the uninvited sign-up (no partner yet): an invited person is
        already someone's contact."""
        if "partner_id" in values:
            return super()._signup_create_user(values)
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

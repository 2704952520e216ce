import logging

from markupsafe import Markup

from odoo import api, models
from odoo.tools.mail import email_normalize, email_split_tuples, html2plaintext

_logger = logging.getLogger(__name__)

# What an excerpt of an e-mail in a hand-over's note holds at most
EXCERPT_HTML = 20_000
EXCERPT_TEXT = 500
# RFC 3834 and the headers mailers put on automatic answers
AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond")
AUTO_PRECEDENCE = ("auto_reply", "bulk", "junk")


class CrmLead(models.Model):
    """E-mail enquiries (R10): a message to a sales team's alias is a first
    contact of the *E-mail* source, checked and handed over as the website's."""

    _inherit = "crm.lead"

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new lead of an e-mail is routed like a website request: the client
        the six steps find is proposed, never linked or changed. It stays in
        the company of the alias's team, with a manager of that company."""
        name, email = self._fc_mail_sender(msg_dict)
        company = self._fc_mail_company(custom_values)
        values = {
            "source_id": self.env.ref("sales_first_contact.utm_source_email").id,
            "medium_id": self.env.ref("utm.utm_medium_email").id,
            **(custom_values or {}),
            # the sender's card is the client's to link, not the gateway's
            "partner_id": False,
            "email_from": email,
            "contact_name": name or False,
        }
        if company:
            values["company_id"] = company.id
        # the lead keeps the address alone, its name is the contact's
        lead = super().message_new(
            dict(msg_dict, email_from=email or msg_dict.get("email_from")),
            custom_values=values,
        )
        router = self.env["crm.first.contact.router"]
        router._hand_over(
            [(router._route({"company_id": company.id}, record=lead), lead)],
            note=self._fc_mail_note(msg_dict),
            trusted=False,
        )
        return lead

    @api.model
    def _fc_mail_routes(self, message, message_dict, routes):
        """The gateway's ``routes`` of an incoming e-mail, first contacts' rules
        applied to those that would create a lead: an automatic answer, or a
        message with no sender or from one of our own users, creates nothing
        (logged); a known client's message goes to their open opportunity (in
        the company of the alias's team)."""
        new = [route for route in routes if route[0] == self._name and not route[1]]
        if not new:
            return routes
        refusal = self._fc_mail_refusal(message, message_dict)
        if refusal:
            _logger.info(
                "Incoming e-mail %s creates no lead: %s",
                message_dict.get("message_id"),
                refusal,
            )
            return [route for route in routes if route not in new]
        name, email = self._fc_mail_sender(message_dict)
        # sudo: the gateway's routing must see every client to find the sender's
        router = self.env["crm.first.contact.router"].sudo()
        model, _thread, custom_values, user_id, alias = new[0]
        company = self._fc_mail_company(custom_values)
        route = router._route(
            {"email": email, "contact_name": name, "company_id": company.id}
        )
        kept = router._kept_opportunity(route)
        if not kept:
            return routes
        router._hand_over(
            [(route, kept)], note=self._fc_mail_note(message_dict), trusted=False
        )
        first = (model, kept.id, custom_values, user_id, alias)
        return [
            first if route == new[0] else route
            for route in routes
            if route not in new[1:]
        ]

    @api.model
    def _fc_mail_company(self, custom_values):
        """The company of the team an alias's values (``team_id``) give the
        lead: the enquiry stays in it. Empty for a team of no company."""
        team_id = (custom_values or {}).get("team_id")
        if not isinstance(team_id, int) or isinstance(team_id, bool):
            team_id = False
        # sudo: the gateway's user may be of another company than the team
        return self.env["crm.team"].sudo().browse(team_id or []).exists().company_id

    @api.model
    def _fc_mail_sender(self, message_dict):
        """(name, normalized e-mail) of an incoming message's sender."""
        pairs = email_split_tuples(message_dict.get("email_from") or "")
        if not pairs:
            return "", False
        name, email = pairs[0]
        return (name or "").strip()[:128], email_normalize(email)

    @api.model
    def _fc_mail_refusal(self, message, message_dict):
        """Why an incoming message is no first contact, or False."""
        auto = (message.get("Auto-Submitted") or "no").strip().lower()
        precedence = (message.get("Precedence") or "").strip().lower()
        if (
            auto != "no"
            or precedence in AUTO_PRECEDENCE
            or any(message.get(header) for header in AUTO_REPLY_HEADERS)
        ):
            return "an automatic answer"
        _name, email = self._fc_mail_sender(message_dict)
        if not email:
            return "no sender"
        # sudo: the gateway's user checks the sender against every user
        if (
            self.env["res.users"]
            .sudo()
            .search_count(
                [("share", "=", False), ("partner_id.email_normalized", "=", email)],
                limit=1,
            )
        ):
            # From is not proof of the sender: an enquiry is a client's, and a
            # colleague forwards it with their own hands, not to the alias
            return "the sender's address is one of our users'"
        return False

    @api.model
    def _fc_mail_note(self, message_dict):
        """The subject and the first lines of an e-mail, as safe HTML."""
        router = self.env["crm.first.contact.router"]
        body = html2plaintext((message_dict.get("body") or "")[:EXCERPT_HTML])
        excerpt = body.strip()[:EXCERPT_TEXT]
        subject = (message_dict.get("subject") or "").strip()[:200]
        return Markup("<p><b>%s</b></p>%s") % (
            subject or self.env._("No subject"),
            router._text_html(excerpt) if excerpt else "",
        )

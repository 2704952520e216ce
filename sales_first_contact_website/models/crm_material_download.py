from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from .website_flood import check_flood

EMAIL_FORBIDDEN = set(' <>()[]",;:\\/')  # one plain address, no display name
MAX_LENGTHS = {"contact_name": 128, "company_name": 128, "email": 254, "phone": 64}


class CrmMaterialDownload(models.Model):
    """One download of a material by a website visitor: the first contact it
    made and the lead it went to (a new one, or the person's lead of before)."""

    _name = "crm.material.download"
    _description = "Material Download"
    _order = "create_date desc, id desc"
    _rec_name = "contact_name"

    material_id = fields.Many2one(
        "crm.material", required=True, index=True, ondelete="cascade"
    )
    lead_id = fields.Many2one(
        "crm.lead", index=True, ondelete="set null", readonly=True
    )
    # Who: as the visitor typed it
    contact_name = fields.Char(string="Name", required=True)
    company_name = fields.Char(string="Company")
    email = fields.Char(required=True)
    phone = fields.Char()
    ip_address = fields.Char(
        string="IP Address",
        readonly=True,
        groups="sales_first_contact.group_first_contact_head",
    )
    website_id = fields.Many2one("website", readonly=True, index=True)

    # ------------------------------------------------------------------
    # The website form (Odoo's /website/form/ machinery)
    # ------------------------------------------------------------------

    @api.model
    @api.private
    def website_form_input_filter(self, request, values):
        """A visitor's download form checked: a published material, short
        texts, a valid e-mail, and not a flood from one address. Called by
        the website form's controller, not over RPC."""
        website = request.website
        values = {
            key: value.strip() if isinstance(value, str) else value
            for key, value in values.items()
        }
        self._fc_check_form_values(values, website)
        ip = request.httprequest.remote_addr
        check_flood(self, "ip_address", ip)
        return dict(values, ip_address=ip, website_id=website.id)

    @api.model
    def _fc_check_form_values(self, values, website):
        """Refuse what cannot be a visitor's request (the form's clear error)."""
        published = self.env["crm.material"]._fc_published(website)
        if values.get("material_id") not in published.ids:
            raise UserError(self.env._("This material is not available."))
        if not values.get("contact_name") or not values.get("email"):
            raise UserError(self.env._("Please give your name and e-mail."))
        for field, limit in MAX_LENGTHS.items():
            if len(values.get(field) or "") > limit:
                raise UserError(
                    self.env._(
                        "%(field)s is too long: at most %(limit)s characters.",
                        field=self._fields[field]._description_string(self.env),
                        limit=limit,
                    )
                )
        email = values["email"]
        if set(email) & EMAIL_FORBIDDEN or email_normalize(email) != email.lower():
            raise UserError(self.env._("Please give a valid e-mail address."))

    # ------------------------------------------------------------------
    # The first contact
    # ------------------------------------------------------------------

    def _fc_hand_over(self):
        """Each download as a website first contact (R8): checked by the six
        steps and routed by the router; the person's open lead (or their
        client's open opportunity) gets it, else a new lead does."""
        router = self.env["crm.first.contact.router"]
        source = self.env.ref(
            "sales_first_contact_website.utm_source_material_download"
        )
        for download in self.filtered(lambda d: not d.lead_id):
            # one by one: a person's second download finds the lead of the first
            values = download._fc_contact_values()
            route = router._route(values)
            download.lead_id = router._contact_lead(
                route,
                values,
                self.env._("Downloaded: %s", download.material_id.name),
                source,
            )
            router._hand_over(
                [(route, download.lead_id)], note=download._fc_note(), trusted=False
            )

    def _fc_contact_values(self):
        """The download's visitor in the router's keys."""
        self.ensure_one()
        return {
            "company_name": self.company_name,
            "contact_name": self.contact_name,
            "email": self.email,
            "phone": self.phone,
        }

    def _fc_note(self):
        """What the visitor downloaded, for the lead's chatter and activity."""
        self.ensure_one()
        line = self.env._(
            "%(name)s (%(email)s, %(phone)s, %(company)s) downloaded %(title)s",
            name=self.contact_name,
            email=self.email,
            phone=self.phone or "-",
            company=self.company_name or "-",
            title=self.material_id.name,
        )
        return Markup("<p>%s</p>") % escape(line)

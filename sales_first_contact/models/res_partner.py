from odoo import api, fields, models
from odoo.exceptions import RedirectWarning
from odoo.tools import SQL

from ..dedup import normalize
from .crm_duplicate_mixin import COMPANY_WORDS_STATISTICS


class ResPartner(models.Model):
    _inherit = ["res.partner", "crm.duplicate.mixin"]
    _name = "res.partner"

    # First contact (R1, R3): kept on the commercial entity, shared by its contacts
    first_contact_source_id = fields.Many2one(
        "utm.source",
        ondelete="set null",
        help="Where the first contact with this client came from.",
    )
    first_contact_channel = fields.Selection(
        related="first_contact_source_id.first_contact_channel",
        store=True,
    )
    awareness_source_id = fields.Many2one(
        "crm.awareness.source",
        string="Heard of Us From",
        ondelete="restrict",
        help="How the client heard of the company.",
    )
    fax = fields.Char()

    def init(self):
        res = super().init()
        # the words of the client names, counted by ANALYZE (autovacuum): how
        # common a word is decides when a company name alone is enough
        self.env.cr.execute(
            SQL(
                "CREATE STATISTICS IF NOT EXISTS %s ON (CASE WHEN id ="
                " commercial_partner_id THEN string_to_array(dedup_company_key,"
                " ' ') END) FROM res_partner",
                SQL.identifier(COMPANY_WORDS_STATISTICS),
            )
        )
        return res

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "first_contact_source_id",
            "awareness_source_id",
        ]

    # Duplicate search (R11): a company is found by its name, a person by the
    # surname; a contact's company is its parent, found through the parent.
    @api.model
    def _dedup_key_depends(self):
        depends = ["name", "is_company", "company_name", "parent_id", "phone"]
        depends += ["mobile", "email", "website", "country_id"]
        return depends + (["lastname"] if "lastname" in self._fields else [])

    def _dedup_raw_values(self):
        self.ensure_one()
        return {
            "company": self.name
            if self.is_company
            else (not self.parent_id and self.company_name),
            "person": not self.is_company and self.name,
            "surname": not self.is_company and self["lastname"]
            if "lastname" in self._fields
            else False,
            "phone": self.phone,
            "mobile": self.mobile,
            "email": self.email,
            "website": self.website,
            "country_code": self.country_id.code,
        }

    def _fc_contact_for(self, name=None, email=None, phone=None, mobile=None):
        """The card of this client to link a first contact's lead to: the one
        :meth:`_fc_matching_card` finds, else a new contact of the client made
        of the first contact's details."""
        self.ensure_one()
        return self._fc_matching_card(email, phone, mobile) or self.create(
            {
                "name": name or email or phone or mobile,
                "parent_id": self.id,
                "type": "contact",
                "email": email,
                "phone": phone,
                "mobile": mobile,
            }
        )

    def _fc_matching_card(self, email=None, phone=None, mobile=None):
        """The card of this client that keeps a first contact's details, if any.

        Odoo keeps a lead's e-mail and phones in step with its customer's: linked
        to a card whose e-mail or phone differs, the lead would lose its own or
        overwrite the card's. So: the contact of the client with the same e-mail
        or phone, else the client itself, when nothing differs; else nothing.
        """
        self.ensure_one()
        region = self.country_id.code or "RU"

        def phone_of(number):
            keys = normalize.phone_keys(number, region) if number else None
            return (keys and keys.e164) or number or None

        mine = {
            "email": normalize.email_key(email) or email or None,
            "phone": phone_of(phone),
            "mobile": phone_of(mobile),
        }

        def theirs(card):
            return {
                "email": card.email_normalized or card.email or None,
                "phone": phone_of(card.phone),
                "mobile": phone_of(card.mobile),
            }

        def agrees(card):
            other = theirs(card)
            return all(not mine[k] or not other[k] or mine[k] == other[k] for k in mine)

        def same_person(card):
            other = theirs(card)
            return any(mine[k] and mine[k] == other[k] for k in mine)

        contacts = self.child_ids.filtered(lambda c: c.active and not c.is_company)
        for card in contacts.filtered(same_person):
            if agrees(card):
                return card
        return self if agrees(self) else self.browse()

    def web_save(self, vals, specification, next_id=None):
        """A client card saved by hand: apply the duplicate policy of Settings."""
        if not self:
            self._dedup_check_new_card(vals)
        return super().web_save(vals, specification, next_id=next_id)

    @api.model
    def _dedup_check_new_card(self, vals):
        """Block a likely duplicate of an existing client when Settings say so."""
        policy = self.env["crm.first.contact.settings"]._get_setting("duplicate_policy")
        if policy != "block" or self.env.context.get("import_file"):
            return
        card = self.new(vals)
        likely = [
            c
            for c in self.env["crm.duplicate.finder"]._find_duplicates(record=card)
            if c.level == "likely" and c.model == "res.partner"
        ]
        if not likely:
            return
        best = likely[0]
        message = self.env._(
            "This client already exists: %(name)s (manager: %(owner)s). "
            "Work with the existing card instead of creating a second one.",
            name=best.name or self.env._("a client you may not open"),
            owner=best.owner_name or "-",
        )
        if not best.accessible:
            raise RedirectWarning(
                message,
                self.env.ref("sales_first_contact.crm_client_check_action").id,
                self.env._("Check the Client"),
            )
        raise RedirectWarning(
            message,
            {
                "type": "ir.actions.act_window",
                "res_model": "res.partner",
                "res_id": best.id,
                "views": [(False, "form")],
                "target": "current",
            },
            self.env._("Open the Existing Card"),
        )

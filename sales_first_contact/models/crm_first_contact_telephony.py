import psycopg2

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from ..dedup import normalize

TELEPHONY_GROUP = "sales_first_contact.group_first_contact_telephony"


class CrmFirstContact(models.Model):
    """The PBX's side of a first contact: an incoming call routed and drafted."""

    _inherit = "crm.first.contact"

    @api.model
    def _telephony_check_access(self):
        """Only the PBX's own user (the *Telephony* group) drives the routing."""
        if not self.env.user.has_group(TELEPHONY_GROUP):
            raise AccessError(
                self.env._("Only a user of the Telephony group may report calls.")
            )

    @api.model
    def _telephony_text(self, name, value, size, required=False):
        """``value`` as a stripped string of at most ``size`` characters, or False.

        :raise UserError: on a value that is not text or a number, holds a NUL
            character (PostgreSQL refuses it), or is missing when required
        """
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int)
        ):
            raise UserError(self.env._("'%s' must be a string.", name))
        text = str(value).strip()[:size] if value is not None else ""
        if "\x00" in text:
            raise UserError(self.env._("'%s' must not hold a NUL character.", name))
        if required and not text:
            raise UserError(self.env._("'%s' is required.", name))
        return text or False

    @api.model
    def _telephony_incoming_call(self, call_id=None, caller=None, extension=None):
        """Route an incoming call for the PBX and record it (see the controller).

        :raise AccessError: for a user outside the Telephony group
        :raise UserError: on a missing or malformed call id, number or extension
        """
        self._telephony_check_access()
        call_id = self._telephony_text("call_id", call_id, 128, required=True)
        caller = self._telephony_text("caller", caller, 64) or ""
        extension = self._telephony_text("extension", extension, 32)
        settings = self.env["crm.duplicate.finder"]._dedup_settings()
        if not caller or not normalize.phone_keys(caller, settings["region"]):
            raise UserError(self.env._("'caller' must be the caller's phone number."))
        # sudo: a retried call must be found whoever its draft belongs to
        existing = self.sudo().search([("call_id", "=", call_id)], limit=1)
        if existing:
            return existing._telephony_answer()
        addressed = self.env["res.users"]
        if extension:
            # sudo: the PBX's user needs no right to read users' work phones
            addressed = (
                self.env["res.users"]
                .sudo()
                .search(
                    [("share", "=", False), ("partner_id.phone", "=", extension)],
                    limit=1,
                )
            )
        route = self.env["crm.first.contact.router"]._route(
            {"phone": caller, "addressed_user_id": addressed.id}
        )
        values = {
            "call_id": call_id,
            "phone": caller,
            "extension": extension,
            "addressed_user_id": addressed.id,
            "taken_by_id": route.user.id or self.env.user.id,
            "rule": route.rule,
            "route_reason": route.reason,
            "routed_user_id": route.user.id,
        }
        if route.client:
            values["company_name"] = route.client.name
        try:
            with self.env.cr.savepoint():
                record = self.sudo().create(values)  # sudo: drafted for another user
        except psycopg2.IntegrityError:  # the PBX retried the same call meanwhile
            record = self.sudo().search([("call_id", "=", call_id)], limit=1)
        return record._telephony_answer()

    def _telephony_answer(self):
        self.ensure_one()
        user = self.routed_user_id or self.taken_by_id
        return {
            "call_id": self.call_id or None,
            "first_contact_id": self.id,
            "ring": {
                "user_id": user.id,
                "name": user.name,
                "login": user.login,
                "phone": user.partner_id.phone or None,
            },
            "rule": self.rule,
            "reason": self.route_reason,
        }

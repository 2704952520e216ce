from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tools import SQL

from ..dedup import normalize

TELEPHONY_GROUP = "sales_first_contact.group_first_contact_telephony"
CALL_BACK_TYPE = "sales_first_contact.mail_activity_type_call_back"
CALL_ENDS = ("answered", "missed")
MAX_DURATION = 24 * 3600  # seconds: a longer call is a PBX's mistake
OFFICE_SEARCH_DAYS = 60


class CallConflict(UserError):
    """A call's end that contradicts the end already recorded."""


class CrmFirstContact(models.Model):
    """The PBX's side of a first contact: an incoming call routed and drafted."""

    _inherit = "crm.first.contact"

    call_status = fields.Selection(
        [("ringing", "Ringing"), ("answered", "Answered"), ("missed", "Missed")],
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    call_duration = fields.Integer(
        "Call Duration (s)", readonly=True, copy=False, aggregator="sum"
    )
    call_recording_url = fields.Char(
        "Call Recording", readonly=True, copy=False, help="A link given by the PBX."
    )
    call_back_pending = fields.Boolean(
        "To Call Back",
        compute="_compute_call_back_pending",
        search="_search_call_back_pending",
        help="A missed call whose Call Back activity is not done yet.",
    )

    @api.depends("call_status", "activity_ids.activity_type_id")
    def _compute_call_back_pending(self):
        call_back = self.env.ref(CALL_BACK_TYPE)
        for contact in self:
            contact.call_back_pending = contact.call_status == "missed" and (
                call_back in contact.activity_ids.activity_type_id
            )

    def _search_call_back_pending(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “To Call Back”."))
        pending = [
            ("call_status", "=", "missed"),
            ("activity_ids.activity_type_id", "=", self.env.ref(CALL_BACK_TYPE).id),
        ]
        if (operator == "=") == value:
            return pending
        return ["!", "&", *pending]

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
            "call_status": "ringing",
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
                # sudo: drafted for another user; the PBX's user follows nothing
                record = (
                    self.sudo()
                    .with_context(mail_create_nosubscribe=True)
                    .create(values)
                )
        except psycopg2.IntegrityError:  # the PBX retried the same call meanwhile
            record = self.sudo().search([("call_id", "=", call_id)], limit=1)
            return record._telephony_answer()
        self.env["crm.first.contact.call.card"]._send(record, route)
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

    # ------------------------------------------------------------------
    # The end of a call
    # ------------------------------------------------------------------

    @api.model
    def _telephony_call_end(
        self, call_id=None, status=None, duration=None, recording_url=None
    ):
        """Record the end of a call the PBX reported as incoming: an answered
        call's duration in the chatter, a missed one a *Call back* activity.
        The same end again changes nothing.

        :raise AccessError: for a user outside the Telephony group
        :raise MissingError: for a call id the PBX never reported as incoming
        :raise CallConflict: for an end other than the one recorded
        :raise UserError: on a missing or malformed field
        """
        self._telephony_check_access()
        call_id = self._telephony_text("call_id", call_id, 128, required=True)
        status = self._telephony_text("status", status, 16, required=True)
        if status not in CALL_ENDS:
            raise UserError(self.env._("'status' must be 'answered' or 'missed'."))
        if duration is None:
            duration = 0
        if (
            isinstance(duration, bool)
            or not isinstance(duration, int)
            or not 0 <= duration <= MAX_DURATION
        ):
            raise UserError(self.env._("'duration' must be a whole number of seconds."))
        url = self._telephony_text("recording_url", recording_url, 2048)
        if url and not url.lower().startswith(("https://", "http://")):
            raise UserError(self.env._("'recording_url' must be an http(s) link."))
        # sudo: the PBX's user reads no first contacts; the call is its own
        call = self.sudo().search([("call_id", "=", call_id)], limit=1)
        if not call:
            raise MissingError(self.env._("No incoming call has this call id."))
        # one end per call, even when the PBX sends two at once
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM %s WHERE id = %s FOR UPDATE",
                SQL.identifier(self._table),
                call.id,
            )
        )
        call.invalidate_recordset(["call_status"])
        if call.call_status in CALL_ENDS:
            if call.call_status != status:
                labels = dict(
                    self._fields["call_status"]._description_selection(self.env)
                )
                raise CallConflict(
                    self.env._(
                        "This call has already ended: %s.", labels[call.call_status]
                    )
                )
            return call._telephony_end_answer()
        call.write(
            {
                "call_status": status,
                "call_duration": duration if status == "answered" else 0,
                "call_recording_url": url,
            }
        )
        if status == "answered":
            call._telephony_log_answered()
        else:
            call._telephony_schedule_call_back()
        return call._telephony_end_answer()

    def _telephony_end_answer(self):
        self.ensure_one()
        return {
            "call_id": self.call_id,
            "first_contact_id": self.id,
            "status": self.call_status,
            "duration": self.call_duration,
        }

    def _telephony_log_answered(self):
        """The call's duration (and recording) in the chatter of the draft and
        of the lead it was registered to."""
        self.ensure_one()
        minutes, seconds = divmod(self.call_duration, 60)
        body = Markup("<p>%s</p>") % self.env._(
            "Call answered, %(minutes)s min %(seconds)s s.",
            minutes=minutes,
            seconds=seconds,
        )
        if self.call_recording_url:
            body += Markup(
                '<p><a href="%s" target="_blank" rel="noopener noreferrer">%s</a></p>'
            ) % (self.call_recording_url, self.env._("Call recording"))
        for record in (self, self.lead_id):
            if record:
                record.sudo()._message_log(body=body)

    def _telephony_schedule_call_back(self):
        """A *Call back* activity, due within an hour of office time, for the
        manager the call went to, or the duty manager while they are away
        (who then owns the draft)."""
        self.ensure_one()
        router = self.env["crm.first.contact.router"]
        now = fields.Datetime.now()
        user = self.routed_user_id or self.taken_by_id
        # the router's one absence rule (R6), as every hand-over applies it
        route = router._present_or_duty(
            user,
            "addressed",
            "addressed_absent",
            {"phone": self.phone},
            router._empty_route().client,
            now,
        )
        if route.user and route.user != user:
            user = route.user
            self.sudo().taken_by_id = user
            self.sudo()._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Missed call: the call back goes to %(user)s (%(reason)s).",
                    user=user.name,
                    reason=router._rule_label(route.rule),
                )
            )
        due = self._telephony_call_back_due(user, now)
        self.sudo().activity_schedule(
            CALL_BACK_TYPE,
            date_deadline=fields.Date.to_date(due),
            user_id=user.id,
            summary=router._env_of(user)._(
                "Call back %(phone)s by %(when)s",
                phone=self.phone,
                when=router._format_when(due, user),
            ),
        )

    def _telephony_call_back_due(self, user, now):
        """One hour of the office time of ``user``'s team from ``now`` (UTC)."""
        team = self.env["crm.first.contact.router"]._team_of(user)
        left = timedelta(hours=1)
        intervals = team._office_intervals(
            now, now + timedelta(days=OFFICE_SEARCH_DAYS)
        )
        for lo, hi, _records in intervals:
            if hi - lo >= left:
                return (lo + left).replace(tzinfo=None)
            left -= hi - lo
        return now + timedelta(hours=1)

    def action_register(self):
        """Registering a missed call's draft means it was called back."""
        result = super().action_register()
        self.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.env.ref(CALL_BACK_TYPE)
        ).action_done()
        return result

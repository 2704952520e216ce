from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.resource.models.utils import Intervals

MAX_CHAINED_LEAVES = 20  # back-to-back time off followed to find the way back
_SECOND = timedelta(seconds=1)


class CrmAbsence(models.Model):
    """A manager away for a period (R6): Odoo time off of the manager.

    Each absence is a ``resource.calendar.leaves`` of the manager's resource
    (their employee's when the HR apps are used), kept in step with it; this
    model gives it the rights of the Absences menu: everybody sees who is
    away, a manager records their own, the head of sales anybody's.

    What counts is the time off: :meth:`_absent_users`, :meth:`_back_on` and
    :meth:`_absence_intervals` read every time off of a user, also one recorded
    in Odoo's Time Off app.
    """

    _name = "crm.absence"
    _inherit = ["crm.owned.mixin"]
    _description = "Manager Absence"
    _order = "date_from desc, id desc"
    _rec_names_search = ["user_id"]

    user_id = fields.Many2one(
        "res.users",
        string="Manager",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        index=True,
    )
    leave_id = fields.Many2one(
        "resource.calendar.leaves",
        string="Time Off",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
        copy=False,
    )
    date_from = fields.Datetime(
        "From",
        compute="_compute_from_leave",
        inverse="_inverse_leave",
        store=True,
        readonly=False,
        required=True,
        default=fields.Datetime.now,
    )
    date_to = fields.Datetime(
        "Back On",
        compute="_compute_from_leave",
        inverse="_inverse_leave",
        store=True,
        readonly=False,
        required=True,
    )
    reason = fields.Char(
        compute="_compute_from_leave",
        inverse="_inverse_leave",
        store=True,
        readonly=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "dates_check",
            "CHECK (date_to > date_from)",
            "An absence ends after it starts.",
        ),
    ]

    @api.depends("user_id", "date_from", "date_to")
    def _compute_display_name(self):
        for absence in self:
            absence.display_name = self.env._(
                "%(user)s, away until %(date)s",
                user=absence.user_id.name or "",
                date=fields.Datetime.to_string(absence.date_to) or "",
            )

    @api.depends("leave_id.date_from", "leave_id.date_to", "leave_id.name")
    def _compute_from_leave(self):
        for absence in self:
            leave = absence.leave_id
            absence.date_from = leave.date_from
            absence.date_to = leave.date_to
            absence.reason = leave.name

    def _inverse_leave(self):
        # sudo: Odoo lets a user change only their own time off; the rights of
        # absences (and the values check of crm.owned.mixin) were applied
        for absence in self:
            absence.leave_id.sudo().write(
                self._prepare_leave_values(
                    absence.user_id,
                    absence.company_id,
                    absence.date_from,
                    absence.date_to,
                    absence.reason,
                )
            )

    @api.constrains("user_id", "date_from", "date_to")
    def _check_overlap(self):
        for absence in self:
            if self.search_count(
                [
                    ("id", "!=", absence.id),
                    ("user_id", "=", absence.user_id.id),
                    ("date_from", "<", absence.date_to),
                    ("date_to", ">", absence.date_from),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "%s already has an absence in this period.",
                        absence.user_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # The time off behind each absence
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        self._check_owner_values(vals_list)
        Leave = self.env["resource.calendar.leaves"].sudo()  # see _inverse_leave
        for vals in vals_list:
            vals.setdefault("date_from", fields.Datetime.now())
            vals.setdefault("user_id", self.env.uid)
            vals.setdefault("company_id", self.env.company.id)
            leave_values = self._prepare_leave_values(
                self.env["res.users"].browse(vals["user_id"]),
                self.env["res.company"].browse(vals["company_id"]),
                vals["date_from"],
                vals.get("date_to"),
                vals.get("reason"),
            )
            vals["leave_id"] = Leave.create(leave_values).id
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "company_id"} & set(vals):
            self._inverse_leave()
        return res

    def unlink(self):
        leaves = self.leave_id
        res = super().unlink()
        leaves.sudo().unlink()
        return res

    @api.model
    def _prepare_leave_values(self, user, company, date_from, date_to, reason):
        resource = self._resource_of(user, company)
        return {
            "name": reason or False,
            "resource_id": resource.id,
            "calendar_id": resource.calendar_id.id,
            "date_from": date_from,
            "date_to": date_to,
            "time_type": "leave",
        }

    @api.model
    def _resource_of(self, user, company):
        """The resource of ``user`` that time off is recorded on: their
        employee's, if any; made (on the office hours) when missing."""
        Resource = self.env["resource.resource"].sudo()
        resource = Resource.search(
            [("user_id", "=", user.id), ("company_id", "in", [company.id, False])],
            order="company_id, id",
            limit=1,
        )
        if not resource:
            calendar = user.sale_team_id._office_calendar()
            resource = Resource.create(
                {
                    "name": user.name,
                    "user_id": user.id,
                    "company_id": company.id,
                    "calendar_id": calendar.id,
                    "tz": user.tz or calendar.tz or "UTC",
                }
            )
        return resource

    # ------------------------------------------------------------------
    # Who is away: Python API of the roster, the router and the reports
    # ------------------------------------------------------------------

    @api.model
    def _leaves(self, users, start, end):
        """Time off of ``users`` overlapping [start, end) (UTC), all of it."""
        return (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id.user_id", "in", users.ids),
                    ("time_type", "=", "leave"),
                    ("date_from", "<", end),
                    ("date_to", ">", start),
                ],
                order="date_from",
            )
        )

    @api.model
    def _absence_intervals(self, users, start, end):
        """{user: :class:`Intervals` (aware UTC) of their time off} in [start, end)."""
        result = defaultdict(Intervals)
        if not users:
            return result
        per_user = defaultdict(list)
        for leave in self._leaves(users, start, end):
            per_user[leave.resource_id.user_id].append(
                (
                    pytz.utc.localize(leave.date_from),
                    pytz.utc.localize(leave.date_to),
                    leave,
                )
            )
        result.update({user: Intervals(items) for user, items in per_user.items()})
        return result

    @api.model
    def _absent_users(self, users, at=None):
        """The ``users`` who are away at ``at`` (now by default)."""
        if not users:
            return users
        at = at or fields.Datetime.now()
        leaves = self._leaves(users, at, at + _SECOND)
        return leaves.resource_id.user_id & users

    @api.model
    def _back_on(self, user, at=None):
        """When an absent ``user`` is back: the first office hour of their
        team's calendar after their time off (holidays and weekends skipped);
        False when they are not away at ``at``."""
        at = at or fields.Datetime.now()
        back = at
        for _i in range(MAX_CHAINED_LEAVES):
            leaves = self._leaves(user, back, back + _SECOND)
            if not leaves:
                break
            back = user.sale_team_id._next_office_time(max(leaves.mapped("date_to")))
        return back if back != at else False

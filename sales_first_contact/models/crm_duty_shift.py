from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import format_datetime

WEEK = timedelta(days=7)
SKIPPED_SHOWN = 10  # skipped shifts named in the message of a copy


class CrmDutyShift(models.Model):
    """A manager on duty for a team over a period: the roster of R2. Office
    hours and coverage are the team's (``crm.team._office_intervals``)."""

    _name = "crm.duty.shift"
    _description = "Duty Shift"
    _order = "date_start, team_id, id"
    _rec_names_search = ["user_id", "team_id"]

    user_id = fields.Many2one(
        "res.users",
        string="Duty Manager",
        required=True,
        index=True,
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        required=True,
        index=True,
        default=lambda self: self.env["crm.team"]._main_office(),
    )
    date_start = fields.Datetime("Start", required=True)
    date_end = fields.Datetime("End", required=True)
    shared = fields.Boolean(
        "Shared Duty",
        help="Shifts of the same team that overlap must all be shared: the "
        "managers on a shared duty take the calls in turn.",
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    color = fields.Integer(related="user_id.partner_id.color")

    _sql_constraints = [
        (
            "dates_check",
            "CHECK (date_end > date_start)",
            "A shift ends after it starts.",
        ),
    ]

    @api.depends("user_id", "team_id")
    def _compute_display_name(self):
        for shift in self:
            shift.display_name = (
                f"{shift.user_id.name or ''} ({shift.team_id.name or ''})"
            )

    @api.constrains("team_id", "date_start", "date_end", "shared")
    def _check_overlap(self):
        for shift in self:
            overlapping = self.search(
                [
                    ("id", "!=", shift.id),
                    ("team_id", "=", shift.team_id.id),
                    ("date_start", "<", shift.date_end),
                    ("date_end", ">", shift.date_start),
                ]
            )
            if overlapping and not (shift.shared and all(overlapping.mapped("shared"))):
                other = overlapping[0]
                raise ValidationError(
                    self.env._(
                        "%(user)s is already on duty for %(team)s in this period. "
                        "Mark both shifts as shared to share the duty.",
                        user=other.user_id.name,
                        team=shift.team_id.name,
                    )
                )
            same_user = overlapping.filtered(
                lambda s, shift=shift: s.user_id == shift.user_id
            )
            if same_user:
                raise ValidationError(
                    self.env._("%s has two overlapping shifts.", shift.user_id.name)
                )

    def action_copy_week_forward(self):
        """Copy these shifts one week later (a roster repeats weekly), and say
        which were not copied and why."""
        self.check_access("create")
        copies, skipped = self._copy_week_forward()
        return self._copy_notification(copies, skipped)

    @api.model
    def action_copy_shown_week(self, date_start, date_end, domain=None):
        """Copy to Next Week from the calendar: the shifts starting in the
        period shown (and matching its filters)."""
        shifts = self.search(
            expression.AND(
                [
                    domain or [],
                    [("date_start", ">=", date_start), ("date_start", "<", date_end)],
                ]
            )
        )
        return shifts.action_copy_week_forward()

    def _copy_week_forward(self):
        """(copies made, [(shift, why it was not copied)])."""
        copies, skipped = self.browse(), []
        Absence = self.env["crm.absence"]
        for shift in self.sorted("date_start"):
            start, end = shift.date_start + WEEK, shift.date_end + WEEK
            if self.search_count(
                [
                    ("team_id", "=", shift.team_id.id),
                    ("user_id", "=", shift.user_id.id),
                    ("date_start", "=", start),
                ]
            ):
                skipped.append((shift, self.env._("already in the roster")))
                continue
            if Absence._absence_intervals(shift.user_id, start, end)[shift.user_id]:
                skipped.append(
                    (shift, self.env._("%s is away then", shift.user_id.name))
                )
                continue
            try:
                with self.env.cr.savepoint():
                    copies |= shift.copy({"date_start": start, "date_end": end})
            except ValidationError as error:  # it overlaps a shift of the week
                skipped.append((shift, error.args[0]))
        return copies, skipped

    def _copy_notification(self, copies, skipped):
        message = self.env._("%s shifts copied to the next week.", len(copies))
        if skipped:
            lines = [
                self.env._(
                    "%(shift)s, %(start)s–%(end)s: %(reason)s",
                    shift=shift.display_name,
                    start=format_datetime(
                        self.env, shift.date_start + WEEK, dt_format="EEE dd.MM HH:mm"
                    ),
                    end=format_datetime(
                        self.env, shift.date_end + WEEK, dt_format="HH:mm"
                    ),
                    reason=reason,
                )
                for shift, reason in skipped[:SKIPPED_SHOWN]
            ]
            more = len(skipped) - SKIPPED_SHOWN
            if more > 0:
                lines.append(self.env._("and %s more", more))
            message = self.env._(
                "%(copied)s Not copied: %(skipped)s",
                copied=message,
                skipped="; ".join(lines),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if skipped else "success",
                "sticky": bool(skipped),
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _action_on_duty_now(self):
        """The roster, on the shifts running now of managers who are not away
        (CRM → First Contact): who the router would pick."""
        now = fields.Datetime.now()
        shifts = self.search([("date_start", "<=", now), ("date_end", ">", now)])
        on_duty = shifts.filtered(
            lambda shift: shift.user_id in shift.team_id._get_duty_users(now)
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_first_contact.crm_duty_shift_action"
        )
        action.update(
            name=self.env._("On Duty Now"),
            view_mode="list,form",
            views=[(False, "list"), (False, "form")],
            domain=[("id", "in", on_duty.ids)],
            context={"create": False},
        )
        return action

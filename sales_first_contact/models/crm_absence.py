from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmAbsence(models.Model):
    """A manager away for a period (R6): no new first contacts for them."""

    _name = "crm.absence"
    _description = "Manager Absence"
    _order = "date_from desc, id desc"

    user_id = fields.Many2one(
        "res.users",
        string="Manager",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        index=True,
    )
    date_from = fields.Datetime("From", required=True, default=fields.Datetime.now)
    date_to = fields.Datetime("Back On", required=True)
    reason = fields.Char()
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

    @api.model
    def _absent_users(self, users, at=None):
        """The ``users`` who are away at ``at`` (now by default)."""
        if not users:
            return users
        at = at or fields.Datetime.now()
        absences = self.sudo().search(
            [
                ("user_id", "in", users.ids),
                ("date_from", "<=", at),
                ("date_to", ">", at),
            ]
        )
        return absences.user_id

    @api.model
    def _back_on(self, user, at=None):
        """When an absent ``user`` is back (end of the absence at ``at``)."""
        at = at or fields.Datetime.now()
        absence = self.sudo().search(
            [("user_id", "=", user.id), ("date_from", "<=", at), ("date_to", ">", at)],
            order="date_to desc",
            limit=1,
        )
        return absence.date_to

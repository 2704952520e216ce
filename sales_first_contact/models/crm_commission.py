from odoo import api, fields, models

COMMISSION_ROLES = [("agent", "Agent"), ("manager", "Manager")]
PARAM_RATE = "sales_first_contact.commission_rate_%s"
DEFAULT_RATES = {"agent": 5.0, "manager": 3.0}


class CrmCommission(models.Model):
    """Commission of an agent or a manager on a won opportunity (R7).

    The base is the expected revenue of the opportunity when it is won, in the
    company's currency; the rate is the user's own rate for the role, else the
    rate of Settings. Reopening or losing the opportunity cancels it.
    """

    _name = "crm.commission"
    _description = "Sales Commission"
    _order = "date desc, id desc"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Earned By", required=True, index=True
    )
    role = fields.Selection(COMMISSION_ROLES, required=True)
    date = fields.Date("Won On", required=True)
    company_id = fields.Many2one("res.company", required=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    base_amount = fields.Monetary("Won Revenue", required=True)
    rate = fields.Float("Rate (%)", required=True, digits=(5, 2))
    amount = fields.Monetary(compute="_compute_amount", store=True, aggregator="sum")
    state = fields.Selection(
        [("to_pay", "To Pay"), ("paid", "Paid"), ("cancelled", "Cancelled")],
        default="to_pay",
        required=True,
        index=True,
    )
    source_id = fields.Many2one(related="lead_id.source_id", store=True)
    first_contact_channel = fields.Selection(
        related="lead_id.first_contact_channel", store=True
    )
    team_id = fields.Many2one(related="lead_id.team_id", store=True)

    @api.depends("base_amount", "rate")
    def _compute_amount(self):
        for line in self:
            line.amount = line.base_amount * line.rate / 100.0

    def action_mark_paid(self):
        self.filtered(lambda line: line.state == "to_pay").state = "paid"

    @api.model
    def _rate_of(self, user, role):
        """The user's own rate for the role, else the rate of Settings."""
        own = (
            self.env["crm.commission.rate"]
            .sudo()
            .search([("user_id", "=", user.id), ("role", "=", role)], limit=1)
        )
        if own:
            return own.rate
        param = self.env["ir.config_parameter"].sudo().get_param(PARAM_RATE % role)
        return float(param) if param not in (None, False, "") else DEFAULT_RATES[role]


class CrmCommissionRate(models.Model):
    """A user's own commission rate, overriding the one of Settings."""

    _name = "crm.commission.rate"
    _description = "Commission Rate of a User"
    _order = "user_id, role"

    user_id = fields.Many2one(
        "res.users", required=True, ondelete="cascade", domain=[("share", "=", False)]
    )
    role = fields.Selection(COMMISSION_ROLES, required=True)
    rate = fields.Float("Rate (%)", required=True, digits=(5, 2))

    _sql_constraints = [
        ("user_role_uniq", "unique (user_id, role)", "A user has one rate per role."),
        (
            "rate_check",
            "CHECK (rate >= 0 AND rate <= 100)",
            "A rate is between 0 and 100%.",
        ),
    ]

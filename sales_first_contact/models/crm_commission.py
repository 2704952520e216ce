from odoo import api, fields, models
from odoo.exceptions import UserError

COMMISSION_ROLES = [("agent", "Agent"), ("manager", "Manager")]


class CrmCommission(models.Model):
    """Commission of an agent or a manager on a won opportunity (R7).

    The base is the expected revenue of the opportunity when it is won, in the
    company's currency; the rate is the user's own rate for the role, else the
    rate of Settings. Reopening or losing the opportunity cancels it.

    Lines are made only by :meth:`_create_for_won` when an opportunity is won
    (nobody has the right to create one) and only their state is ever changed.
    """

    _name = "crm.commission"
    _description = "Sales Commission"
    _order = "date desc, id desc"
    _rec_names_search = ["lead_id", "user_id"]

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
    # each line's base; not added up: two lines of one opportunity share it
    base_amount = fields.Monetary("Won Revenue", required=True, aggregator=None)
    revenue = fields.Monetary(
        "Won Revenue (once per opportunity)",
        compute="_compute_revenue",
        store=True,
        aggregator="sum",
        help="The won revenue of the opportunity on one of its lines (its "
        "manager's, else its agent's) and zero on the other: totals count each "
        "opportunity once.",
    )
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

    @api.depends("base_amount", "state", "role", "lead_id.commission_ids.state")
    def _compute_revenue(self):
        for line in self:
            counted = line.lead_id.commission_ids.filtered(
                lambda other: other.state != "cancelled"
            ).sorted(lambda other: (other.role != "manager", other.id))[:1]
            line.revenue = line.base_amount if line == counted else 0.0

    def write(self, vals):
        self.check_access("write")
        if not self.env.su and set(vals) - {"state"}:
            raise UserError(
                self.env._(
                    "A commission comes from its won opportunity: only its state "
                    "may be changed."
                )
            )
        return super().write(vals)

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
        return self.env["crm.first.contact.settings"]._get_setting(
            f"commission_rate_{role}"
        )

    @api.model
    def _create_for_won(self, leads):
        """The lines of the agent and the manager of newly won ``leads`` (R7).

        The base is the opportunity's expected revenue; a person who already has
        a line of the opportunity in that role, to pay or paid, gets no second
        one (an opportunity reopened and won again is not paid twice).
        """
        Commission = self.sudo()  # nobody creates lines but this method
        kept = {
            (line.lead_id, line.user_id, line.role)
            for line in leads.sudo().commission_ids
            if line.state != "cancelled"
        }
        values = []
        for lead in leads:
            for role, user in (("agent", lead.agent_id), ("manager", lead.user_id)):
                if not user or (lead, user, role) in kept:
                    continue
                values.append(
                    {
                        "lead_id": lead.id,
                        "user_id": user.id,
                        "role": role,
                        "date": fields.Date.context_today(self),
                        "company_id": (lead.company_id or self.env.company).id,
                        "base_amount": lead.expected_revenue,
                        "rate": Commission._rate_of(user, role),
                    }
                )
        return Commission.create(values)

    @api.model
    def _cancel_for(self, leads):
        """Reopened or lost: the lines of ``leads`` not yet paid are cancelled."""
        lines = leads.sudo().commission_ids.filtered(
            lambda line: line.state == "to_pay"
        )
        lines.state = "cancelled"


class CrmCommissionRate(models.Model):
    """A user's own commission rate, overriding the one of Settings."""

    _name = "crm.commission.rate"
    _description = "Commission Rate of a User"
    _order = "user_id, role"
    _rec_names_search = ["user_id"]

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

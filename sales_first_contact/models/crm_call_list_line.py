from odoo import fields, models
from odoo.exceptions import UserError

CALL_OUTCOMES = [
    ("todo", "To call"),
    ("no_answer", "No answer"),
    ("refused", "Refused"),
    ("call_back", "Call back"),
    ("meeting", "Meeting agreed"),
]


class CrmCallListLine(models.Model):
    """One organisation of a call list and what came of calling it (R7)."""

    _name = "crm.call.list.line"
    _description = "Call List Organisation"
    _order = "call_back_at, sequence, id"
    _rec_name = "company_name"

    list_id = fields.Many2one(
        "crm.call.list", required=True, ondelete="cascade", index=True
    )
    agent_id = fields.Many2one(related="list_id.agent_id", store=True, index=True)
    company_id = fields.Many2one(related="list_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    company_name = fields.Char("Organisation", required=True)
    contact_name = fields.Char("Contact Person")
    phone = fields.Char()
    email = fields.Char("E-mail")
    website = fields.Char()
    city = fields.Char()
    country_id = fields.Many2one("res.country")
    state_id = fields.Many2one(
        "res.country.state",
        string="Region",
        domain="[('country_id', '=?', country_id)]",
    )
    outcome = fields.Selection(CALL_OUTCOMES, required=True, default="todo", index=True)
    call_back_at = fields.Datetime()
    last_call_at = fields.Datetime("Last Call", readonly=True)
    call_count = fields.Integer("Calls", readonly=True)
    note = fields.Text()
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", readonly=True, copy=False
    )
    call_ids = fields.One2many("crm.agent.call", "line_id", string="Calls Made")

    def _log_call(self, outcome, **values):
        """Record a call and its outcome on these organisations."""
        now = fields.Datetime.now()
        self.env["crm.agent.call"].create(
            [
                {
                    "line_id": line.id,
                    "agent_id": self.env.user.id,
                    "date": now,
                    "outcome": outcome,
                }
                for line in self
            ]
        )
        for line in self:
            line.write(
                {
                    "outcome": outcome,
                    "last_call_at": now,
                    "call_count": line.call_count + 1,
                    **values,
                }
            )

    def action_no_answer(self):
        self._log_call("no_answer")

    def action_refused(self):
        self._log_call("refused")

    def action_call_back(self):
        """The client asks to be called back: without a date, ask for it first."""
        undated = self.filtered(lambda line: not line.call_back_at)
        if undated:
            line = undated[0]
            view = self.env.ref(
                "sales_first_contact.crm_call_list_line_view_form_call_back"
            )
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("When to Call %s Back", line.company_name),
                "res_model": self._name,
                "res_id": line.id,
                "views": [(view.id, "form")],
                "target": "new",
            }
        self._log_call("call_back")
        return False

    def action_meeting(self):
        """A meeting is agreed: the contact counts (R7), hand it over."""
        self.ensure_one()
        if self.outcome == "meeting" and self.lead_id:
            raise UserError(self.env._("This meeting is already handed over."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand Over the Meeting"),
            "res_model": "crm.lead.handover",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_line_id": self.id},
        }


class CrmAgentCall(models.Model):
    """A call an agent made: what the agent funnel counts."""

    _name = "crm.agent.call"
    _description = "Agent Call"
    _order = "date desc, id desc"
    _rec_names_search = ["line_id", "agent_id"]

    line_id = fields.Many2one(
        "crm.call.list.line", required=True, ondelete="cascade", index=True
    )
    agent_id = fields.Many2one("res.users", required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    outcome = fields.Selection(CALL_OUTCOMES, required=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True)

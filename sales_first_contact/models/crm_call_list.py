from odoo import api, fields, models


class CrmCallList(models.Model):
    """An agent's list of organisations to cold-call (R7): a directory, a database."""

    _name = "crm.call.list"
    _inherit = ["crm.owned.mixin"]
    _description = "Call List"
    _owner_field = "agent_id"
    _order = "id desc"

    name = fields.Char(required=True)
    agent_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        domain=[("share", "=", False)],
    )
    source_id = fields.Many2one(
        "utm.source",
        string="Taken From",
        default=lambda self: self.env.ref(
            "sales_first_contact.utm_source_database", raise_if_not_found=False
        ),
        help="Where the organisations of the list come from.",
    )
    line_ids = fields.One2many("crm.call.list.line", "list_id", string="Organisations")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    line_count = fields.Integer("Organisation Count", compute="_compute_counts")
    todo_count = fields.Integer("To Call", compute="_compute_counts")
    meeting_count = fields.Integer("Meetings Agreed", compute="_compute_counts")

    @api.depends("line_ids.outcome")
    def _compute_counts(self):
        groups = {
            (call_list, outcome): count
            for call_list, outcome, count in self.env["crm.call.list.line"]._read_group(
                [("list_id", "in", self.ids)], ["list_id", "outcome"], ["__count"]
            )
        }
        for call_list in self:
            counts = {
                o: groups.get((call_list, o), 0)
                for o in ("todo", "call_back", "meeting")
            }
            call_list.line_count = sum(
                c for (lst, _o), c in groups.items() if lst == call_list
            )
            call_list.todo_count = counts["todo"] + counts["call_back"]
            call_list.meeting_count = counts["meeting"]

    def action_open_lines(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_first_contact.crm_call_list_line_action"
        )
        action["domain"] = [("list_id", "=", self.id)]
        action["context"] = {"default_list_id": self.id, "search_default_to_call": 1}
        return action

from odoo import fields, models
from odoo.exceptions import UserError

from .crm_client_check import STEP_MATCHES

LEVELS = [("likely", "Likely duplicate"), ("possible", "Possible duplicate")]


class CrmClientCheckLine(models.TransientModel):
    """One existing client or lead found by the "Check client" screen."""

    _name = "crm.client.check.line"
    _description = "Check Client: Result"
    _order = "sequence, id"

    check_id = fields.Many2one("crm.client.check", required=True, ondelete="cascade")
    sequence = fields.Integer()
    res_model = fields.Selection(
        [("res.partner", "Client"), ("crm.lead", "Lead/Opportunity")],
        string="Found In",
        required=True,
    )
    res_id = fields.Integer()  # only of a record the user may read
    candidate_ref = fields.Char()  # the result, found again (see _candidate)
    accessible = fields.Boolean()
    name = fields.Char()
    partner_id = fields.Many2one("res.partner", string="Client")
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity")
    level = fields.Selection(LEVELS)
    likely_reason = fields.Char("Why Likely")
    owner_id = fields.Many2one("res.users", string="Manager")
    stage = fields.Char()
    open_opportunity_ref = fields.Integer("Client's Open Opportunity")
    has_open_opportunity = fields.Boolean()
    open_opportunity_owner_id = fields.Many2one(
        "res.users", string="Owner of the Open Opportunity"
    )
    client_ref = fields.Integer("Client ID")
    # Which of the six steps of R11 matched, in their order
    step_company = fields.Selection(STEP_MATCHES, string="1. Company")
    step_surname = fields.Selection(STEP_MATCHES, string="2. Surname")
    step_phone = fields.Selection(STEP_MATCHES, string="3. Phone")
    step_email = fields.Selection(STEP_MATCHES, string="4. E-mail")
    step_domain = fields.Selection(STEP_MATCHES, string="5. Domain")
    step_website = fields.Selection(STEP_MATCHES, string="6. Website")
    can_open = fields.Boolean(compute="_compute_can")
    can_hand_over = fields.Boolean(compute="_compute_can")
    can_open_opportunity = fields.Boolean(compute="_compute_can")
    can_merge = fields.Boolean(compute="_compute_can")

    def _compute_can(self):
        # the user's own rights on the records found (a line is theirs to write)
        readable = {
            (model, record_id)
            for model in ("res.partner", "crm.lead")
            for record_id in self.env[model]
            .browse(
                self.filtered(
                    lambda ln, m=model: ln.res_model == m and ln.res_id
                ).mapped("res_id")
            )
            .exists()
            ._filtered_access("read")
            .ids
        }
        may_merge_clients = self.env["base.partner.merge.automatic.wizard"].has_access(
            "create"
        )
        for line in self:
            check = line.check_id
            open_ = (line.res_model, line.res_id) in readable
            line.can_open = open_
            line.can_hand_over = bool(
                line.has_open_opportunity
                and line.open_opportunity_owner_id != self.env.user
            )
            line.can_open_opportunity = bool(
                open_
                and line.res_model == "res.partner"
                and not line.has_open_opportunity
            )
            line.can_merge = bool(
                open_
                and (
                    (
                        line.res_model == "res.partner"
                        and check.partner_id
                        and may_merge_clients
                    )
                    or (line.res_model == "crm.lead" and check.lead_id)
                )
            )

    def _candidate(self):
        """This result as the duplicate search finds it now for the check's
        inputs, with the user's rights: the line's own fields are the user's to
        write, so the actions do not trust them."""
        self.ensure_one()
        found = self.env["crm.first.contact.router"]._candidates(
            self.check_id._finder_values()
        )
        finder = self.env["crm.duplicate.finder"]
        candidate = next(
            (c for c in found if finder._candidate_ref(c) == self.candidate_ref), None
        )
        if not candidate:
            raise UserError(
                self.env._("This result is not found any more: search again.")
            )
        return candidate

    def _record(self):
        self.ensure_one()
        candidate = self._candidate()
        record = self.env[self.res_model].browse(self.res_id)
        if not (candidate.accessible and record.has_access("read")):
            raise UserError(
                self.env._(
                    "You may not open this record: it belongs to %s.",
                    candidate.owner_name or self.env._("another team"),
                )
            )
        return record

    def action_open(self):
        """Open the existing card (R8)."""
        record = self._record()
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_hand_over(self):
        """R8 (a): the client has an open opportunity: its owner gets the contact
        (the duty manager now, if the owner is away: R6)."""
        self.ensure_one()
        check = self.check_id
        router = self.env["crm.first.contact.router"]
        opportunity = (
            self.env["crm.lead"].sudo().browse(self._candidate().open_opportunity_id)
        )
        if not opportunity.user_id:
            raise UserError(
                self.env._("This client has no open opportunity with a manager.")
            )
        route = router._owner_route(opportunity, check._finder_values())
        # a contact without a lead of its own is recorded on the opportunity
        lead = check.lead_id or opportunity
        router._hand_over([(route, lead)], note=check._contact_note())
        owner = opportunity.user_id
        if route.follow_up_user:
            message = self.env._(
                "%(owner)s is away: %(user)s takes the contact now, and %(owner)s "
                "will be told when back.",
                owner=owner.name,
                user=route.user.name or "-",
            )
        else:
            message = self.env._("The contact was handed over to %s.", owner.name)
        # the lead checked may be somebody else's now: leave its form for the
        # pipeline rather than reload what the user may no longer read
        after = {"type": "ir.actions.act_window_close"}
        if check.lead_id and not check.lead_id.has_access("read"):
            after = self.env["ir.actions.act_window"]._for_xml_id(
                "crm.crm_lead_action_pipeline"
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": message, "next": after},
        }

    def action_open_opportunity(self):
        """R8 (b): a known client with no open opportunity: open one and work it."""
        partner = self._record()
        router = self.env["crm.first.contact.router"]
        route = router._empty_route().replace(
            client=partner.sudo().commercial_partner_id
        )
        return self.check_id._take(route).redirect_lead_opportunity_view()

    def action_merge(self):
        """Merge two true duplicates with Odoo's own merge screens."""
        record = self._record()
        check = self.check_id
        if record._name == "res.partner":
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "base.action_partner_merge"
            )
            ids = [record.id, check.partner_id.id]
            action["context"] = {"active_model": "res.partner", "active_ids": ids}
            return action
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.action_merge_opportunities"
        )
        ids = [record.id, check.lead_id.id]
        action["context"] = {"active_model": "crm.lead", "active_ids": ids}
        return action

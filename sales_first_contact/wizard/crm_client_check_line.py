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
    res_id = fields.Integer(required=True)
    accessible = fields.Boolean()
    name = fields.Char()
    partner_id = fields.Many2one("res.partner", string="Client")
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity")
    level = fields.Selection(LEVELS)
    owner_id = fields.Many2one("res.users", string="Manager")
    stage = fields.Char()
    open_opportunity_ref = fields.Integer("Client's Open Opportunity")
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
    can_hand_over = fields.Boolean(compute="_compute_can")
    can_open_opportunity = fields.Boolean(compute="_compute_can")
    can_merge = fields.Boolean(compute="_compute_can")

    def _compute_can(self):
        for line in self:
            check = line.check_id
            line.can_hand_over = bool(
                line.open_opportunity_ref
                and line.open_opportunity_owner_id != self.env.user
            )
            line.can_open_opportunity = bool(
                line.accessible
                and line.res_model == "res.partner"
                and not line.open_opportunity_ref
            )
            line.can_merge = bool(
                line.accessible
                and (
                    (line.res_model == "res.partner" and check.partner_id)
                    or (line.res_model == "crm.lead" and check.lead_id)
                )
            )

    def _record(self):
        self.ensure_one()
        if not self.accessible:
            raise UserError(
                self.env._(
                    "You may not open this record: it belongs to %s.",
                    self.owner_id.name or self.env._("another team"),
                )
            )
        return self.env[self.res_model].browse(self.res_id)

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
        """R8 (a): the client has an open opportunity: its owner gets the contact."""
        self.ensure_one()
        owner = self.open_opportunity_owner_id
        check = self.check_id
        lead = check.lead_id or self.env["crm.lead"].create(
            dict(check._lead_values(), type="lead", user_id=False)
        )
        previous = lead.user_id
        lead.write({"user_id": owner.id})
        # sudo: the user has just handed the lead over and may no longer read it
        lead = lead.sudo()
        if previous:
            lead.message_subscribe(partner_ids=previous.partner_id.ids)
        note = self.env._(
            "Handed over by %(user)s to %(owner)s: the client already has an open "
            "opportunity with %(owner)s (regulation R8, duplicate check).",
            user=self.env.user.name,
            owner=owner.name,
        )
        lead.message_post(body=note, author_id=self.env.user.partner_id.id)
        lead.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=owner.id,
            summary=self.env._("First contact of your client"),
            note=note,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The contact was handed over to %s.", owner.name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_open_opportunity(self):
        """R8 (b): a known client with no open opportunity: open one and work it."""
        partner = self._record()
        check = self.check_id
        if check.lead_id:
            lead = check.lead_id
            # the client's card that keeps both the lead's and its own details
            partner = partner.commercial_partner_id._fc_contact_for(
                name=lead.contact_name,
                email=lead.email_from,
                phone=lead.phone,
                mobile=lead.mobile,
            )
            lead.partner_id = partner
            if lead.type == "lead":
                lead.convert_opportunity(partner, user_ids=self.env.user.ids)
        else:
            lead = self.env["crm.lead"].create(
                {
                    "name": self.env._("%s: first contact", partner.display_name),
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": self.env.user.id,
                }
            )
        return lead.redirect_lead_opportunity_view()

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

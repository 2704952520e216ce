from odoo import api, fields, models
from odoo.exceptions import UserError

from .crm_first_contact_router import ROUTING_RULES


class CrmLead(models.Model):
    _inherit = ["crm.lead", "crm.duplicate.mixin"]
    _name = "crm.lead"

    # First contact (R1): the channel follows the UTM source of the lead
    first_contact_channel = fields.Selection(
        related="source_id.first_contact_channel",
        store=True,
    )
    # What the first call captures (R3)
    awareness_source_id = fields.Many2one(
        "crm.awareness.source",
        string="Heard of Us From",
        compute="_compute_awareness_source_id",
        readonly=False,
        store=True,
        ondelete="restrict",
    )
    industry_id = fields.Many2one(
        "res.partner.industry",
        string="Line of Business",
        compute="_compute_industry_id",
        readonly=False,
        store=True,
    )
    fax = fields.Char(compute="_compute_fax", readonly=False, store=True)
    # Agents (R7): the agent stays recorded for good, whoever works the lead later
    agent_id = fields.Many2one(
        "res.users",
        string="Agent",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The agent who agreed the meeting and handed the client over.",
    )
    commission_ids = fields.One2many("crm.commission", "lead_id", string="Commissions")
    # Routing (R2–R6, R8)
    first_contact_rule = fields.Selection(
        ROUTING_RULES,
        string="Routing Rule",
        readonly=True,
        copy=False,
        help="The rule of the regulation that gave this first contact to its manager.",
    )

    @api.depends("partner_id")
    def _compute_awareness_source_id(self):
        for lead in self:
            if lead.partner_id.awareness_source_id:
                lead.awareness_source_id = lead.partner_id.awareness_source_id

    @api.depends("partner_id")
    def _compute_industry_id(self):
        for lead in self:
            if lead.partner_id.industry_id:
                lead.industry_id = lead.partner_id.industry_id

    @api.depends("partner_id")
    def _compute_fax(self):
        for lead in self:
            if lead.partner_id.fax:
                lead.fax = lead.partner_id.fax

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads.filtered(lambda lead: lead._is_won())._commission_create()
        return leads

    def write(self, vals):
        if "agent_id" in vals and not self.env.su:
            self._check_agent_is_kept(vals["agent_id"])
        tracked = {"stage_id", "active", "probability"} & set(vals)
        won_before = self.filtered(lambda lead: lead._is_won()) if tracked else None
        res = super().write(vals)
        if tracked:
            won_after = self.filtered(lambda lead: lead._is_won())
            (won_after - won_before)._commission_create()
            (won_before - won_after)._commission_cancel()
        return res

    def _check_agent_is_kept(self, agent_id):
        """The agent of a lead is not replaced, but by the head of sales."""
        if self.env.user.has_group("sales_first_contact.group_first_contact_head"):
            return
        if any(lead.agent_id and lead.agent_id.id != agent_id for lead in self):
            raise UserError(
                self.env._("Only the head of sales may change the agent of a lead.")
            )

    # Commission (R7)
    def _is_won(self):
        self.ensure_one()
        return self.active and self.stage_id.is_won

    def _commission_create(self):
        """Commission lines of the agent and the manager of newly won opportunities."""
        Commission = self.env["crm.commission"].sudo()
        values = []
        for lead in self:
            for role, user in (("agent", lead.agent_id), ("manager", lead.user_id)):
                if not user:
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

    def _commission_cancel(self):
        """Reopened or lost: the commissions not yet paid are cancelled."""
        lines = self.sudo().commission_ids.filtered(lambda line: line.state == "to_pay")
        lines.state = "cancelled"

    @api.model
    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        """Agents may write in the chatter of the leads they can read (handed over)."""
        if (
            operation == "create"
            and (not model_name or model_name == "crm.lead")
            and self.env.user.has_group("sales_first_contact.group_first_contact_agent")
        ):
            return "read"
        return super()._get_mail_message_access(
            res_ids, operation, model_name=model_name
        )

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        values = super()._prepare_customer_values(
            partner_name, is_company=is_company, parent_id=parent_id
        )
        values["fax"] = self.fax
        if not parent_id:
            # commercial fields: set on the commercial entity, contacts inherit them
            values.update(
                first_contact_source_id=self.source_id.id,
                awareness_source_id=self.awareness_source_id.id,
                industry_id=self.industry_id.id,
            )
        return values

    # Duplicate search (R11)
    @api.depends(
        "email_domain_criterion",
        "email_normalized",
        "partner_id",
        "phone_sanitized",
        "dedup_company_key",
        "dedup_surname_key",
        "dedup_phone_key",
        "dedup_mobile_key",
        "dedup_domain_key",
        "dedup_website_key",
    )
    def _compute_potential_lead_duplicates(self):
        """Odoo's "Similar Leads" also lists the leads of the six-step search."""
        res = super()._compute_potential_lead_duplicates()
        finder = self.env["crm.duplicate.finder"].sudo()
        for lead, candidates in zip(
            self, finder.find_duplicates_batch(records=self), strict=True
        ):
            found = self.browse(c["id"] for c in candidates if c["model"] == "crm.lead")
            if found - lead.duplicate_lead_ids:
                lead.duplicate_lead_ids |= found
                lead.duplicate_lead_count = len(lead.duplicate_lead_ids - lead)
        return res

    @api.model
    def _dedup_key_depends(self):
        depends = ["partner_name", "contact_name", "phone", "mobile", "email_from"]
        depends += ["website", "country_id"]
        return depends + (
            ["contact_lastname"] if "contact_lastname" in self._fields else []
        )

    def _dedup_raw_values(self):
        self.ensure_one()
        return {
            "company": self.partner_name,
            "person": self.contact_name,
            "surname": self["contact_lastname"]
            if "contact_lastname" in self._fields
            else False,
            "phone": self.phone,
            "mobile": self.mobile,
            "email": self.email_from,
            "website": self.website,
            "country_code": self.country_id.code,
        }

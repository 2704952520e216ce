from odoo import api, models
from odoo.exceptions import AccessError, ValidationError

AGENT_GROUP = "sales_first_contact.group_first_contact_agent"
HEAD_GROUP = "sales_first_contact.group_first_contact_head"


class CrmLead(models.Model):
    """The agent of an opportunity and the commission it earns (R7).

    The agent earns commission when the opportunity is won, so nobody can make
    himself one: the agent is set by the agent's own hand-over of a meeting
    (:meth:`_set_agent_of_handover`) or by the head of sales, never on create,
    write or copy by anyone else, and never is the opportunity's manager.
    Commission lines come from ``crm.commission`` on the won transition only.
    An agent reads the opportunities he handed over in a read-only form and
    writes in their chatter.
    """

    _inherit = "crm.lead"

    # Who may read a lead may write in its chatter. In crm, reading and writing a
    # lead go together for every role but one: the agent, on those he handed over.
    _mail_post_access = "read"

    @api.model_create_multi
    def create(self, vals_list):
        agents = {vals["agent_id"] for vals in vals_list if vals.get("agent_id")}
        if self.env.context.get("default_agent_id"):
            agents.add(self.env.context["default_agent_id"])
        if agents:
            self._check_may_set_agent(agents)
        return super().create(vals_list)

    def write(self, vals):
        if "agent_id" in vals and any(
            lead.agent_id.id != (vals["agent_id"] or False) for lead in self
        ):
            self._check_may_set_agent({vals["agent_id"]} - {False})
        tracked = {"stage_id", "active", "probability"} & set(vals)
        won_before = self.filtered(lambda lead: lead._is_won()) if tracked else None
        res = super().write(vals)
        if tracked:
            won_after = self.filtered(lambda lead: lead._is_won())
            Commission = self.env["crm.commission"]
            Commission._create_for_won(won_after - won_before)
            Commission._cancel_for(won_before - won_after)
        return res

    def _is_won(self):
        self.ensure_one()
        return self.active and self.stage_id.is_won

    @api.model
    def _check_may_set_agent(self, agent_ids):
        """Only the head of sales sets or changes an agent by hand, and only to
        an agent: the agent's own hand-over goes through
        :meth:`_set_agent_of_handover`."""
        if self.env.su:
            return
        if not self.env.user.has_group(HEAD_GROUP):
            raise AccessError(
                self.env._(
                    "Only the head of sales may set or change the agent of an "
                    "opportunity: an agent becomes it by handing a meeting over."
                )
            )
        users = self.env["res.users"].browse(agent_ids).sudo()
        if not all(user.has_group(AGENT_GROUP) for user in users):
            raise ValidationError(
                self.env._("The agent must be a user of the Agent group.")
            )

    def _set_agent_of_handover(self, handover):
        """Record the current user as the agent of this opportunity, which they
        have just opened by handing a meeting over (``handover``, a
        ``crm.lead.handover`` of theirs).

        Besides the head of sales, the one way to set an agent: private, so no
        RPC reaches it, and it checks all that it is told.
        """
        self.ensure_one()
        user = self.env.user
        if not (
            handover._name == "crm.lead.handover"
            and handover.create_uid == user
            and user.has_group(AGENT_GROUP)
            and self.create_uid == user
            and not self.agent_id
            and self.user_id != user
        ):
            raise AccessError(
                self.env._("Only the agent handing a meeting over becomes its agent.")
            )
        # sudo: the hand-over is the agent's right to record themselves
        self.sudo().write({"agent_id": user.id})

    @api.constrains("agent_id", "user_id")
    def _check_agent_not_manager(self):
        for lead in self:
            if lead.agent_id and lead.agent_id == lead.user_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be both the agent and the manager of "
                        "“%(lead)s”: the agent hands the client over to another "
                        "manager.",
                        user=lead.user_id.name,
                        lead=lead.name,
                    )
                )

    def get_formview_id(self, access_uid=None):
        """Who may read an opportunity but not change it (an agent, one he
        handed over) opens it in the read-only form with its chatter."""
        if len(self) == 1:
            user = self.env["res.users"].browse(access_uid or self.env.uid)
            lead = self.with_user(user)
            if lead.has_access("read") and not lead.has_access("write"):
                return self.env.ref("sales_first_contact.crm_lead_view_form_agent").id
        return super().get_formview_id(access_uid=access_uid)

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError

AGENT_GROUP = "sales_first_contact.group_first_contact_agent"
HEAD_GROUP = "sales_first_contact.group_first_contact_head"


class CrmAgentRules(models.AbstractModel):
    """Who may make whom the agent of an opportunity, and what an agent may do
    with the opportunities he handed over (R7). Python API, no RPC.

    The agent earns commission when the opportunity is won, so nobody can make
    himself one: the agent is set by the agent's own hand-over of a meeting
    (:meth:`_set_agent_of_handover`) or by the head of sales
    (:meth:`_check_may_set_agent` lets only them), never is the opportunity's
    manager. An agent reads the opportunities he handed over in a read-only form
    (:meth:`_form_view_of`) and writes in their chatter (:meth:`_writes_in`).
    """

    _name = "crm.agent.rules"
    _description = "Agents' Rules"

    @api.model
    def _check_may_set_agent(self, agent_ids):
        """Only the head of sales sets, changes or clears an agent by hand, and
        only to users of the Agent group."""
        if self.env.su:
            return
        if not self.env.user.has_group(HEAD_GROUP):
            raise AccessError(
                self.env._(
                    "Only the head of sales may set or change the agent of an "
                    "opportunity: an agent becomes it by handing a meeting over."
                )
            )
        users = self.env["res.users"].sudo().browse(agent_ids)
        if not all(user.has_group(AGENT_GROUP) for user in users):
            raise ValidationError(
                self.env._("The agent must be a user of the Agent group.")
            )

    @api.model
    def _set_agent_of_handover(self, lead, handover):
        """Record the current user as the agent of ``lead``, the opportunity they
        have just opened by handing a meeting over (``handover``, a
        ``crm.lead.handover`` of theirs): besides the head of sales, the one way
        to set an agent; it checks all that it is told."""
        lead.ensure_one()
        user = self.env.user
        if not (
            handover._name == "crm.lead.handover"
            and handover.create_uid == user
            and user.has_group(AGENT_GROUP)
            and lead.create_uid == user
            and not lead.agent_id
            and lead.user_id != user
        ):
            raise AccessError(
                self.env._("Only the agent handing a meeting over becomes its agent.")
            )
        # sudo: the hand-over is the agent's right to record themselves
        lead.sudo().write({"agent_id": user.id})

    @api.model
    def _check_agent_not_manager(self, leads):
        for lead in leads:
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

    @api.model
    def _writes_in(self, lead):
        """Whether the current user is the agent of ``lead`` and may read it:
        then he writes in its chatter, though he may not change it."""
        return bool(
            lead
            and lead.sudo().agent_id == self.env.user
            and lead.sudo(False).has_access("read")
        )

    @api.model
    def _form_view_of(self, lead, user):
        """The read-only form for whoever may read ``lead`` but not change it
        (an agent, one he handed over); else False (Odoo's form)."""
        lead = lead.with_user(user)
        if lead.has_access("read") and not lead.has_access("write"):
            return self.env.ref("sales_first_contact.crm_lead_view_form_agent").id
        return False

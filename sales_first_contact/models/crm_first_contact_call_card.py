from odoo import api, fields, models
from odoo.tools import format_date

CALL_CARD = "sales_first_contact/call"  # the bus notification type
CARD_ACTIVITIES = 5  # the last activities a card shows, at most


class CrmFirstContactCallCard(models.AbstractModel):
    """The call card: the manager an incoming call rings sees at once, in the
    web client open in their browser, who is calling (R2–R5).

    The card is a bus notification to that manager
    (``static/src/call_card/call_card_service.js`` shows it, with a button
    that opens the call's draft); it holds only what the manager may read.
    Python API (:meth:`_send`), not callable over RPC.
    """

    _name = "crm.first.contact.call.card"
    _description = "Call Card"

    @api.model
    def _send(self, call, route):
        """Send the card of a new ``call`` (a first contact's draft) to the
        manager ``route`` rings (none to a manager who may not open it)."""
        call.ensure_one()
        user = route.user
        if not user or user.share or not call.with_user(user).has_access("read"):
            return
        user._bus_send(CALL_CARD, self._card(call, user, route))

    @api.model
    def _card(self, call, user, route):
        """The card of ``call`` as ``user`` may read it, in their language:
        the caller's number, who the client is (the six steps, as the draft's
        form says it), why the call goes to them, the client's open opportunity
        and its owner, and the last activities on the opportunity and the
        client's card."""
        env = self.with_user(user).with_context(lang=user.lang or self.env.lang).env
        card = call.with_env(env)
        opportunity = route.opportunity.with_env(env)._filtered_access("read")
        client = route.client.with_env(env)._filtered_access("read")
        router = env["crm.first.contact.router"]
        return {
            "first_contact_id": call.id,
            "call_id": call.call_id,
            "caller": call.phone,
            # the draft's banner, without routing the call again
            "client": card._client_summary(router._candidates(card._router_values()))
            or "",
            "reason": router._reason(route),
            "opportunity": {
                "id": opportunity.id,
                "name": opportunity.name,
                "owner": opportunity.user_id.name or "",
                "stage": opportunity.stage_id.name or "",
            }
            if opportunity
            else False,
            "activities": self.with_env(env)._activities(opportunity, client),
        }

    @api.model
    def _activities(self, *records):
        """The last activities on ``records``, planned or done, newest first,
        as the current user may read them."""
        lines = []
        for record in filter(None, records):
            where = [("res_id", "=", record.id)]
            planned = self.env["mail.activity"].search(
                [("res_model", "=", record._name), *where],
                order="date_deadline desc, id desc",
                limit=CARD_ACTIVITIES,
            )
            lines += [
                (
                    activity.date_deadline,
                    activity.summary or activity.activity_type_id.name,
                    activity.user_id.name,
                    False,
                )
                for activity in planned
            ]
            done = self.env["mail.message"].search(
                [("model", "=", record._name), ("mail_activity_type_id", "!=", False)]
                + where,
                order="date desc, id desc",
                limit=CARD_ACTIVITIES,
            )
            lines += [
                (
                    fields.Date.to_date(message.date),
                    message.mail_activity_type_id.name,
                    message.author_id.name,
                    True,
                )
                for message in done
            ]
        lines.sort(key=lambda line: line[0], reverse=True)
        return [
            {
                "date": format_date(self.env, day),
                "summary": summary or "",
                "user": user_name or "",
                "done": done,
            }
            for day, summary, user_name, done in lines[:CARD_ACTIVITIES]
        ]

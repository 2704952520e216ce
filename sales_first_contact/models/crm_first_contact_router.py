from markupsafe import Markup

from odoo import api, fields, models

ROUTING_RULES = [
    ("addressed", "Addressed to the manager (R4)"),
    ("addressed_absent", "Addressed manager absent: duty manager (R6)"),
    ("open_opportunity", "Owner of the client's open opportunity (R8a)"),
    ("open_opportunity_absent", "Opportunity owner absent: duty manager (R6)"),
    ("client_manager", "Manager of the known client (R8b)"),
    ("duty", "Duty manager of the main office (R2)"),
    ("regional", "Manager of the client's region (R2)"),
    ("fallback", "Fallback manager: nobody on duty"),
    ("agent", "Meeting agreed by an agent (R7)"),
    ("event", "Event contacts distributed evenly (R9)"),
]


class CrmFirstContactRouter(models.AbstractModel):
    """Whom a first contact goes to (R2–R6, R8, R10), and why.

    :meth:`_route` decides, :meth:`_apply_route` hands a lead over accordingly
    (Python API; not callable over RPC).
    Rules, in order: the manager the caller asks for or worked with (R4); the
    owner of the client's open opportunity (R8a); the manager of a known client
    (R8b); the duty manager of the main office or the manager of the client's
    region (R2). An absent manager gets nothing new: the duty manager takes the
    contact now and the manager gets a follow-up for when they are back (R6).
    """

    _name = "crm.first.contact.router"
    _description = "First Contact Routing"

    @api.model
    def _route(self, values=None, record=None, at=None):
        """Route raw first-contact values (see ``crm.duplicate.finder``) or a lead.

        Extra keys of ``values``: ``addressed_user_id`` (asked for, or worked
        with before), ``state_id``. Returns a dict: ``user`` and ``team`` to give
        the contact to, ``rule`` (see ROUTING_RULES), ``reason`` (text),
        ``client`` (res.partner, may be empty), ``opportunity`` (the client's
        open crm.lead, may be empty), ``follow_up_user`` and ``follow_up_date``
        (an absent manager to tell when back), ``candidates`` (duplicate search).
        """
        values = dict(values or {})
        at = at or fields.Datetime.now()
        finder = self.env["crm.duplicate.finder"]
        if record is not None:
            candidates = finder.find_duplicates(record=record)
            values.setdefault("country_id", record.country_id.id)
            values.setdefault("state_id", record.state_id.id)
            values.setdefault("phone", record.phone or record.mobile)
        else:
            candidates = finder.find_duplicates(values)
        likely = [c for c in candidates if c["level"] == "likely"]
        route = self._route_by_rules(values, likely, at)
        route["candidates"] = candidates
        route["reason"] = self._reason(route)
        return route

    @api.model
    def _route_by_rules(self, values, likely, at):
        Users, Absence = self.env["res.users"].sudo(), self.env["crm.absence"]
        Partner, Lead = self.env["res.partner"].sudo(), self.env["crm.lead"].sudo()
        client = Partner.browse(
            next(
                (
                    c["commercial_partner_id"]
                    for c in likely
                    if c["commercial_partner_id"]
                ),
                False,
            )
        )
        opportunity_candidate = next(
            (c for c in likely if c["open_opportunity_id"]), None
        )
        opportunity = Lead.browse(
            opportunity_candidate["open_opportunity_id"]
            if opportunity_candidate
            else False
        )
        route = {
            "client": client,
            "opportunity": opportunity,
            "follow_up_user": Users,
            "follow_up_date": False,
        }

        def with_absent(user, rule, absent_rule, team=None):
            """``user`` when present, else the duty manager now and a follow-up."""
            if user and not Absence._absent_users(user, at):
                return dict(
                    route, user=user, team=team or self._team_of(user), rule=rule
                )
            duty = self._duty_route(values, client, at)
            return {
                **route,  # the client and its opportunity stay known
                **duty,
                "rule": absent_rule if duty["rule"] != "fallback" else "fallback",
                "follow_up_user": user,
                "follow_up_date": Absence._back_on(user, at),
            }

        addressed = Users.browse(values.get("addressed_user_id") or False)
        if addressed:
            return with_absent(addressed, "addressed", "addressed_absent")
        if opportunity:
            owner = opportunity.user_id
            if owner:
                return with_absent(
                    owner,
                    "open_opportunity",
                    "open_opportunity_absent",
                    opportunity.team_id,
                )
        if client and client.user_id and not Absence._absent_users(client.user_id, at):
            return dict(
                route,
                user=client.user_id,
                team=self._team_of(client.user_id),
                rule="client_manager",
            )
        return dict(route, **self._duty_route(values, client, at))

    @api.model
    def _duty_route(self, values, client, at):
        """The duty manager of the main office, or the regional manager (R2)."""
        Teams = self.env["crm.team"].sudo()
        State, Country = self.env["res.country.state"], self.env["res.country"]
        state = State.browse(values.get("state_id") or False) or client.state_id
        country = Country.browse(values.get("country_id") or False) or client.country_id
        phone = (
            values.get("phone") or values.get("mobile") or client.phone or client.mobile
        )
        team = Teams._territory_team(country=country, state=state, phone=phone)
        route = {
            "client": client,
            "follow_up_user": self.env["res.users"],
            "follow_up_date": False,
        }
        if team and not team.is_main_office:
            user = team._pick_regional_user(at)
            if user:
                return dict(route, user=user, team=team, rule="regional")
        main = Teams._main_office()
        user = main._pick_duty_user(at) if main else self.env["res.users"]
        if user:
            return dict(route, user=user, team=main, rule="duty")
        fallback = self.env["crm.team"]._fallback_user()
        user = fallback or (main.user_id if main else fallback)
        return dict(route, user=user, team=main or team, rule="fallback")

    @api.model
    def _team_of(self, user):
        """The sales team a manager works in."""
        return user.sudo().sale_team_id or self.env["crm.team"]

    @api.model
    def _reason(self, route):
        field = self.env["crm.lead"]._fields["first_contact_rule"]
        reason = dict(field._description_selection(self.env))[route["rule"]]
        if route["follow_up_user"]:
            reason = self.env._(
                "%(rule)s; %(user)s is away and will be told when back",
                rule=reason,
                user=route["follow_up_user"].name,
            )
        return reason

    # ------------------------------------------------------------------
    # Handing a lead over
    # ------------------------------------------------------------------

    @api.model
    def _apply_route(self, lead, route, note=None):
        """Give ``lead`` to the routed manager and say so in its chatter (R5, R6).

        The previous handler stays a follower; an absent manager gets a
        follow-up activity due when they are back. Returns the lead.
        """
        lead = lead.sudo()  # the sender may not read the lead once handed over
        previous = lead.user_id
        user = route["user"]
        values = {"first_contact_rule": route["rule"]}
        if user and user != previous:
            values.update(user_id=user.id, team_id=route["team"].id or lead.team_id.id)
        if route["client"] and not lead.partner_id:
            values["partner_id"] = (
                route["client"]
                ._fc_contact_for(
                    name=lead.contact_name,
                    email=lead.email_from,
                    phone=lead.phone,
                    mobile=lead.mobile,
                )
                .id
            )
        lead.write(values)
        followers = (previous | self.env.user).partner_id
        lead.message_subscribe(partner_ids=followers.ids)
        body = self.env._(
            "First contact handed over from %(from)s to %(to)s. Rule: %(reason)s.",
            **{
                "from": previous.name or self.env.user.name,
                "to": user.name or "-",
                "reason": route["reason"],
            },
        )
        if note:
            body = Markup("<p>%s</p>%s") % (body, note)
        lead.message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            partner_ids=user.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if user:
            lead.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.with_context(lang=user.lang).env._("New first contact"),
                note=note or route["reason"],
            )
        if route["follow_up_user"]:
            lead.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.to_date(route["follow_up_date"])
                or fields.Date.today(),
                user_id=route["follow_up_user"].id,
                summary=self.with_context(lang=route["follow_up_user"].lang).env._(
                    "Your client called while you were away"
                ),
                note=note or route["reason"],
            )
        return lead

from odoo import api, fields, models
from odoo.tools import format_datetime

from ..routing.route import Route

ROUTING_RULES = [
    ("addressed", "Addressed to the manager"),
    ("addressed_absent", "Addressed manager absent: duty manager"),
    ("open_opportunity", "Owner of the client's open opportunity"),
    ("open_opportunity_absent", "Opportunity owner absent: duty manager"),
    ("client_manager", "Manager of the known client"),
    ("duty", "Duty manager of the main office"),
    ("regional", "Manager of the client's region"),
    ("fallback", "Fallback manager: nobody on duty"),
    ("agent", "Meeting agreed by an agent"),
    ("event", "Event contacts distributed evenly"),
    ("checked", "Taken by the manager who checked the client"),
]


class CrmFirstContactRouter(models.AbstractModel):
    """Whom a first contact goes to (R2–R8, R10), and the one hand-over.

    :meth:`_route` decides and returns a :class:`~..routing.route.Route`;
    :meth:`_hand_over` (crm_first_contact_hand_over.py) gives the contact to
    the routed manager. Every channel (the call desk and telephony, Check
    Client, the website, an agent's meeting, an event list) goes through these
    two. Python API, not callable over RPC.

    Rules, in order: the manager the caller asks for or worked with (R4); the
    owner of the client's open opportunity (R8a); the manager of a known client
    (R8b); the duty manager of the main office or the manager of the client's
    region (R2). An absent manager gets nothing new: the duty manager takes the
    contact now and the manager gets a follow-up for when they are back (R6);
    the client's open opportunity keeps its owner, and so its commission.
    """

    _name = "crm.first.contact.router"
    _description = "First Contact Routing"

    # ------------------------------------------------------------------
    # Deciding
    # ------------------------------------------------------------------

    @api.model
    def _route(self, values=None, record=None, at=None):
        """Route raw first-contact values (see ``crm.duplicate.finder``) or a lead.

        Extra keys of ``values``: ``addressed_user_id`` (asked for, or worked
        with before), ``state_id``, ``company_id`` (a channel of one company,
        such as a team's e-mail alias: see :meth:`_route_by_rules`). Returns a
        Route with the duplicate search's ``candidates``.
        """
        values = dict(values or {})
        if record is not None:
            values.setdefault("country_id", record.country_id.id)
            values.setdefault("state_id", record.state_id.id)
            values.setdefault("phone", record.phone or record.mobile)
        candidates = self._candidates(values, record)
        likely = [c for c in candidates if c.level == "likely"]
        route = self._route_by_rules(values, likely, at or fields.Datetime.now())
        return route.replace(candidates=candidates)

    @api.model
    def _candidates(self, values=None, record=None):
        """The six-step duplicate search of a first contact (R11)."""
        finder = self.env["crm.duplicate.finder"]
        if record is not None:
            return finder._find_duplicates(record=record)
        return finder._find_duplicates(values)

    @api.model
    def _route_by_rules(self, values, likely, at):
        """The Route of the rules, from the 'likely' candidates of the search.

        With ``values["company_id"]`` the contact stays in that company: a
        client or opportunity of another company is not used, a manager who
        does not work in it is passed over, and the duty manager is that
        company's (its main office or regional team, R2).
        """
        Absence = self.env["crm.absence"]
        company = self._values_company(values)

        def first(model, key):
            ids = [getattr(c, key) for c in likely if getattr(c, key)]
            records = self.env[model].sudo().browse(ids)
            return self._in_company(records, company)[:1]

        client = first("res.partner", "commercial_partner_id")
        opportunity = first("crm.lead", "open_opportunity_id")
        Users = self.env["res.users"].sudo()
        addressed = Users.browse(values.get("addressed_user_id") or False)
        if self._works_in(addressed, company):
            route = self._present_or_duty(
                addressed, "addressed", "addressed_absent", values, client, at
            )
        elif self._works_in(opportunity.user_id, company):
            route = self._owner_route(opportunity, values, at, client=client)
        elif self._works_in(client.user_id, company) and not Absence._absent_users(
            client.user_id, at
        ):
            route = self._empty_route().replace(
                user=client.user_id,
                team=self._team_of(client.user_id, company),
                rule="client_manager",
            )
        else:
            route = self._duty_route(values, client, at)
        # the client and its opportunity stay known whoever takes the contact
        route = route.replace(client=client, opportunity=opportunity)
        return route.replace(reason=self._reason(route))

    @api.model
    def _owner_route(self, opportunity, values=None, at=None, client=None):
        """R8a: to the owner of the client's open ``opportunity`` (R6 if away)."""
        at = at or fields.Datetime.now()
        opportunity = opportunity.sudo()
        client = (
            client
            if client is not None
            else opportunity.partner_id.commercial_partner_id
        )
        route = self._present_or_duty(
            opportunity.user_id,
            "open_opportunity",
            "open_opportunity_absent",
            values or {},
            client,
            at,
            team=opportunity.team_id,
        ).replace(client=client, opportunity=opportunity)
        return route.replace(reason=self._reason(route))

    @api.model
    def _chosen_route(self, route, user, rule, values=None, at=None):
        """``route`` given instead to a manager chosen by hand (the agent's
        choice of manager for a meeting): R6 still applies."""
        at = at or fields.Datetime.now()
        chosen = self._present_or_duty(
            user, rule, "addressed_absent", values or {}, route.client, at
        ).replace(client=route.client, opportunity=route.opportunity)
        return chosen.replace(reason=self._reason(chosen), candidates=route.candidates)

    @api.model
    def _taken_route(self, route):
        """``route`` taken by the current user (the manager checking the client
        takes it to work it, R8 b and c)."""
        user = self.env.user.sudo()
        taken = route.replace(
            user=user,
            team=self._team_of(user),
            rule="checked",
            follow_up_user=user.browse(),
            follow_up_date=False,
        )
        return taken.replace(reason=self._reason(taken))

    @api.model
    def _present_or_duty(self, user, rule, absent_rule, values, client, at, team=None):
        """To ``user`` when present, else to the duty manager now with a
        follow-up for ``user`` when back (R6)."""
        Absence = self.env["crm.absence"]
        if not Absence._absent_users(user, at):
            return self._empty_route().replace(
                user=user,
                team=team or self._team_of(user, self._values_company(values)),
                rule=rule,
            )
        duty = self._duty_route(values, client, at)
        return duty.replace(
            rule=absent_rule if duty.rule != "fallback" else "fallback",
            follow_up_user=user,
            follow_up_date=Absence._back_on(user, at),
        )

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
        company = self._values_company(values)
        route = self._empty_route()
        if not state and not country and phone:
            # where the phone says the contact is: kept for the contact's lead
            state, country = Teams._place_of_phone(phone)
            route = route.replace(state=state, country=country)
        team = Teams._territory_team(country=country, state=state, company=company)
        if team and not team.is_main_office:
            user = self._works_in(team._pick_regional_user(at), company)
            if user:
                return route.replace(user=user, team=team, rule="regional")
        main = Teams._main_office(company)
        user = main._pick_duty_user(at) if main else self.env["res.users"]
        if self._works_in(user, company):
            return route.replace(user=user, team=main, rule="duty")
        fallback = self._works_in(self.env["crm.team"]._fallback_user(), company)
        user = fallback or self._works_in(main.user_id, company)
        return route.replace(user=user, team=main or team, rule="fallback")

    @api.model
    def _empty_route(self):
        """A Route to nobody, its records empty, to build the others from."""
        Users = self.env["res.users"].sudo()
        return Route(
            user=Users,
            team=self.env["crm.team"].sudo(),
            rule="fallback",
            client=self.env["res.partner"].sudo(),
            opportunity=self.env["crm.lead"].sudo(),
            follow_up_user=Users,
            country=self.env["res.country"],
            state=self.env["res.country.state"],
        )

    @api.model
    def _team_of(self, user, company=None):
        """The sales team a manager works in (one of ``company``, or of no
        company, when given)."""
        user = user.sudo()
        if not company:
            return user.sale_team_id or self.env["crm.team"].sudo()
        return self._in_company(user.sale_team_id | user.crm_team_ids, company)[:1]

    @api.model
    def _values_company(self, values):
        """The company a first contact's ``values`` keep it in (may be empty)."""
        return self.env["res.company"].browse(values.get("company_id") or False)

    @api.model
    def _in_company(self, records, company):
        """``records`` of ``company`` or of none (all of them without one)."""
        if not company:
            return records
        return records.filtered(
            lambda record: not record.company_id or record.company_id == company
        )

    @api.model
    def _works_in(self, users, company):
        """``users`` who may work in ``company`` (all of them without one)."""
        if not company:
            return users
        return users.filtered(lambda user: company in user.company_ids)

    @api.model
    def _rule_label(self, rule):
        """The text of a routing rule, in the user's language."""
        field = self.env["crm.lead"]._fields["first_contact_rule"]
        return dict(field._description_selection(self.env)).get(rule, rule)

    @api.model
    def _reason(self, route):
        """Why ``route`` goes where it goes, for users."""
        reason = self._rule_label(route.rule)
        if route.follow_up_user:
            reason = self.env._(
                "%(rule)s; %(user)s is away and will be told when back",
                rule=reason,
                user=route.follow_up_user.name,
            )
        return reason

    @api.model
    def _format_when(self, value, user=None):
        """A date and time in the time zone of ``user`` (else the current
        user), else the office's: as Odoo's own messages give it."""
        user = user or self.env.user
        office_tz = user.sudo().sale_team_id._office_calendar().tz
        return format_datetime(self.env, value, tz=user.tz or office_tz)

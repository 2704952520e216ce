from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_agents import AgentCase

BILLION = 1_000_000_000


@tagged("post_install", "-at_install")
class TestSelfAwardedCommission(AgentCase):
    """Issue 16.1: nobody pays himself. Each attack as the role that tried it."""

    def _commissions(self, user):
        return self.env["crm.commission"].search([("user_id", "=", user.id)])

    def _opportunity(self, **values):
        return self.env["crm.lead"].create(
            {"name": "A deal", "type": "opportunity", **values}
        )

    def test_agent_creates_a_won_opportunity_as_agent_and_manager(self):
        Lead = self.env["crm.lead"].with_user(self.agent)
        values = {
            "name": "Self-made deal",
            "type": "opportunity",
            "user_id": self.agent.id,
            "agent_id": self.agent.id,
            "expected_revenue": BILLION,
            "stage_id": self.won_stage.id,
        }
        with self.assertRaises(AccessError):
            Lead.create(values)
        values.pop("agent_id")
        with self.assertRaises(AccessError):
            Lead.with_context(default_agent_id=self.agent.id).create(values)
        # without an agent: the lead may exist, but created won it earns nothing
        lead = Lead.create(values)
        self.assertTrue(lead.stage_id.is_won)
        self.assertFalse(lead.sudo().agent_id)
        self.assertFalse(self._commissions(self.agent), "no win, no commission")

    def test_agent_sets_himself_on_an_unassigned_lead(self):
        lead = self._opportunity(user_id=False, expected_revenue=BILLION)
        with self.assertRaises(AccessError):
            lead.with_user(self.agent).write({"agent_id": self.agent.id})
        self.assertFalse(lead.agent_id)

    def test_manager_makes_himself_agent_of_his_own_opportunity(self):
        lead = self._opportunity(user_id=self.m1.id, expected_revenue=BILLION)
        with self.assertRaises(AccessError):
            lead.with_user(self.m1).write({"agent_id": self.m1.id})
        with self.assertRaises(AccessError, msg="nor an accomplice"):
            lead.with_user(self.m1).write({"agent_id": self.agent.id})
        lead.with_user(self.m1).write({"stage_id": self.won_stage.id})
        self.assertEqual(
            lead.commission_ids.mapped("role"), ["manager"], "paid once, as manager"
        )

    def test_copy_with_an_agent(self):
        self._hand_over()
        lead = self.line.lead_id.sudo()
        mine = lead.with_user(self.m1)
        with self.assertRaises(AccessError):
            mine.copy(default={"agent_id": self.other_agent.id})
        with self.assertRaises(AccessError):
            mine.copy(default={"agent_id": self.agent.id})
        self.assertFalse(mine.copy().agent_id, "a copy has no agent")

    def test_nobody_is_agent_and_manager_of_one_opportunity(self):
        self._hand_over()
        lead = self.line.lead_id.sudo()
        head = lead.with_user(self.user_head)
        with self.assertRaises(ValidationError):
            head.write({"user_id": self.agent.id})
        with self.assertRaises(ValidationError, msg="the agent is an agent"):
            head.write({"agent_id": self.m2.id})
        head.write({"agent_id": self.other_agent.id})  # the head may correct it
        self.assertEqual(lead.agent_id, self.other_agent)
        # an agent handing a meeting over to himself
        line = self.line.copy({"company_name": "ООО «Сам-себе»", "phone": False})
        with self.assertRaises(ValidationError):
            self._hand_over(line=line, user=self.agent)
        self.assertFalse(line.lead_id)

    def test_the_handover_is_the_only_other_way(self):
        lead = self._opportunity(user_id=False)
        handover = (
            self.env["crm.lead.handover"]
            .with_user(self.agent)
            .create(
                {
                    "company_name": "ООО «Фальш»",
                    "contact_name": "Некто",
                    "meeting_start": "2026-03-04 08:00:00",
                }
            )
        )
        # not created by the agent, or not the caller's own hand-over
        Rules = self.env["crm.agent.rules"]
        with self.assertRaises(AccessError):
            Rules.with_user(self.agent)._set_agent_of_handover(
                lead.with_user(self.agent), handover
            )
        own = lead.with_user(self.agent).create({"name": "Mine", "user_id": False})
        with self.assertRaises(AccessError):
            Rules.with_user(self.m1)._set_agent_of_handover(
                own.with_user(self.m1), handover.with_user(self.m1)
            )
        Rules.with_user(self.agent)._set_agent_of_handover(own, handover)
        self.assertEqual(own.sudo().agent_id, self.agent)
        with self.assertRaises(AccessError, msg="once only"):
            Rules.with_user(self.agent)._set_agent_of_handover(own, handover)

    def test_commission_lines_are_never_written_by_hand(self):
        self._hand_over()
        lead = self.line.lead_id.sudo()
        lead.expected_revenue = 1000
        lead.action_set_won()
        line = lead.commission_ids.filtered(lambda c: c.role == "agent")
        values = {
            "lead_id": lead.id,
            "user_id": self.agent.id,
            "role": "agent",
            "date": "2026-03-02",
            "company_id": lead.company_id.id or self.env.company.id,
            "base_amount": BILLION,
            "rate": 100,
        }
        for user in (self.agent, self.m1, self.user_head):
            Commission = self.env["crm.commission"].with_user(user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Commission.create(values)
        for user in (self.agent, self.m1):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                line.with_user(user).write({"base_amount": BILLION})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                line.with_user(user).action_mark_paid()
        for field, value in (
            ("base_amount", BILLION),
            ("rate", 100),
            ("user_id", self.user_head.id),
            ("lead_id", lead.id),
        ):
            with self.subTest(field=field), self.assertRaises(UserError):
                line.with_user(self.user_head).write({field: value})
        self.assertEqual(line.amount, 50.0, "5% of the opportunity's 1000")

    def test_won_again_is_not_paid_twice(self):
        self._hand_over()
        lead = self.line.lead_id.sudo()
        lead.expected_revenue = 100000
        lead.action_set_won()
        lead.commission_ids.with_user(self.user_head).action_mark_paid()
        open_stage = self.env["crm.stage"].search([("is_won", "=", False)], limit=1)
        lead.with_user(self.m1).write({"stage_id": open_stage.id})
        lead.with_user(self.m1).write({"stage_id": self.won_stage.id})
        self.assertEqual(
            sorted(lead.commission_ids.mapped("state")),
            ["paid", "paid"],
            "paid lines stay, no second line to pay",
        )
        # the agent's line paid, the manager's not: reopened, only his comes back
        other = self.line.copy({"company_name": "ООО «Дважды»", "phone": False})
        self._hand_over(line=other)
        twice = other.lead_id.sudo()
        twice.expected_revenue = 100000
        twice.action_set_won()
        twice.commission_ids.filtered(lambda c: c.role == "agent").with_user(
            self.user_head
        ).action_mark_paid()
        twice.with_user(self.m1).write({"stage_id": open_stage.id})
        twice.with_user(self.m1).write({"stage_id": self.won_stage.id})
        self.assertEqual(
            sorted(twice.commission_ids.mapped(lambda c: (c.role, c.state))),
            [("agent", "paid"), ("manager", "cancelled"), ("manager", "to_pay")],
        )


@tagged("post_install", "-at_install")
class TestCommissionFigures(AgentCase):
    """Issue 17.11: the commission report's totals count an opportunity once."""

    def _totals(self, domain=()):
        [row] = (
            self.env["crm.commission"]
            .with_user(self.user_head)
            .read_group(
                [("state", "!=", "cancelled"), *domain],
                ["revenue:sum", "amount:sum"],
                [],
            )
        )
        return row["revenue"], row["amount"]

    def test_total_won_revenue_counts_a_deal_once(self):
        self._hand_over()
        lead = self.line.lead_id.sudo()
        lead.expected_revenue = 1_500_000
        lead.action_set_won()
        self.assertEqual(len(lead.commission_ids), 2)
        mine = [("lead_id", "=", lead.id)]  # the demo data has its own
        self.assertEqual(self._totals(mine), (1_500_000, 75_000 + 45_000))
        by_role = dict(
            self.env["crm.commission"]._read_group(mine, ["role"], ["revenue:sum"])
        )
        self.assertEqual(by_role, {"manager": 1_500_000, "agent": 0})
        # the manager's line cancelled alone (lost then the agent's paid): the
        # agent's line carries the revenue, still once
        lead.commission_ids.filtered(lambda c: c.role == "agent").with_user(
            self.user_head
        ).action_mark_paid()
        lead.action_set_lost()
        self.assertEqual(self._totals(mine), (1_500_000, 75_000))
        described = self.env["crm.commission"].fields_get(["base_amount"])
        self.assertFalse(
            described["base_amount"].get("aggregator"),
            "each line's base is not added up",
        )


@tagged("post_install", "-at_install")
class TestAgentFunnelFigures(AgentCase):
    """Issue 17.11: the agent funnel adds up, per agent and per period."""

    STAGES = ("calls", "meetings", "handed_over", "won")

    def _funnel(self, agent, groupby=()):
        rows = (
            self.env["crm.agent.funnel.report"]
            .with_user(self.user_head)
            .read_group(
                [("agent_id", "=", agent.id)],
                [f"{stage}:sum" for stage in self.STAGES],
                list(groupby),
                lazy=False,
            )
        )
        return [tuple(row[stage] for stage in self.STAGES) for row in rows]

    def test_an_agent_made_by_the_head_of_sales(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_head)
            .create(
                {
                    "name": "Agreed at a trade fair",
                    "type": "opportunity",
                    "user_id": self.m2.id,
                    "agent_id": self.other_agent.id,
                    "expected_revenue": 1000,
                }
            )
        )
        lead.action_set_won()
        self.env.flush_all()
        self.assertEqual(self._funnel(self.other_agent), [(1, 1, 1, 1)])

    def test_each_stage_within_the_one_before_in_every_month(self):
        quiet = self.line.copy({"company_name": "ООО «Молчун»", "phone": False})
        quiet.with_user(self.agent).action_no_answer()  # today
        self._hand_over()  # a meeting on 2 March 2026
        self.line.lead_id.sudo().action_set_won()  # won today
        self.env.flush_all()
        self.assertEqual(self._funnel(self.agent), [(2, 1, 1, 1)])
        months = self._funnel(self.agent, ["date:month"])
        self.assertEqual(len(months), 2, months)
        for month in months:
            self.assertEqual(list(month), sorted(month, reverse=True), months)

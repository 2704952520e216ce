from unittest.mock import patch

from odoo.tests import new_test_user
from odoo.tools import SQL


def slow_near_names(finder):
    """A patch under which every row of the pg_trgm near-name statement costs
    50 ms: its time box (25 ms) gives it up."""
    Finder = type(finder)
    branch = Finder._branch

    def slow_branch(finder, model, table, kind, pairs, condition, *args):
        if kind == "near":
            condition = SQL("%s AND pg_sleep(0.05) IS NOT NULL", condition)
        return branch(finder, model, table, kind, pairs, condition, *args)

    return patch.object(Finder, "_branch", slow_branch)


class FirstContactCase:
    """Users of every role of the regulation, made independently of demo data."""

    @classmethod
    def setUpFirstContactUsers(cls):
        env = cls.env
        cls.user_agent = new_test_user(
            env,
            login="sfc_agent",
            name="Agent Anna",
            groups="sales_first_contact.group_first_contact_agent",
        )
        cls.user_agent_2 = new_test_user(
            env,
            login="sfc_agent_2",
            name="Agent Boris",
            groups="sales_first_contact.group_first_contact_agent",
        )
        cls.user_manager = new_test_user(
            env,
            login="sfc_manager",
            name="Manager Ivan",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_manager_2 = new_test_user(
            env,
            login="sfc_manager_2",
            name="Manager Olga",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_head = new_test_user(
            env,
            login="sfc_head",
            name="Head of Sales Elena",
            groups="sales_first_contact.group_first_contact_head",
        )
        cls.source_call = env.ref("sales_first_contact.utm_source_incoming_call")
        cls.source_exhibition = env.ref("sales_first_contact.utm_source_exhibition")
        cls.source_press = env.ref("sales_first_contact.utm_source_press")

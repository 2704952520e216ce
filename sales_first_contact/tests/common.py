from odoo.tests import new_test_user


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

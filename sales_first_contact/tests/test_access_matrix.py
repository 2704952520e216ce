from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import FirstContactCase

ROLES = ("public", "portal", "agent", "own", "all", "head", "admin")
# Model-level rights (read, write, create, unlink) per role, in the order of
# ROLES: README's matrix.
MATRIX = {
    "crm.awareness.source": "---- ---- r--- r--- r--- rwcu rwcu",
    "crm.duty.shift": "---- ---- r--- r--- r--- rwcu rwcu",
    "crm.absence": "---- ---- rwcu rwcu rwcu rwcu rwcu",
    "crm.first.contact": "---- ---- rwcu rwcu rwcu rwcu rwcu",
    "crm.first.contact.event": "---- ---- rwc- rwc- rwc- rwcu rwcu",
    "crm.call.list": "---- ---- rwcu ---- ---- rwcu rwcu",
    "crm.call.list.line": "---- ---- rwcu ---- ---- rwcu rwcu",
    "crm.agent.call": "---- ---- r-c- ---- ---- rwcu rwcu",
    "crm.commission": "---- ---- r--- r--- r--- rw-- rw--",
    "crm.commission.rate": "---- ---- ---- ---- ---- rwcu rwcu",
    "crm.agent.funnel.report": "---- ---- r--- ---- ---- r--- r---",
    "crm.first.contact.report": "---- ---- ---- ---- ---- r--- r---",
    "crm.duty.coverage.report": "---- ---- ---- ---- ---- r--- r---",
    "crm.client.check": "---- ---- rwc- rwc- rwc- rwc- rwc-",
    "crm.lead.handover": "---- ---- rwc- ---- ---- rwc- rwc-",
    "crm.client.claim": "---- ---- ---- ---- ---- ---- r---",
    "crm.first.contact.settings": "---- ---- ---- ---- ---- rwc- rwc-",
    "crm.duplicate.key.refresh": "---- ---- ---- ---- ---- ---- r---",
}  # fmt: skip
OPERATIONS = dict(zip("rwcu", ("read", "write", "create", "unlink"), strict=True))


@tagged("post_install", "-at_install")
class TestAccessMatrix(FirstContactCase, TransactionCase):
    """Every model of the addon, every role, every operation (README's table)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        env = cls.env
        cls.users = {
            "public": env.ref("base.public_user"),
            "portal": new_test_user(
                env, login="sfc_portal", groups="base.group_portal"
            ),
            "agent": cls.user_agent,
            "own": cls.user_manager,
            "all": new_test_user(
                env, login="sfc_all", groups="sales_team.group_sale_salesman_all_leads"
            ),
            "head": cls.user_head,
            "admin": env.ref("base.user_admin"),
        }

    def test_model_rights(self):
        for model, rights in MATRIX.items():
            for role, expected in zip(ROLES, rights.split(), strict=True):
                Model = self.env[model].with_user(self.users[role])
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            Model.has_access(operation),
                            letter in expected,
                            f"{role} {operation} {model}",
                        )

    def test_record_rules_own_and_others(self):
        env = self.env
        absence = env["crm.absence"].create(
            {
                "user_id": self.user_manager_2.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-02",
            }
        )
        call = env["crm.first.contact"].create(
            {"taken_by_id": self.user_manager_2.id, "phone": "+7 495 000-11-22"}
        )
        call_list = env["crm.call.list"].create(
            {"name": "Theirs", "agent_id": self.user_agent_2.id}
        )
        for user in (self.user_agent, self.user_manager):
            with self.subTest(user=user.login):
                absence.with_user(user).read(["user_id"])  # everybody sees who is away
                with self.assertRaises(AccessError):
                    absence.with_user(user).write({"reason": "x"})
                with self.assertRaises(AccessError):
                    call.with_user(user).read(["phone"])
        with self.assertRaises(AccessError):
            call_list.with_user(self.user_agent).read(["name"])
        self.assertEqual(call.with_user(self.users["all"]).phone, "+7 495 000-11-22")
        for record in (absence, call, call_list):
            record.with_user(self.user_head).read(["display_name"])

    def test_other_company_records_stay_there(self):
        company_b = self.env["res.company"].create(
            {"name": "Company B (access matrix)"}
        )
        user_b = new_test_user(
            self.env,
            login="sfc_b",
            groups="sales_first_contact.group_first_contact_head",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        records = {
            "crm.first.contact": self.env["crm.first.contact"].create(
                {
                    "company_id": company_b.id,
                    "taken_by_id": user_b.id,
                    "phone": "+7 495 1",
                }
            ),
            "crm.first.contact.event": self.env["crm.first.contact.event"].create(
                {"name": "B only", "company_id": company_b.id}
            ),
            "crm.absence": self.env["crm.absence"].create(
                {
                    "user_id": user_b.id,
                    "company_id": company_b.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-01-02",
                }
            ),
        }
        for model, record in records.items():
            with self.subTest(model=model):
                self.assertFalse(
                    self.env[model]
                    .with_user(self.user_head)
                    .search([("id", "=", record.id)]),
                    "a user of company A does not see it",
                )
                self.assertTrue(
                    self.env[model].with_user(user_b).search([("id", "=", record.id)])
                )

    def test_channel_of_a_source_is_for_the_head_of_sales(self):
        source = self.env.ref("sales_first_contact.utm_source_press")
        for role in ("agent", "own", "all"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                source.with_user(self.users[role]).first_contact_channel = "website"
        source.with_user(self.users["head"]).first_contact_channel = "other"

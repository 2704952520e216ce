from odoo.exceptions import AccessError, UserError
from odoo.service.model import get_public_method
from odoo.tests import TransactionCase, new_test_user, tagged

from ..models.crm_duplicate_finder import MAX_RPC_PROBES, PER_KEY_LIMIT
from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestDuplicateSearchApi(FirstContactCase, TransactionCase):
    """The duplicate search over RPC: one method, a bounded number of checks,
    and for a record the user may not read only what README promises (issue
    16 point 5)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.finder = cls.env["crm.duplicate.finder"]
        cls.client = cls.env["res.partner"].create(
            {"name": "ООО «Тайна»", "is_company": True, "email": "info@taina.ru"}
        )
        cls.secret = cls.env["crm.lead"].create(
            {
                "name": "Тайна: секретная поставка",
                "type": "opportunity",
                "partner_id": cls.client.id,
                "email_from": "ivanov@taina.ru",
                "user_id": cls.user_manager_2.id,
            }
        )

    def test_the_search_itself_is_not_callable_over_rpc(self):
        for name in ("_find_duplicates", "_find_duplicates_batch"):
            with self.subTest(name=name), self.assertRaises(AccessError):
                get_public_method(self.finder, name)
        self.assertFalse(hasattr(self.finder, "find_duplicates"))
        get_public_method(self.finder, "check_client")

    def test_unreadable_record_is_told_only_exists_owner_stage(self):
        found = self.finder.with_user(self.user_agent).check_client(
            {"email": "petrov@taina.ru"}
        )
        hidden = [c for c in found if not c["accessible"]]
        self.assertEqual(len(hidden), 1, found)
        self.assertEqual(
            hidden[0],
            {
                "accessible": False,
                "level": "likely",
                "owner_id": self.user_manager_2.id,
                "owner_name": "Manager Olga",
                "stage": self.secret.stage_id.name,
            },
        )
        card = next(c for c in found if c["accessible"])
        self.assertEqual((card["model"], card["id"]), ("res.partner", self.client.id))
        self.assertFalse(card["open_opportunity_id"], "the agent may not read it")
        self.assertEqual(card["commercial_partner_id"], self.client.id)
        # its owner is told everything
        own = self.finder.with_user(self.user_manager_2).check_client(
            {"email": "petrov@taina.ru"}
        )
        self.assertTrue(all(c["accessible"] for c in own))
        self.assertIn(self.secret.id, [c["open_opportunity_id"] for c in own])

    def test_checks_per_call_are_bounded(self):
        Finder = self.finder.with_user(self.user_manager)
        many = [{"email": f"a{n}@taina.ru"} for n in range(MAX_RPC_PROBES)]
        self.assertEqual(len(Finder.check_client(many)), MAX_RPC_PROBES)
        with self.assertRaisesRegex(UserError, "At most 50 checks"):
            Finder.check_client([*many, {"email": "one-more@taina.ru"}])
        for wrong in (
            {"record": self.client.id},
            {"email": "x" * 10_000},
            {"phones": "+7 495 123-45-67"},
            {"phones": ["+7 495 123-45-67"] * 1000},
            {"country_id": "RU"},
            "info@taina.ru",
        ):
            with self.subTest(wrong=str(wrong)[:40]), self.assertRaises(UserError):
                Finder.check_client(wrong)

    def test_portal_and_public_may_not_check(self):
        portal = new_test_user(
            self.env, login="sfc_api_portal", groups="base.group_portal"
        )
        for user in (portal, self.env.ref("base.public_user")):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.finder.with_user(user).check_client({"email": "x@taina.ru"})


@tagged("post_install", "-at_install")
class TestDuplicateSearchOrder(TransactionCase):
    """A key shared by more than PER_KEY_LIMIT records brings the same ones at
    every check: open opportunities first, then the most recent (issue 14
    point 6)."""

    def test_common_surname_brings_the_same_records(self):
        Lead = self.env["crm.lead"]
        won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        # the oldest: open opportunities, and won ones (not open)
        opportunities = Lead.create(
            [
                {
                    "name": f"Open {n}",
                    "type": "opportunity",
                    "contact_name": "Кузнецов Иван",
                }
                for n in range(3)
            ]
        )
        won_ones = Lead.create(
            [
                {
                    "name": f"Won {n}",
                    "type": "opportunity",
                    "contact_name": "Кузнецов Иван",
                    "stage_id": won.id,
                }
                for n in range(3)
            ]
        )
        leads = Lead.create(
            [
                {"name": f"Lead {n}", "type": "lead", "contact_name": "Кузнецов Иван"}
                for n in range(PER_KEY_LIMIT + 5)
            ]
        )
        self.assertTrue(won_ones)
        finder = self.env["crm.duplicate.finder"]

        def check():
            found = finder._find_duplicates(
                {"contact_name": "Кузнецов Пётр"}, limit=100
            )
            return [c.id for c in found if c.model == "crm.lead"]

        first = check()
        self.assertEqual(first, check(), "two identical checks, the same records")
        expected = opportunities | leads.sorted("id", reverse=True)[: PER_KEY_LIMIT - 3]
        self.assertEqual(set(first), set(expected.ids))

from odoo.tests import TransactionCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestFinderReadRules(FirstContactCase, TransactionCase):
    """What a user may read of the candidates follows the record rules of the
    moment: the rules' SQL is kept between checks, never past a change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Поставка насосов",
                "partner_name": "ООО «Насосы»",
                "email_from": "sidorov@nasosy-test.ru",
                "user_id": cls.user_manager_2.id,
            }
        )
        cls.holding = cls.env["res.partner"].create(
            {"name": "АО «Гидромаш»", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Кузнецов Олег",
                "parent_id": cls.holding.id,
                "email": "kuznetsov@gidromash-test.ru",
            }
        )

    def _found(self, user, email):
        found = (
            self.env["crm.duplicate.finder"]
            .with_user(user)
            ._find_duplicates({"email": email})
        )
        return [(c.model, c.id, c.accessible, c.name) for c in found]

    def test_a_new_rule_applies_at_the_next_check(self):
        lead = self.lead
        self.assertEqual(
            self._found(self.user_manager_2, lead.email_from),
            [("crm.lead", lead.id, True, lead.name)],
        )
        self.env["ir.rule"].create(
            {
                "name": "test: not this lead",
                "model_id": self.env.ref("crm.model_crm_lead").id,
                "domain_force": f"[('id', '!=', {lead.id})]",
            }
        )
        self.assertEqual(
            self._found(self.user_manager_2, lead.email_from),
            [("crm.lead", lead.id, False, False)],
        )

    def test_a_partner_hierarchy_rule_sees_a_new_contact(self):
        # the partners of the holding only: its ids are looked up when the rule
        # is turned into SQL, so that SQL must not outlive them
        self.env["ir.rule"].create(
            {
                "name": "test: the holding's partners",
                "model_id": self.env.ref("base.model_res_partner").id,
                "domain_force": f"[('id', 'child_of', {self.holding.id})]",
            }
        )
        manager = self.user_manager_2
        self.assertEqual(
            self._found(manager, self.contact.email),
            [("res.partner", self.contact.id, True, self.contact.name)],
        )
        newcomer = self.env["res.partner"].create(
            {
                "name": "Зайцев Пётр",
                "parent_id": self.holding.id,
                "email": "zaitsev@gidromash-test.ru",
            }
        )
        outsider = self.env["res.partner"].create(
            {"name": "Волков Иван", "email": "volkov@volkov-test.ru"}
        )
        self.assertEqual(
            self._found(manager, newcomer.email),
            [("res.partner", newcomer.id, True, newcomer.name)],
        )
        self.assertEqual(
            self._found(manager, outsider.email),
            [("res.partner", outsider.id, False, False)],
        )

    def test_the_rules_of_each_user_and_company(self):
        main = self.env.company
        other = self.env["res.company"].create({"name": "Филиал (тест)"})
        self.user_manager_2.company_ids |= other
        lead = self.env["crm.lead"].create(
            {
                "name": "Поставка в филиал",
                "email_from": "orlov@filial-test.ru",
                "company_id": other.id,
                "user_id": False,
            }
        )

        def found(user, companies):
            finder = self.env["crm.duplicate.finder"].with_user(user)
            finder = finder.with_context(allowed_company_ids=companies.ids)
            return [
                (c.id, c.accessible)
                for c in finder._find_duplicates({"email": lead.email_from})
            ]

        # the same user, the company he works in: the rules' SQL of each
        self.assertEqual(found(self.user_manager_2, main), [(lead.id, False)])
        self.assertEqual(found(self.user_manager_2, main | other), [(lead.id, True)])
        self.assertEqual(found(self.user_manager_2, main), [(lead.id, False)])
        # a user of the main company only is not told of the other's records
        self.assertEqual(found(self.user_manager, main), [])
        # nor the agent of a lead he may not read
        self.assertEqual(
            self._found(self.user_agent, self.lead.email_from)[0][2:], (False, False)
        )
        self.assertEqual(
            self._found(self.user_manager_2, self.lead.email_from)[0][2], True
        )

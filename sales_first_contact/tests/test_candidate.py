"""Candidate, the duplicate search's answer for one record: no database needed."""

import dataclasses
import json
import operator

from odoo.tests import BaseCase, tagged

from odoo.addons.sales_first_contact.dedup.candidate import Candidate

VALUES = {
    "model": "res.partner",
    "id": 7,
    "accessible": True,
    "name": "ООО «Ромашка»",
    "steps": {"company": "exact", "email": "exact"},
    "level": "likely",
    "likely_reason": "email",
    "owner_id": 2,
    "owner_name": "Manager Olga",
    "stage": "Qualified",
    "open_opportunity_id": 11,
    "open_opportunity_owner_id": 2,
    "commercial_partner_id": 7,
}


@tagged("post_install", "-at_install")
class TestCandidate(BaseCase):
    def setUp(self):
        super().setUp()
        self.candidate = Candidate(**VALUES)

    def test_fields_are_the_documented_keys(self):
        names = [field.name for field in dataclasses.fields(Candidate)]
        self.assertEqual(names, list(VALUES))

    def test_attribute_and_mapping_access_agree(self):
        for key, value in VALUES.items():
            with self.subTest(key=key):
                self.assertEqual(getattr(self.candidate, key), value)
                self.assertEqual(self.candidate[key], value)
                self.assertEqual(self.candidate.get(key), value)
                self.assertEqual(self.candidate.get(key, "default"), value)

    def test_unknown_key(self):
        for key in ("record", "Level", "", "to_dict", "get", "__class__"):
            with self.subTest(key=key):
                with self.assertRaises(KeyError):
                    operator.getitem(self.candidate, key)
                self.assertIsNone(self.candidate.get(key))
                self.assertEqual(self.candidate.get(key, 0), 0)

    def test_frozen(self):
        with self.assertRaises(dataclasses.FrozenInstanceError):
            self.candidate.level = "possible"
        with self.assertRaises(TypeError):
            self.candidate["level"] = "possible"
        self.assertEqual(self.candidate.level, "likely")

    def test_equality_and_replace(self):
        self.assertEqual(self.candidate, Candidate(**VALUES))
        other = dataclasses.replace(self.candidate, level="possible")
        self.assertNotEqual(self.candidate, other)
        self.assertEqual(other.level, "possible")

    def test_to_dict_is_plain_and_json(self):
        plain = self.candidate.to_dict()
        self.assertIs(type(plain), dict)
        self.assertEqual(plain, VALUES)
        self.assertEqual(json.loads(json.dumps(plain)), VALUES)
        plain["steps"]["phone"] = "full"
        self.assertNotIn("phone", self.candidate.steps, "steps are copied")

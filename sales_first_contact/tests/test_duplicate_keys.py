import importlib.util
import os

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..models.crm_duplicate_mixin import KEY_FIELDS
from .common import FirstContactCase

MIGRATION = os.path.join(
    os.path.dirname(__file__), os.pardir, "migrations", "18.0.1.2.0"
)


def load_migration(name):
    path = os.path.join(MIGRATION, f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"sfc_{name}".replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestDuplicateKeys(FirstContactCase, TransactionCase):
    """The six keys are stored and kept current on partners and leads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.company = cls.env["res.partner"].create(
            {
                "name": "ООО «Ромашка»",
                "is_company": True,
                "phone": "+7 495 123-45-67",
                "email": "info@romashka.ru",
                "website": "https://www.romashka.ru/about",
                "country_id": cls.env.ref("base.ru").id,
            }
        )

    def test_company_keys(self):
        self.assertRecordValues(
            self.company,
            [
                {
                    "dedup_company_key": "ромашка",
                    "dedup_surname_key": False,
                    "dedup_phone_key": "1234567",
                    "dedup_mobile_key": False,
                    "email_normalized": "info@romashka.ru",
                    "dedup_domain_key": "romashka.ru",
                    "dedup_website_key": "romashka.ru",
                }
            ],
        )

    def test_contact_keys_follow_person_not_company(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Иванов Пётр Сергеевич",
                "parent_id": self.company.id,
                "mobile": "8 916 555-12-34",
                "email": "p.ivanov@mail.ru",
            }
        )
        self.assertRecordValues(
            contact,
            [
                {
                    "dedup_company_key": False,  # found through its company
                    "dedup_surname_key": "иванов",
                    "dedup_mobile_key": "5551234",
                    "dedup_domain_key": False,  # a public mail provider
                }
            ],
        )
        # a person without a parent company but with a company name typed in
        person = self.env["res.partner"].create(
            {"name": "John Smith", "company_name": "Art's Deli LLC"}
        )
        self.assertEqual(person.dedup_company_key, "arts deli")
        self.assertEqual(person.dedup_surname_key, "smith")

    def test_keys_follow_writes(self):
        self.company.write(
            {"name": "АО «Ромашка-Плюс»", "phone": False, "website": "сайт.рф"}
        )
        self.assertEqual(self.company.dedup_company_key, "ромашка плюс")
        self.assertFalse(self.company.dedup_phone_key)
        self.assertEqual(self.company.dedup_website_key, "сайт.рф")
        # the region of the phone comes from the country of the record
        self.company.write(
            {"country_id": self.env.ref("base.by").id, "phone": "8 017 200-10-20"}
        )
        self.assertEqual(self.company.dedup_phone_key, "2001020")

    def test_lead_keys_and_partner_sync(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Price request",
                "partner_name": "Ромашка",
                "contact_name": "Иванов И.И.",
                "phone": "123-45-67",
                "email_from": "Пётр <P.Ivanov@Romashka.RU>",
                "website": "romashka.ru.",
            }
        )
        self.assertRecordValues(
            lead,
            [
                {
                    "dedup_company_key": "ромашка",
                    "dedup_surname_key": "иванов",
                    "dedup_phone_key": "1234567",
                    "dedup_domain_key": "romashka.ru",
                    "dedup_website_key": "romashka.ru",
                }
            ],
        )
        # linking a partner recomputes the lead's values, and its keys with them
        other = self.env["res.partner"].create(
            {"name": "АО «Вектор»", "is_company": True, "phone": "+7 812 320-45-90"}
        )
        lead.partner_id = other
        self.assertEqual(lead.dedup_company_key, "вектор")
        self.assertEqual(lead.dedup_phone_key, "3204590")

    def test_fill_existing_records_in_batches(self):
        partners = self.company | self.env["res.partner"].create(
            [{"name": f"ООО «Фирма {i}»", "is_company": True} for i in range(5)]
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET dedup_company_key = NULL WHERE id = ANY(%s)",
                partners.ids,
            )
        )
        self.env.invalidate_all()
        self.assertFalse(any(partners.mapped("dedup_company_key")))
        partners._dedup_fill_keys(batch_size=2)
        self.assertEqual(
            partners.mapped("dedup_company_key"),
            ["ромашка"] + [f"фирма {i}" for i in range(5)],
        )

    def test_indexes_exist(self):
        self.env.cr.execute(
            SQL(
                "SELECT indexname FROM pg_indexes WHERE tablename IN "
                "('res_partner', 'crm_lead') AND indexname LIKE %s",
                "%dedup%",
            )
        )
        names = {row[0] for row in self.env.cr.fetchall()}
        for table in ("res_partner", "crm_lead"):
            self.assertIn(f"{table}_dedup_company_key_trgm_idx", names)
            for column in KEY_FIELDS:
                # (key, id) of the active records, not Odoo's plain index
                self.assertIn(f"{table}_{column}_id_idx", names)
                self.assertNotIn(f"{table}__{column}_index", names)
        # the newest bearers of a key are read from the index, in its order
        # (a table this small would rather be read whole)
        self.env.cr.execute(SQL("SET LOCAL enable_seqscan = off"))
        self.env.cr.execute(
            SQL(
                "EXPLAIN SELECT id FROM crm_lead WHERE dedup_surname_key = %s"
                " AND active AND type = 'opportunity' ORDER BY id DESC LIMIT 26",
                "иванов",
            )
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("crm_lead_dedup_surname_key_id_idx", plan)
        self.assertNotIn("Sort", plan)

    def test_merge_keeps_keys_current(self):
        twin = self.env["res.partner"].create(
            {"name": "Ромашка", "is_company": True, "email": "sales@romashka.ru"}
        )
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.company | twin).ids, self.company)
        self.assertFalse(twin.exists())
        finder = self.env["crm.duplicate.finder"]
        found = {
            (c.model, c.id) for c in finder._find_duplicates({"email": "x@romashka.ru"})
        }
        self.assertIn(("res.partner", self.company.id), found)
        self.assertNotIn(("res.partner", twin.id), found)
        # leads: the merged ones are gone, the kept one has the merged values
        leads = self.env["crm.lead"].create(
            [
                {"name": "A", "partner_name": "Вектор", "type": "opportunity"},
                {"name": "B", "website": "vector.ru", "type": "opportunity"},
            ]
        )
        kept = leads.merge_opportunity(auto_unlink=True)
        self.assertEqual(kept.dedup_website_key, "vector.ru")
        self.assertEqual(kept.dedup_company_key, "вектор")
        found = finder._find_duplicates({"website": "https://vector.ru"})
        self.assertEqual([c.id for c in found if c.model == "crm.lead"], kept.ids)

    def test_new_keys(self):
        self.company.write(
            {
                "name": "ООО «Ромашка» (Москва)",
                "email": "info+expo@romashka.ru",
                "website": "https://shop.romashka.ru",
            }
        )
        self.assertRecordValues(
            self.company,
            [
                {
                    "dedup_company_key": "ромашка",
                    "dedup_company_translit_key": "romaska",
                    "dedup_email_key": "info@romashka.ru",
                    "dedup_website_key": "romashka.ru",
                }
            ],
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "L",
                "contact_name": "Petr Ivanov",
                "email_from": "P.Iva.nov@gmail.com",
            }
        )
        self.assertRecordValues(
            lead,
            [
                {
                    "dedup_surname_key": "ivanov",
                    "dedup_surname_translit_key": "ivanov",
                    "dedup_email_key": "pivanov@gmail.com",
                }
            ],
        )

    def test_migration_recomputes_the_keys(self):
        """18.0.1.2.0: the keys of existing records, made by the old rules or
        missing (new columns), are computed again in batches."""
        lead = self.env["crm.lead"].create(
            {"name": "L", "partner_name": "OOO Romashka", "website": "m.romashka.ru"}
        )
        self.env.flush_all()
        for table in ("res_partner", "crm_lead"):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET dedup_website_key = 'www.old.key',"
                    " dedup_email_key = NULL, dedup_company_translit_key = NULL",
                    SQL.identifier(table),
                )
            )
        self.env.invalidate_all()
        load_migration("pre-migrate").migrate(self.env.cr, "18.0.1.1.0")
        load_migration("post-migrate").migrate(self.env.cr, "18.0.1.1.0")
        self.assertRecordValues(
            self.company,
            [
                {
                    "dedup_website_key": "romashka.ru",
                    "dedup_email_key": "info@romashka.ru",
                    "dedup_company_translit_key": "romaska",
                }
            ],
        )
        self.assertRecordValues(
            lead,
            [
                {
                    "dedup_website_key": "romashka.ru",
                    "dedup_company_translit_key": "romaska",
                }
            ],
        )

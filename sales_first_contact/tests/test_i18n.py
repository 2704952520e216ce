import os

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ADDONS = ("sales_first_contact", "sales_first_contact_website")
I18N = os.path.join(
    os.path.dirname(__file__), os.pardir, os.pardir, "{addon}", "i18n", "ru.po"
)


@tagged("post_install", "-at_install")
class TestRussian(TransactionCase):
    """Every string the addons show has its Russian translation (issue: users
    are Russian speakers; `make i18n` keeps the catalogs in step with the code)."""

    def test_every_string_is_translated(self):
        for addon in ADDONS:
            with self.subTest(addon=addon):
                catalog = polib.pofile(I18N.format(addon=addon))
                translated = {e.msgid for e in catalog if e.msgstr and not e.obsolete}
                terms = {
                    source
                    for module, _type, _name, _res_id, source, _value, _comments in (
                        TranslationModuleReader(self.env.cr, modules=[addon])
                    )
                    if module == addon and source.strip()
                }
                missing = sorted(terms - translated)
                self.assertFalse(missing, f"{addon}: no Russian for {missing[:20]}")

    def test_terminology(self):
        catalog = {
            e.msgid: e.msgstr for e in polib.pofile(I18N.format(addon=ADDONS[0]))
        }
        self.assertEqual(catalog["First Contact"], "Первичный контакт")
        self.assertEqual(catalog["Head of Sales"], "Руководитель отдела продаж")
        self.assertEqual(catalog["Duty Roster"], "График дежурств")
        self.assertIn("сделк", catalog["Lead/Opportunity"].lower())

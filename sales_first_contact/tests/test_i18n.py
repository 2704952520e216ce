import os
import re

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ADDONS = ("sales_first_contact", "sales_first_contact_website")
I18N = os.path.join(
    os.path.dirname(__file__), os.pardir, os.pardir, "{addon}", "i18n", "ru.po"
)
_TERMS = {}


def _terms(cr, addon):
    """The addon's translatable terms as Odoo's export reads them (read once:
    reading them takes half a minute)."""
    if addon not in _TERMS:
        _TERMS[addon] = [
            source
            for module, _type, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(cr, modules=[addon])
            )
            if module == addon
        ]
    return _TERMS[addon]


@tagged("post_install", "-at_install")
class TestRussian(TransactionCase):
    """Every string the addons show has its Russian translation (issue: users
    are Russian speakers; `make i18n` keeps the catalogs in step with the code)."""

    def test_every_string_is_translated(self):
        for addon in ADDONS:
            with self.subTest(addon=addon):
                catalog = polib.pofile(I18N.format(addon=addon))
                translated = {e.msgid for e in catalog if e.msgstr and not e.obsolete}
                terms = {s for s in _terms(self.env.cr, addon) if s.strip()}
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


# "R6", "(R8a)", "R2–R6": the regulation's numbering, for code and docs only
REQUIREMENT_CODE = re.compile(r"\bR\d{1,2}[a-z]?\b")


@tagged("post_install", "-at_install")
class TestNoRequirementCodes(TransactionCase):
    """Issue 17.8: users know the rules by name, not by the regulation's
    numbering: no string the addons show (field labels and help, selection
    values, views, action help, messages) and no Russian translation of one
    carries a requirement code."""

    def test_no_requirement_code_in_user_visible_strings(self):
        for addon in ADDONS:
            with self.subTest(addon=addon):
                russian = {
                    e.msgid: e.msgstr
                    for e in polib.pofile(I18N.format(addon=addon))
                    if not e.obsolete
                }
                coded = sorted(
                    {
                        text
                        for source in _terms(self.env.cr, addon)
                        for text in (source, russian.get(source, ""))
                        if REQUIREMENT_CODE.search(text)
                    }
                )
                self.assertFalse(coded, f"{addon}: requirement codes in {coded}")

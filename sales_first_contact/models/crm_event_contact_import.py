from babel import Locale, UnknownLocaleError

from odoo import api, models
from odoo.tools import SQL

from ..importing.cells import neutralize_formula
from ..importing.places import (
    COUNTRY_ALIASES,
    REGION_ALIASES,
    RU_REGION_NAMES,
    PlaceIndex,
)

TEXT_TYPES = ("char", "text", "html")
ANYWHERE = "anywhere"  # the scope of every region, whatever its country


class CrmEventContactImport(models.AbstractModel):
    """The rows of a contact list imported into an event (R9), as Odoo's import
    of crm.lead will read them (crm.lead's ``load`` calls :meth:`_prepare_rows`).

    Cells that a spreadsheet would run as formulas are kept as text behind an
    apostrophe; country and region names are read in Russian and English, in
    full or short ("Россия", "РФ", "СПб", "Moscow region"), and a region
    without a country gives its country.
    """

    _name = "crm.event.contact.import"
    _description = "Event Contact Import"

    @api.model
    def _prepare_rows(self, fields, data):
        """The rows of an import into an event, as Odoo's import will read them:
        formulas neutralised, places named so that it finds them (a country by
        its code, a region by "name (country code)"); names it still cannot
        find are left for it to report."""
        Lead = self.env["crm.lead"]
        fields, rows = list(fields), [list(row) for row in data]
        texts = [
            i
            for i, path in enumerate(fields)
            if path in Lead._fields and Lead._fields[path].type in TEXT_TYPES
        ]
        for row in rows:
            for i in texts:
                row[i] = neutralize_formula(row[i])
        country_at = fields.index("country_id") if "country_id" in fields else None
        state_at = fields.index("state_id") if "state_id" in fields else None
        if country_at is None and state_at is None:
            return fields, rows
        if country_at is None:  # a region gives its country
            fields.append("country_id")
            country_at = len(fields) - 1
            for row in rows:
                row.append("")
        index, countries, states = self._place_index()
        # no country written: the company's country first, then anywhere
        scopes = (self.env.company.country_id.id or None, ANYWHERE)
        for row in rows:
            country = index.find(None, row[country_at]) if row[country_at] else None
            if country:
                row[country_at] = countries[country]
            elif row[country_at]:
                continue  # unknown: Odoo's import reports it
            if state_at is None or not row[state_at]:
                continue
            for scope in (country,) if country else scopes:
                state = index.find(("state", scope), row[state_at])
                if state:
                    name, country_id, code = states[state]
                    row[state_at] = f"{name} ({code})"
                    row[country_at] = countries[country_id]
                    break
        return fields, rows

    @api.model
    def _place_index(self):
        """(index, {country id: code}, {state id: (name, country id, country
        code)}): countries by their names in every installed language and in
        CLDR's Russian and English, regions by Odoo's names, codes and the
        Russian names of Russia's regions; the short forms of ``places``."""
        index = PlaceIndex()
        self.env.cr.execute(SQL("SELECT id, code, name FROM res_country"))
        countries, by_code = {}, {}
        langs = {"ru", "en"} | {
            code for code, _ in self.env["res.lang"].get_installed()
        }
        cldr = []
        for lang in sorted(langs):
            try:
                cldr.append(Locale.parse(lang).territories)
            except (ValueError, UnknownLocaleError):
                continue  # a language Babel does not know: Odoo's names suffice
        for country_id, code, names in self.env.cr.fetchall():
            countries[country_id], by_code[code] = code, country_id
            index.add(None, code, country_id)
            for name in {*names.values(), *(t.get(code) for t in cldr)} - {None}:
                index.add(None, name, country_id)
        for alias, code in COUNTRY_ALIASES.items():
            if code in by_code:
                index.add(None, alias, by_code[code])
        self.env.cr.execute(
            SQL("SELECT id, country_id, code, name FROM res_country_state")
        )
        states = {}
        for state_id, country_id, code, name in self.env.cr.fetchall():
            country_code = countries.get(country_id)
            states[state_id] = (name, country_id, country_code)
            names = [name, code]
            if country_code == "RU" and code in RU_REGION_NAMES:
                names.append(RU_REGION_NAMES[code])
            for alias, alias_code in REGION_ALIASES.get(country_code, {}).items():
                if alias_code == code:
                    names.append(alias)
            for each in names:
                index.add(("state", country_id), each, state_id)
                index.add(("state", ANYWHERE), each, state_id)
        return index, countries, states

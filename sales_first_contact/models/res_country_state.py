"""Russia's regions by their Russian names.

Odoo names regions in English only (``res.country.state.name`` is not
translatable): in a Russian interface a user would read "Moscow" and could not
find "Москва". A Russian region is shown by its Russian name when the interface
is in Russian, and found by it in any language.
"""

from odoo import api, models
from odoo.osv import expression

from ..importing.places import RU_REGION_NAMES


def _fold(text):
    return (text or "").casefold().replace("ё", "е")


class ResCountryState(models.Model):
    _inherit = "res.country.state"

    @api.depends_context("lang")
    def _compute_display_name(self):
        super()._compute_display_name()
        if not (self.env.lang or "").startswith("ru"):
            return
        for state in self:
            local = state.country_id.code == "RU" and RU_REGION_NAMES.get(state.code)
            if local:
                state.display_name = f"{local} ({state.country_id.code})"

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if operator not in ("ilike", "=", "=ilike") or not isinstance(value, str):
            return domain
        wanted = _fold(value.split("(")[0].strip())
        if not wanted:
            return domain
        if operator == "ilike":
            codes = [c for c, name in RU_REGION_NAMES.items() if wanted in _fold(name)]
        else:
            codes = [c for c, name in RU_REGION_NAMES.items() if wanted == _fold(name)]
        if not codes:
            return domain
        domain = expression.OR(
            [domain, [("country_id.code", "=", "RU"), ("code", "in", codes)]]
        )
        if country_id := self.env.context.get("country_id"):
            domain = expression.AND([domain, [("country_id", "=", country_id)]])
        return domain

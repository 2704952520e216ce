import io
import json

from openpyxl import load_workbook

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_open

from ..importing.cells import neutralize_formula
from ..importing.places import PlaceIndex, place_key
from .test_event_import import EventCase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestEventImportPlaces(EventCase):
    """Issue 17.10: the country and region names people write are imported."""

    def _places(self):
        return [
            (contact.country_id.code or "", contact.state_id.code or "")
            for contact in self._contacts()
        ]

    def test_names_people_write(self):
        rows = [
            ("Россия", "Москва", "RU", "MOW"),
            ("РФ", "СПб", "RU", "SPE"),
            ("Russia", "Moscow", "RU", "MOW"),
            ("Российская Федерация", "Санкт-Петербург", "RU", "SPE"),
            ("Russian Federation", "Moscow region", "RU", "MOS"),
            ("россия", "Московская обл.", "RU", "MOS"),
            ("Беларусь", "", "BY", ""),
            ("Республика Беларусь", "", "BY", ""),
            ("Казахстан", "", "KZ", ""),
            ("Kazakhstan", "", "KZ", ""),
            ("", "г. Санкт-Петербург", "RU", "SPE"),
            ("", "Республика Татарстан", "RU", "TA"),
            ("Россия", "Татарстан", "RU", "TA"),
            ("RU", "Новосибирская область", "RU", "NVS"),
        ]
        csv = "Company Name,Country,State\n" + "".join(
            f"ООО «Место {i}»,{country},{state}\n"
            for i, (country, state, _c, _s) in enumerate(rows)
        )
        _preview, result = self._import(csv.encode())
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self._places(), [(c, s) for *_names, c, s in rows])

    def test_a_region_alone_gives_its_country(self):
        csv = "Company Name,Contact Name,State\nООО «Нева»,Орлов,СПб\n"
        _preview, result = self._import(csv.encode())
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self._places(), [("RU", "SPE")])

    def test_in_a_russian_import_and_odoo_s_own_translations(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search(
            [("name", "in", ("base", "crm", "sales_first_contact"))]
        )._update_translations(["ru_RU"])
        csv = (
            "Название компании,Страна,Область\n"
            "ООО «Русь»,Российская Федерация,Москва\n"
            "ООО «Минск»,Беларусь,\n"
        )
        _preview, result = self._import(csv.encode(), lang="ru_RU")
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self._places(), [("RU", "MOW"), ("BY", "")])

    def test_unknown_names_are_still_reported(self):
        csv = (
            "Company Name,Country,State\n"
            "ООО «Хороший»,Россия,Москва\n"
            "ООО «Плохой»,Атлантида,Москва\n"
            "ООО «Непонятный»,Россия,Москва и МО\n"
        )
        _preview, result = self._import(csv.encode())
        errors = {m["field"]: str(m["message"]) for m in result["messages"]}
        self.assertIn("Атлантида", errors.get("country_id", ""))
        self.assertIn("Москва и МО", errors.get("state_id", ""))
        self.assertFalse(self._contacts())

    def test_the_templates_import_as_they_are(self):
        for lang in ("en", "ru"):
            with self.subTest(lang=lang):
                path = f"sales_first_contact/static/xls/event_contacts_{lang}.xlsx"
                with file_open(path, "rb") as template:
                    content = template.read()
                if lang == "ru":
                    self.env["res.lang"]._activate_lang("ru_RU")
                    self.env["ir.module.module"].search(
                        [("name", "in", ("crm", "sales_first_contact"))]
                    )._update_translations(["ru_RU"])
                preview, result = self._import(
                    content,
                    name=f"event_contacts_{lang}.xlsx",
                    mimetype=XLSX,
                    lang="ru_RU" if lang == "ru" else None,
                )
                self.assertEqual(len(preview["matches"]), 11, "every column mapped")
                self.assertFalse(result["messages"], result["messages"])
                imported = self._contacts().filtered(
                    lambda c, ids=result["ids"]: c.id in ids
                )
                self.assertEqual(
                    [(c.country_id.code, c.state_id.code) for c in imported],
                    [("RU", "MOW"), ("RU", "SPE")],
                )

    def test_keys_ignore_writing_habits(self):
        self.assertEqual(place_key("г. Санкт-Петербург"), place_key("санкт петербург"))
        self.assertEqual(place_key("Московская обл."), place_key("область Московская"))
        self.assertEqual(place_key("St. Petersburg"), place_key("Saint Petersburg"))
        index = PlaceIndex()
        index.add("RU", "Moscow", "MOW")
        index.add("RU", "Moscow Oblast", "MOS")
        index.add("RU", "Amur Oblast", "AMU")
        index.add("RU", "Amur Krai", "XXX")  # two regions without generic words
        self.assertEqual(index.find("RU", "Moscow"), "MOW", "the city, not the oblast")
        self.assertEqual(index.find("RU", "Moscow Region"), "MOS")
        self.assertIsNone(index.find("RU", "Amur"), "ambiguous: not guessed")
        self.assertIsNone(index.find("BY", "Moscow"), "in its country only")


@tagged("post_install", "-at_install")
class TestEventImportFormulas(EventCase, HttpCase):
    """Issue 16.10: cells that would be formulas are kept as text, and Odoo's
    XLSX export of the event's contacts writes no formula."""

    def test_formula_cells_are_exported_as_text(self):
        csv = (
            "Company Name,Contact Name,Job Position,Phone,City,Notes\n"
            '"=HYPERLINK(""http://evil.example"",""Нажмите"")",@SUM(1+1),-2+3,'
            "+7 495 555-66-77,+cmd|' /C calc'!A0,=1+1\n"
            "ООО «Обычное»,Ким Ли,-,-5,{=1+1},- пункт списка\n"
        )
        _preview, result = self._import(csv.encode())
        self.assertFalse(result["messages"], result["messages"])
        first, second = self._contacts()
        self.assertEqual(
            first.partner_name, '\'=HYPERLINK("http://evil.example","Нажмите")'
        )
        self.assertEqual(first.contact_name, "'@SUM(1+1)")
        self.assertEqual(first.function, "'-2+3")
        self.assertEqual(first.city, "'+cmd|' /C calc'!A0")
        self.assertEqual(first.phone, "+7 495 555-66-77", "a phone stays a phone")
        self.assertEqual((second.function, second.phone), ("-", "-5"))
        self.assertEqual(second.city, "'{=1+1}")
        # Odoo's own XLSX export, as the user runs it
        self.authenticate("admin", "admin")  # export needs its own right
        names = ["partner_name", "contact_name", "function", "phone", "city"]
        response = self.url_open(
            "/web/export/xlsx",
            data={
                "data": json.dumps(
                    {
                        "model": "crm.lead",
                        "fields": [{"name": n, "label": n} for n in names],
                        "ids": (first | second).ids,
                        "domain": [],
                        "groupby": [],
                        "import_compat": False,
                    }
                ),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        self.assertEqual(len(cells), 10)
        self.assertFalse([c.value for c in cells if c.data_type == "f"])
        self.assertIn("'@SUM(1+1)", [c.value for c in cells])

    def test_what_is_neutralised(self):
        for value, expected in (
            ("=1+1", "'=1+1"),
            ("+A1", "'+A1"),
            ("-1+1", "'-1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("{=1}", "'{=1}"),
            ("+7 (495) 123-45-67", "+7 (495) 123-45-67"),
            ("-12.5", "-12.5"),
            ("—", "—"),
            ("Ромашка", "Ромашка"),
            (None, None),
            (False, False),
        ):
            with self.subTest(value=value):
                self.assertEqual(neutralize_formula(value), expected)

import io
import time
from unittest.mock import patch

from freezegun import freeze_time
from openpyxl import Workbook

from odoo.tests import tagged

from ..models import crm_first_contact_event_check
from .test_routing import MONDAY_NOON_MSK, RoutingCase

HEADER = "Company Name,Contact Name,Phone,Email,City\n"
OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": "",
    "encoding": "",
    "date_format": "",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "fields": [],
    "sheet": "",
    "keep_matches": False,
    "limit": 2000,
    "skip": 0,
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
}


class EventCase(RoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event = cls.env["crm.first.contact.event"].create(
            {"name": "Металлообработка", "kind": "exhibition", "city": "Москва"}
        )

    def _import(
        self, content, name="contacts.csv", mimetype="text/csv", lang=None, **options
    ):
        """Odoo's own import, as the import screen runs it, into the event."""
        action = self.event.action_import_contacts()
        context = dict(action["params"]["context"], **({"lang": lang} if lang else {}))
        wizard = (
            self.env["base_import.import"]
            .with_context(**context)
            .create(
                {
                    "res_model": "crm.lead",
                    "file": content,
                    "file_name": name,
                    "file_type": mimetype,
                }
            )
        )
        opts = dict(OPTIONS, **options)
        preview = wizard.parse_preview(opts)
        if preview.get("error"):
            return preview, None
        matches = preview["matches"] or {}
        fields = [
            "/".join(matches[i]) if i in matches else False
            for i in range(len(preview["headers"]))
        ]
        result = wizard.execute_import(fields, preview["headers"], opts)
        return preview, result

    def _process(self):
        """Run the background job to the end, a chunk per call."""
        Event = self.env["crm.first.contact.event"]
        for _i in range(100):
            if not Event._cron_process():
                return
        self.fail("the background job does not end")

    def _contacts(self):
        return (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("fc_event_id", "=", self.event.id)], order="id")
        )


@tagged("post_install", "-at_install")
class TestEventImport(EventCase):
    def test_csv_utf8_comma_and_check(self):
        client = self.env["res.partner"].create(
            {
                "name": "ООО «Ромашка»",
                "is_company": True,
                "email": "info@romashka-imp.ru",
                "user_id": self.m3.id,
            }
        )
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Ромашка: поставка",
                "type": "opportunity",
                "partner_id": client.id,
                "user_id": self.m2.id,
            }
        )
        csv = (
            HEADER
            + "ООО «Сокол»,Петров Иван,+7 495 111-22-33,petrov@sokol.ru,Москва\n"
            + '"ООО ""Орион""",Сидорова Анна,+7 812 222-33-44,anna@orion-spb.ru,СПб\n'
            + "Сокол,Петров И.,8 495 111 22 33,Petrov@Sokol.ru,Москва\n"
            + "Ромашка,Иванов Пётр,,p.ivanov@romashka-imp.ru,Москва\n"
        ).encode()
        preview, result = self._import(csv)
        self.assertEqual(
            preview["matches"][0], ["partner_name"], "English headers mapped"
        )
        self.assertEqual(preview["matches"][3], ["email_from"])
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 4)
        contacts = self._contacts()  # an import batch is checked at once
        self.assertEqual(contacts[1].partner_name, 'ООО "Орион"')
        self.assertEqual(
            contacts[0].name, "ООО «Сокол»", "a name is made from the company"
        )
        self.assertEqual(
            contacts.mapped("fc_check_state"), ["new", "new", "duplicate", "owner"]
        )
        self.assertFalse(
            contacts[2].active, "the duplicate inside the list is archived"
        )
        self.assertEqual(contacts[2].fc_duplicate_of_id, contacts[0])
        self.assertEqual(
            contacts[3].user_id, self.m2, "R8a: to the owner of the open opportunity"
        )
        self.assertEqual(contacts[3].first_contact_rule, "open_opportunity")
        self.assertEqual(contacts[3].fc_client_id, client)
        self.assertEqual(
            (contacts[3].email_from, client.email),
            ("p.ivanov@romashka-imp.ru", "info@romashka-imp.ru"),
            "neither the contact's nor the client's e-mail is lost",
        )
        owner_activity = self.event.activity_ids.filtered(
            lambda a: a.user_id == self.m2
        )
        self.assertEqual(len(owner_activity), 1, "one activity for the owner")
        self.assertIn("1", owner_activity.summary)
        # whoever reads the event may not read the opportunity: not named there
        self.assertNotIn(opportunity.name, str(owner_activity.note))
        summary = self.event.message_ids.filtered(
            lambda m: "Duplicate check" in (m.body or "")
        )
        self.assertIn("new clients: 2", summary.body)
        self.assertIn("duplicates in the list, archived: 1", summary.body)
        self.assertEqual(self.event.contact_count, 3)

    def test_colleagues_are_two_contacts_not_a_duplicate(self):
        csv = (
            HEADER
            + "ООО «Вектор»,Орлов Иван,+7 495 333-44-55,orlov@vektor-m.ru,Москва\n"
            + "ООО «Вектор»,Белова Мария,+7 495 333-44-56,belova@vektor-m.ru,Москва\n"
            + "Вектор,Орлов И.,,orlov@vektor-m.ru,Москва\n"
        ).encode()
        _preview, result = self._import(csv)
        self.assertFalse(result["messages"], result["messages"])
        contacts = self._contacts()
        self.assertEqual(contacts.mapped("fc_check_state"), ["new", "new", "duplicate"])
        self.assertEqual(contacts[2].fc_duplicate_of_id, contacts[0])

    def test_absent_owner_and_lead_scoring(self):
        """R6: the owner is away, the duty manager takes the contact now and the
        owner is told when back; archiving duplicates is not losing leads."""
        client = self.env["res.partner"].create(
            {"name": "ООО «Гранит»", "is_company": True, "email": "info@granit-x.ru"}
        )
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Granite deal",
                "type": "opportunity",
                "partner_id": client.id,
                "user_id": self.m2.id,
                "team_id": self.main.id,
            }
        )
        self.env["crm.lead"].create(  # no customer on this one
            {
                "name": "Cedar deal",
                "type": "opportunity",
                "partner_name": "ООО «Кедр»",
                "email_from": "sales@kedr-x.ru",
                "user_id": self.m3.id,
            }
        )
        self._absent(self.m2)
        self._shift(self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00")
        Frequency = self.env["crm.lead.scoring.frequency"]
        lost_before = sum(Frequency.search([]).mapped("lost_count"))
        csv = (
            HEADER
            + "Гранит,Кузнецов Олег,,o.kuznetsov@granit-x.ru,Москва\n"
            + "Гранит,Кузнецов О.,,o.kuznetsov@granit-x.ru,Москва\n"
            + "Кедр,Соснов Иван,,i.sosnov@kedr-x.ru,Москва\n"
        ).encode()
        with freeze_time(MONDAY_NOON_MSK):
            _preview, result = self._import(csv)
        self.assertFalse(result["messages"], result["messages"])
        contacts = self._contacts()
        self.assertEqual(
            contacts.mapped("fc_check_state"), ["owner", "duplicate", "owner"]
        )
        self.assertEqual(contacts[0].fc_client_id, client)
        self.assertEqual(
            (contacts[2].user_id, contacts[2].fc_client_id.id), (self.m3, False)
        )
        self.assertEqual(contacts[0].user_id, self.m1, "the duty manager takes it")
        self.assertEqual(contacts[0].first_contact_rule, "open_opportunity_absent")
        activities = self.event.activity_ids
        self.assertEqual(activities.user_id, self.m1 | self.m2 | self.m3)
        follow_up = activities.filtered(lambda a: a.user_id == self.m2)
        self.assertEqual(str(follow_up.date_deadline), "2026-03-05")
        taken = activities.filtered(lambda a: a.user_id == self.m1)
        self.assertIn("1", taken.summary)
        self.assertNotIn(opportunity.name, str(taken.note))
        self.assertEqual(
            sum(Frequency.search([]).mapped("lost_count")),
            lost_before,
            "an archived duplicate is not a lost lead for lead scoring",
        )

    def test_csv_windows_1251_semicolon(self):
        csv = (
            "Company Name;Contact Name;Phone\n"
            "ООО «Берёзка»;Ёлкина Вера;+7 495 333-44-55\n"
            "АО «Ландыш»;Кротов Илья;+7 495 444-55-66\n"
        ).encode("cp1251")
        preview, result = self._import(csv)
        self.assertEqual(preview["options"]["separator"], ";")
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(
            self._contacts().mapped("contact_name"), ["Ёлкина Вера", "Кротов Илья"]
        )

    def test_xlsx_with_a_formula_and_a_big_cell(self):
        book = Workbook()
        sheet = book.active
        sheet.append(["Company Name", "Contact Name", "Phone", "Notes"])
        sheet.append(
            [
                "ООО «Формула»",
                "Крылов Лев",
                "+7 495 555-66-77",
                '=HYPERLINK("http://evil.example","x")',
            ]
        )
        sheet.append(["ООО «Объём»", "Ким Ли", "+7 495 666-77-88", "x" * 32_000])
        stream = io.BytesIO()
        book.save(stream)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        _preview, result = self._import(
            stream.getvalue(), name="list.xlsx", mimetype=mimetype
        )
        self.assertFalse(result["messages"], result["messages"])
        first, second = self._contacts()
        self.assertFalse(
            (first.description or "").lstrip("<p>").startswith("="),
            "a formula is never stored as a formula: Odoo reads the computed value",
        )
        self.assertEqual(first.partner_name, "ООО «Формула»")
        self.assertGreater(len(second.description), 32_000, "a full XLSX cell is kept")
        # a CSV cell has no such limit: 1 MB
        big = "Company Name,Notes\nООО «Мегабайт»,%s\n" % ("y" * 1_000_000)
        _preview, result = self._import(big.encode())
        self.assertFalse(result["messages"], result["messages"])
        megabyte = self._contacts().filtered(
            lambda c: c.partner_name == "ООО «Мегабайт»"
        )
        self.assertGreater(len(megabyte.description), 999_000)

    def test_russian_headers_map_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search(
            [("name", "in", ("crm", "sales_first_contact"))]
        )._update_translations(["ru_RU"])
        csv = (
            "Название компании,Контактное лицо,Телефон\n"
            "ООО «Русь»,Бобров Ян,+7 495 777-88-99\n"
        )
        preview, result = self._import(csv.encode(), lang="ru_RU")
        self.assertEqual(preview["matches"][0], ["partner_name"])
        self.assertEqual(preview["matches"][1], ["contact_name"])
        self.assertFalse(result["messages"], result["messages"])

    def test_bad_rows_reported_good_rows_kept(self):
        csv = (
            "Company Name,Contact Name,Country\n"
            "ООО «Хороший»,Первый,Russian Federation\n"
            "ООО «Плохой»,Второй,Атлантида\n"
            "ООО «Тоже хороший»,Третий,Belarus\n"
        ).encode()
        _preview, result = self._import(csv)
        self.assertTrue(result["messages"], "the bad row is reported")
        self.assertIn("Атлантида", str(result["messages"]))
        self.assertEqual(result["messages"][0]["rows"], {"from": 1, "to": 1}, "its row")
        self.assertFalse(self._contacts(), "Odoo's import stops on errors...")
        invalid_fields = [m["field"] for m in result["messages"]]
        _preview, result = self._import(csv, import_skip_records=invalid_fields)
        self.assertFalse(result["messages"], result)
        self.assertEqual(
            self._contacts().mapped("partner_name"),
            ["ООО «Хороший»", "ООО «Тоже хороший»"],
            "...and imports the good rows once told to skip the reported ones",
        )

    def test_empty_header_only_binary_and_missing_columns(self):
        self._import(b"")
        self.assertFalse(self._contacts())
        _preview, result = self._import(HEADER.encode())
        self.assertFalse(result and result["ids"])
        self._import(b"\x00\xff\xfe\x01" * 1000, name="x.csv")
        self.assertFalse(self._contacts(), "binary junk imports nothing")
        _preview, result = self._import(b"Phone\n+7 495 888-99-00\n")
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(
            self._contacts().name, "Event contact", "no company, no contact"
        )

    def test_big_batches_are_checked_in_the_background(self):
        with patch.object(crm_first_contact_event_check, "CHECK_NOW", 2):
            leads = self.env["crm.lead"].create(
                [
                    {"partner_name": f"ООО «Пакет {i}»", "fc_event_id": self.event.id}
                    for i in range(3)
                ]
            )
        self.assertEqual(set(leads.mapped("fc_check_state")), {"pending"})
        self.assertEqual(self.event.pending_count, 3)
        self._process()
        self.assertEqual(set(leads.mapped("fc_check_state")), {"new"})

    def test_enormous_file_is_imported_in_batches(self):
        """200 000 rows: Odoo's import reads them and imports a batch per request."""
        rows = "".join(
            f"ООО «Большой {i}»,Контакт {i},+7 495 {1_000_000 + i}\n"
            for i in range(200_000)
        )
        csv = ("Company Name,Contact Name,Phone\n" + rows).encode()
        start = time.monotonic()
        _preview, result = self._import(csv, skip=199_500, limit=500)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 500, "the last batch of the file")
        self.assertLess(
            time.monotonic() - start, 120, "within Odoo's request time limit"
        )
        self.assertEqual(self._contacts()[-1].partner_name, "ООО «Большой 199999»")

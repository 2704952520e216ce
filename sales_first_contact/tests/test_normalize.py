"""Normalizers of the six-step duplicate search (R11): no database needed."""

import iuliia
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase

from odoo.addons.sales_first_contact.dedup import match, normalize
from odoo.addons.sales_first_contact.dedup.normalize import PhoneKeys

# what users type where a value is expected, and what code may pass along
GARBAGE = [
    None,
    "",
    "   ",
    "-",
    "—",
    "n/a",
    "N/A",
    "нет",
    "Н/Д",
    0,
    12345,
    84951234567,
    3.14,
    [],
    {},
    b"bytes",
    "😀😀😀",
    "🌼🌼",
    "\x00\x01\x02",
    "x" * 10_000,
    "Ромашка " * 1_500,
    "8 (495) 123-45-67 " * 600,
    "romashka.ru/" * 1_000,
]
MOSCOW = "+74951234567"


class TestCompanyKey(BaseCase):
    """Step 1: company name."""

    def test_legal_forms_stripped_wherever_they_stand(self):
        forms = [
            "ООО",
            "АО",
            "ОАО",
            "ЗАО",
            "ПАО",
            "НАО",
            "ИП",
            "ГУП",
            "МУП",
            "ФГУП",
            "НКО",
            "АНО",
            "ТОО",
            "ОДО",
            "ЧУП",
            "ТОВ",
        ]
        for form in forms:
            self.assertEqual(
                normalize.company_key(f"{form} «Ромашка»"), "ромашка", form
            )
            self.assertEqual(
                normalize.company_key(f"«Ромашка» {form}"), "ромашка", form
            )
            self.assertEqual(normalize.company_key(f"Ромашка, {form}"), "ромашка", form)
        for form in [
            "LLC",
            "Ltd",
            "Ltd.",
            "Inc",
            "Inc.",
            "GmbH",
            "JSC",
            "CJSC",
            "PJSC",
            "LLP",
            "PLC",
            "Limited",
        ]:
            self.assertEqual(
                normalize.company_key(f"Romashka {form}"), "romashka", form
            )
            self.assertEqual(
                normalize.company_key(f"{form} Romashka"), "romashka", form
            )

    def test_long_legal_forms(self):
        long_forms = [
            "Общество с ограниченной ответственностью",
            "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ",
            "Акционерное общество",
            "Публичное акционерное общество",
            "Непубличное акционерное общество",
            "Открытое акционерное общество",
            "Закрытое акционерное общество",
            "Индивидуальный предприниматель",
            "Федеральное государственное унитарное предприятие",
            "Муниципальное унитарное предприятие",
            "Автономная некоммерческая организация",
            "Товарищество с ограниченной ответственностью",
            "Частное торговое унитарное предприятие",
            "Товариство з обмеженою відповідальністю",
        ]
        for form in long_forms:
            self.assertEqual(
                normalize.company_key(f"{form} «Ромашка»"), "ромашка", form
            )
        for form in ["Limited Liability Company", "Joint Stock Company"]:
            self.assertEqual(normalize.company_key(f"Romashka {form}"), "romashka")

    def test_dotted_legal_forms(self):
        self.assertEqual(normalize.company_key("Acme L.L.C."), "acme")
        self.assertEqual(normalize.company_key("О.О.О. «Ромашка»"), "ромашка")

    def test_quotes_punctuation_spaces(self):
        for name in [
            "ООО «Ромашка»",
            'ООО "Ромашка"',
            "ООО 'Ромашка'",
            "ООО „Ромашка“",
            "ООО “Ромашка”",
            "  ООО   «Ромашка» ,  ",
            "ООО «Ромашка».",
            "«Ромашка»",
        ]:
            self.assertEqual(normalize.company_key(name), "ромашка", name)

    def test_case_and_yo(self):
        self.assertEqual(normalize.company_key("ООО «ЁЛОЧКА»"), "елочка")
        self.assertEqual(normalize.company_key("ооо «елочка»"), "елочка")
        self.assertEqual(
            normalize.company_key("АО «Зелёный остров»"),
            normalize.company_key("ЗЕЛЕНЫЙ ОСТРОВ, АО"),
        )

    def test_hyphen_and_space_give_one_key(self):
        self.assertEqual(normalize.company_key("ООО «Ромашка-Плюс»"), "ромашка плюс")
        self.assertEqual(normalize.company_key("Ромашка Плюс, ООО"), "ромашка плюс")

    def test_word_order_kept(self):
        self.assertEqual(normalize.company_key("Плюс Ромашка"), "плюс ромашка")
        self.assertNotEqual(
            normalize.company_key("Плюс Ромашка"), normalize.company_key("Ромашка Плюс")
        )

    def test_apostrophes_joined(self):
        self.assertEqual(normalize.company_key("Art's Deli"), "arts deli")
        self.assertEqual(
            normalize.company_key("Art’s Delicatessen"), "arts delicatessen"
        )

    def test_latin_look_alikes_in_cyrillic_words(self):
        self.assertEqual(normalize.company_key("ООО «Pомашкa»"), "ромашка")  # p, a
        self.assertEqual(normalize.company_key("OOO «Ромашка»"), "ромашка")  # OOO
        self.assertEqual(normalize.company_key("АО «ТеxноПрoм»"), "технопром")
        self.assertEqual(normalize.company_key("POMAШKA"), "ромашка")
        # a Latin word with a Cyrillic look-alike stays Latin
        self.assertEqual(normalize.company_key("Gаzprom"), "gazprom")

    def test_near_names(self):
        near = match.NEAR_COMPANY
        for name_a, name_b in [
            ("Art's Deli", "Art's Delicatessen"),
            ("Ромашка-Плюс", "РомашкаПлюс"),
            ("ООО «Бизнес-Софт»", "БизнесСофт"),
            ("Northwind Traders Ltd", "Northwind Trading"),
        ]:
            key_a, key_b = normalize.company_key(name_a), normalize.company_key(name_b)
            self.assertNotEqual(key_a, key_b)
            self.assertGreaterEqual(normalize.company_similarity(key_a, key_b), near)
        # a holding and its subsidiary are not near
        self.assertLess(
            normalize.company_similarity(
                normalize.company_key("ПАО «Газпром»"),
                normalize.company_key("ПАО «Газпром нефть»"),
            ),
            near,
        )

    def test_similarity_bounds(self):
        self.assertEqual(normalize.company_similarity("ромашка", "ромашка"), 1.0)
        self.assertEqual(normalize.company_similarity(None, "ромашка"), 0.0)
        self.assertEqual(normalize.company_similarity("", ""), 0.0)
        self.assertEqual(
            normalize.company_similarity("abcd", "abcdefg"),
            normalize.company_similarity("abcdefg", "abcd"),
        )

    def test_too_short_and_garbage(self):
        for name in ["ab", "АБ", "ООО «АБ»", "ООО", "ИП", "«»", "1С", "---", *GARBAGE]:
            self.assertIsNone(normalize.company_key(name), repr(name)[:40])

    def test_mixed_scripts_never_raise(self):
        self.assertEqual(normalize.company_key("Ромашка Trade"), "ромашка trade")
        self.assertEqual(normalize.company_key("漢字 Ромашка"), "漢字 ромашка")


def looked_up(stored, lookups):
    """True when one of ``lookups`` ([(length, head, tail)]) finds the name
    ``stored`` in the typo indexes (its normalize.typo_block)."""
    length, head, tail = normalize.typo_block(stored)
    return any(other == length and (h == head or t == tail) for other, h, t in lookups)


class TestCompanyQualifiers(BaseCase):
    """Step 1: legal forms in three spellings, cities and branches."""

    def test_legal_forms_latin_and_english(self):
        for raw in [
            "OOO Romashka",
            '"Romashka" LLC',
            "Romashka Ltd",
            "AO Romashka",
            "JSC Romashka",
            "PAO Romashka",
            "PJSC Romashka",
            "ZAO Romashka",
            "CJSC Romashka",
            "OAO Romashka",
            "OJSC Romashka",
            "Romashka Holding",
            "GK Romashka",
        ]:
            self.assertEqual(normalize.company_key(raw), "romashka", raw)
        for raw in [
            "ГК «Ромашка»",
            "Группа компаний Ромашка",
            "ИП Ромашка",
            "Ромашка Холдинг",
        ]:
            self.assertEqual(normalize.company_key(raw), "ромашка", raw)

    def test_city_and_branch_stripped(self):
        for raw in [
            "Ромашка (Москва)",
            "ООО Ромашка (г. Москва)",
            "ООО Ромашка, г. Санкт-Петербург",
            "Ромашка г.Москва",
            "Ромашка, город Казань",
            "Ромашка - филиал в Казани",
            "Ромашка, филиал в г. Нижний Новгород",
            "Ромашка - представительство",
            "Ромашка, представительство в Самаре",
            "Филиал ООО «Ромашка» в г. Казани",
            "Казанский филиал ООО «Ромашка»",
            "Romashka Moscow office",
            "Romashka (Moscow branch)",
            "Romashka branch",
            "Romashka, Kazan branch",
        ]:
            self.assertIn(normalize.company_key(raw), ("ромашка", "romashka"), raw)
        # a name that is nothing but a qualifier stays what it was
        self.assertEqual(normalize.company_key("Филиал"), "филиал")

    def test_one_letter_typo_in_a_long_name_is_near(self):
        for typed, stored in [
            ("Ромшка-Сервис", "Ромашка-Сервис"),
            ("Рормашка Сервис", "Ромашка Сервис"),
            ("Ромакшка", "Ромашка"),
            ("Северстль", "Северсталь"),
            ("Севресталь", "Северсталь"),  # two letters swapped
        ]:
            similarity = normalize.company_similarity(
                normalize.company_key(typed), normalize.company_key(stored)
            )
            self.assertGreaterEqual(similarity, match.NEAR_COMPANY, typed)
            details, level = match.match(
                normalize.record_keys(company=typed),
                normalize.record_keys(company=stored),
            )
            self.assertEqual((details, level), ({"company": "near"}, match.POSSIBLE))

    def test_a_typo_shares_the_head_or_the_tail_of_the_name(self):
        """What the typo indexes hold of a stored name (typo_block), one of the
        lookups of a name one typo away finds (typo_probes)."""
        self.assertEqual(
            normalize.typo_block("ромашка сервис"), (13, "ромашк", "сервис")
        )
        for typed, stored in [
            ("ромшка сервис", "ромашка сервис"),  # a letter missed, first half
            ("ромашка сервс", "ромашка сервис"),  # second half
            ("рормашка сервис", "ромашка сервис"),  # added
            ("ромашка срвеис", "ромашка сервис"),  # two swapped
            ("северстль", "северсталь"),
            ("ромакшка", "ромашка"),  # 8 letters for 7
        ]:
            self.assertTrue(looked_up(stored, normalize.typo_probes(typed)), typed)
        self.assertEqual(
            normalize.without_a_word("стройинвест групп"), ["групп", "стройинвест"]
        )
        self.assertEqual(normalize.without_a_word("ао альфа"), ["альфа"])
        self.assertEqual(normalize.without_a_word("ромашка"), [])
        # a name with a word more, after or before: its head or its tail
        for stored in ("северсталь трейд", "трейд северсталь", "северсталь м"):
            self.assertTrue(
                looked_up(stored, normalize.longer_probes("северсталь")), stored
            )
        # but not one too long to be near
        length, _head, _tail = normalize.typo_block("северсталь инжиниринг")
        self.assertNotIn(
            length, [o for o, _h, _t in normalize.longer_probes("северсталь")]
        )
        self.assertEqual(normalize.longer_probes("альфа"), [])
        # names too short for a typo to tell them are not looked up
        self.assertEqual(normalize.typo_probes("альфа"), [])
        self.assertEqual(len(normalize.typo_probes("альфаст")), 3)

    def test_short_names_one_letter_apart_are_not_near(self):
        for a, b in [("Альфа", "Альва"), ("Восток", "Востох"), ("Вектор", "Викто")]:
            self.assertLess(
                normalize.company_similarity(
                    normalize.company_key(a), normalize.company_key(b)
                ),
                match.NEAR_COMPANY,
                a,
            )


class TestTranslitKey(BaseCase):
    """Steps 1 and 2 in either script."""

    def test_surnames_under_every_scheme(self):
        for spellings in [
            ["Иванов", "Ivanov"],
            ["Высоцкий", "Vysotskiy", "Vysotsky", "Vy`soczkij", "Vysotskii"],
            ["Щукин", "Shchukin", "Schukin", "Shhukin"],
            ["Хабибуллин", "Khabibullin", "Habibullin", "Xabibullin"],
            ["Цветков", "Tsvetkov", "Cvetkov", "Tcvetkov", "Czvetkov"],
            ["Журавлёв", "Журавлев", "Zhuravlev", "Zhuravlyov"],
            ["Ильин", "Il'in", "Ilyin", "Ilin", "Il`in"],
            ["Яковлев", "Yakovlev", "Iakovlev", "Jakovlev"],
            ["Юдин", "Yudin", "Iudin", "Judin"],
            ["Ельцин", "Yeltsin", "Eltsin"],
            ["Александров", "Aleksandrov", "Alexandrov"],
            ["Дмитриев", "Dmitriev"],
        ]:
            keys = {
                normalize.translit_key(normalize.surname_key(surname=s))
                for s in spellings
            }
            self.assertEqual(len(keys), 1, f"{spellings}: {keys}")

    def test_company_in_latin(self):
        key = normalize.translit_key(normalize.company_key("ООО «Ромашка»"))
        for raw in ["OOO Romashka", '"Romashka" LLC', "Romashka Ltd", "ROMASHKA"]:
            self.assertEqual(
                normalize.translit_key(normalize.company_key(raw)), key, raw
            )
        self.assertEqual(
            normalize.translit_key(normalize.company_key("ЗАО «Щукин и партнёры»")),
            normalize.translit_key(normalize.company_key("ZAO Shchukin i partnery")),
        )

    def test_match_across_scripts(self):
        details, level = match.match(
            normalize.record_keys(company="OOO Romashka", person="Petr Ivanov"),
            normalize.record_keys(company="ООО «Ромашка»", person="Иванов Пётр"),
        )
        self.assertEqual(details, {"company": "exact", "surname": "exact"})
        self.assertEqual(level, match.LIKELY)

    def test_different_names_stay_apart(self):
        for a, b in [
            ("Иванов", "Ивановский"),
            ("Ромашка", "Romanshka"),
            ("Петров", "Petrenko"),
        ]:
            self.assertNotEqual(
                normalize.translit_key(a.lower()), normalize.translit_key(b.lower())
            )

    def test_garbage(self):
        for raw in [None, "", 12, "ь", "a"]:
            self.assertIsNone(normalize.translit_key(raw))


class TestSurnameKey(BaseCase):
    """Step 2: the contact person's surname."""

    def test_russian_order(self):
        self.assertEqual(normalize.surname_key("Иванов Пётр Сергеевич"), "иванов")
        self.assertEqual(normalize.surname_key("ИВАНОВ ПЕТР СЕРГЕЕВИЧ"), "иванов")
        self.assertEqual(normalize.surname_key("Петрова Анна Викторовна"), "петрова")
        self.assertEqual(normalize.surname_key("Мамедов Эльдар Гасан оглы"), "мамедов")
        self.assertEqual(normalize.surname_key("Иванов Пётр"), "иванов")

    def test_reversed_order(self):
        self.assertEqual(normalize.surname_key("Пётр Сергеевич Иванов"), "иванов")
        self.assertEqual(normalize.surname_key("Пётр Иванов"), "иванов")
        self.assertEqual(normalize.surname_key("Эльдар Гасан оглы Мамедов"), "мамедов")

    def test_three_cyrillic_words_without_patronymic(self):
        self.assertEqual(normalize.surname_key("Ахметов Ерлан Болат"), "ахметов")

    def test_unknown_given_name_told_by_surname_ending(self):
        self.assertEqual(normalize.surname_key("Эльдар Мамедов"), "мамедов")
        self.assertEqual(normalize.surname_key("Тарас Шевченко"), "шевченко")
        self.assertEqual(normalize.surname_key("Айгуль Ахметова"), "ахметова")

    def test_surname_ending_like_a_patronymic(self):
        self.assertEqual(normalize.surname_key("Лукашевич Олег Петрович"), "лукашевич")
        self.assertEqual(normalize.surname_key("Олег Петрович Лукашевич"), "лукашевич")
        self.assertEqual(normalize.surname_key("Лукашевич Олег"), "лукашевич")

    def test_initials_ignored(self):
        for name in ["Иванов И.И.", "Иванов И. И.", "И.И. Иванов", "иванов и.и."]:
            self.assertEqual(normalize.surname_key(name), "иванов", name)

    def test_western_order(self):
        self.assertEqual(normalize.surname_key("John Smith"), "smith")
        self.assertEqual(normalize.surname_key("Mr. John Smith"), "smith")
        self.assertEqual(normalize.surname_key("J. Smith"), "smith")
        self.assertEqual(normalize.surname_key("Smith, John"), "smith")
        self.assertEqual(normalize.surname_key("Rossi, Marco"), "rossi")
        self.assertEqual(normalize.surname_key("Petr Sergeevich Ivanov"), "ivanov")
        self.assertEqual(normalize.surname_key("Patrick O'Brien"), "obrien")

    def test_yo_and_look_alikes(self):
        self.assertEqual(normalize.surname_key("Королёв Роман"), "королев")
        self.assertEqual(normalize.surname_key("Иванoв Пётр"), "иванов")  # Latin o

    def test_double_surname_and_remarks(self):
        self.assertEqual(
            normalize.surname_key("Сидорова-Петрова М.И."), "сидоровапетрова"
        )
        self.assertEqual(
            normalize.surname_key(surname="Сидорова-Петрова"), "сидоровапетрова"
        )
        self.assertEqual(
            normalize.surname_key("Иванов Иван Иванович (бухгалтер)"), "иванов"
        )

    def test_surname_field_first(self):
        self.assertEqual(normalize.surname_key("Пётр", surname="Иванов"), "иванов")
        self.assertEqual(normalize.surname_key(None, surname="Иванов И.И."), "иванов")

    def test_given_names_alone_give_nothing(self):
        for name in ["Пётр", "Анна Петровна", "Сергей Иванович", "John"]:
            self.assertIsNone(normalize.surname_key(name), name)

    def test_garbage(self):
        for name in ["И.И.", "12345", "+7 495 123-45-67", *GARBAGE]:
            self.assertIsNone(normalize.surname_key(name), repr(name)[:40])
            self.assertIsNone(normalize.surname_key(surname=name), repr(name)[:40])


class TestPhoneKeys(BaseCase):
    """Step 3: phone without country and city code, and the full E.164."""

    def test_moscow_formats(self):
        full = PhoneKeys("1234567", MOSCOW)
        for raw in [
            "8 (495) 123-45-67",
            "+7 495 123 45 67",
            "+7 (495) 123-45-67",
            "+7-495-123-45-67",
            "7 495 1234567",
            "(495) 123-45-67",
            "84951234567",
            "00 7 495 123 45 67",
            "007 495 1234567",
            "8-10-7-495-123-45-67",
            "8 (495) 123–45–67",
            "тел. 8 (495) 123-45-67",
        ]:
            self.assertEqual(normalize.phone_keys(raw), full, raw)

    def test_extensions(self):
        full = PhoneKeys("1234567", MOSCOW)
        for raw in [
            "+7 (495) 123-45-67 доб. 123",
            "+7 (495) 123-45-67, доб. 123",
            "8(495)123-45-67доб123",
            "8 (495) 123-45-67 (доб. 12)",
            "+7 495 123 45 67 вн. 12",
            "+7 495 123 45 67 ext. 5",
            "+7 495 123 45 67 x123",
            "+7 495 123 45 67 #12",
        ]:
            self.assertEqual(normalize.phone_keys(raw), full, raw)

    def test_extension_in_any_spelling(self):
        full = PhoneKeys("1234567", MOSCOW)
        for raw in [
            "8 495 123 45 67 (доп. 12)",
            "8 495 123 45 67 доп.12",
            "8 495 123 45 67 (доб.12)",
            "+7 495 123 45 67 (ext. 12)",
            "+7 495 123 45 67 ext 12",
            "+7 495 123 45 67 (x12)",
            "+7 495 123 45 67, #12",
            "+7 495 123 45 67 внутр. 1234",
        ]:
            self.assertEqual(normalize.phone_numbers(raw), (full,), raw)

    def test_any_separator(self):
        for raw in ["495/123-45-67", "495.123.45.67", "(495) 123 45 67", "495 1234567"]:
            self.assertEqual(normalize.phone_keys(raw), PhoneKeys("1234567", MOSCOW))
        for raw in ["818/762-1221", "818-762-1221", "(818) 762.1221", "818.762.1221"]:
            self.assertEqual(
                normalize.phone_keys(raw, "US"), PhoneKeys("7621221", "+18187621221")
            )

    def test_several_numbers_in_one_field(self):
        first, second = (
            PhoneKeys("1234567", MOSCOW),
            PhoneKeys("1234568", MOSCOW[:-1] + "8"),
        )
        mobile = PhoneKeys("1112233", "+79161112233")
        for raw, expected in [
            ("+7 495 123-45-67, 123-45-68", (first, second)),
            ("8 (495) 123-45-67; 8 (495) 123-45-68", (first, second)),
            ("8 495 123 45 67 или 123 45 68", (first, second)),
            ("8 495 123-45-67 / 8 495 123-45-68", (first, second)),
            ("+7 495 123-45-67 (доб. 12), +7 916 111-22-33", (first, mobile)),
            (
                "123-45-67, 123-45-68",
                (PhoneKeys("1234567", None), PhoneKeys("1234568", None)),
            ),
        ]:
            self.assertEqual(normalize.phone_numbers(raw), expected, raw)
        self.assertEqual(normalize.phone_keys("+7 495 123-45-67, 123-45-68"), first)
        probe = normalize.record_keys(phones=["+7 495 123-45-67, 123-45-68"])
        self.assertEqual(probe.phone_e164s, {MOSCOW, second.e164})

    def test_country_of_the_record(self):
        self.assertEqual(
            normalize.phone_keys("030 1234567", "DE"),
            PhoneKeys("1234567", "+49301234567"),
        )
        self.assertEqual(
            normalize.phone_keys("0049 30 1234567"),
            PhoneKeys("1234567", "+49301234567"),
        )
        self.assertEqual(
            normalize.phone_keys("+44 20 7946 0958"),
            PhoneKeys("79460958", "+442079460958"),
        )

    def test_local_number_typed_without_codes(self):
        self.assertEqual(normalize.phone_keys("123-45-67"), PhoneKeys("1234567", None))
        self.assertEqual(normalize.phone_keys("12-34-56"), PhoneKeys("123456", None))

    def test_mobile_without_operator_code(self):
        for raw in [
            "+7 916 123-45-67",
            "8-916-123-45-67",
            "89161234567",
            "916 123 45 67",
        ]:
            self.assertEqual(
                normalize.phone_keys(raw), PhoneKeys("1234567", "+79161234567"), raw
            )

    def test_other_cities_and_countries(self):
        self.assertEqual(
            normalize.phone_keys("8 (812) 123-45-67"),
            PhoneKeys("1234567", "+78121234567"),
        )
        self.assertEqual(
            normalize.phone_keys("+7 (3812) 12-34-56"),
            PhoneKeys("2123456", "+73812123456"),
        )
        self.assertEqual(
            normalize.phone_keys("8 017 123-45-67", "BY"),
            PhoneKeys("1234567", "+375171234567"),
        )
        self.assertEqual(
            normalize.phone_keys("+375 29 123-45-67", "RU"),
            PhoneKeys("1234567", "+375291234567"),
        )
        self.assertEqual(
            normalize.phone_keys("8 10 7 495 123 45 67", "BY"),
            PhoneKeys("1234567", MOSCOW),
        )
        self.assertEqual(
            normalize.phone_keys("8 (7172) 12-34-56", "KZ"),
            PhoneKeys("123456", "+77172123456"),
        )
        self.assertEqual(
            normalize.phone_keys("044 123 45 67", "UA"),
            PhoneKeys("1234567", "+380441234567"),
        )
        self.assertEqual(
            normalize.phone_keys("(212) 555-0147", "US"),
            PhoneKeys("5550147", "+12125550147"),
        )

    def test_region_defaults_to_russia(self):
        self.assertEqual(normalize.phone_keys("8 (495) 123-45-67", None).e164, MOSCOW)
        self.assertEqual(normalize.phone_keys("8 (495) 123-45-67", "").e164, MOSCOW)
        self.assertEqual(normalize.phone_keys("8 (495) 123-45-67", "ru").e164, MOSCOW)

    def test_letters_short_and_garbage(self):
        for raw in [
            "abc",
            "нет",
            "не дал",
            "8 (495) l23-45-67",  # a Latin l
            "8 800 ДОСТАВКА",
            "12",
            "123",
            "+7",
            "+7 (495) 12",
            "1" * 40,
            *GARBAGE,
        ]:
            self.assertIsNone(normalize.phone_keys(raw), repr(raw)[:40])


class TestEmailKeys(BaseCase):
    """Step 4: e-mail, step 5: corporate domain."""

    def test_sub_addressing_dropped(self):
        for raw in [
            "ivanov+expo@mail.ru",
            "Ivanov+2024.spring@Mail.ru",
            "ivanov@mail.ru",
        ]:
            self.assertEqual(normalize.email_key(raw), "ivanov@mail.ru", raw)
        self.assertEqual(
            normalize.email_key("sales+moscow@romashka.ru"), "sales@romashka.ru"
        )

    def test_dots_of_gmail_logins(self):
        for raw in [
            "i.van.ov@gmail.com",
            "Ivanov+x@googlemail.com",
            "ivanov@GMAIL.com",
            "i.vanov+tag@gmail.com",
        ]:
            self.assertEqual(normalize.email_key(raw), "ivanov@gmail.com", raw)
        # other providers keep the dots: they are part of the login
        self.assertEqual(normalize.email_key("i.ivanov@mail.ru"), "i.ivanov@mail.ru")
        self.assertEqual(
            normalize.email_key("i.ivanov@romashka.ru"), "i.ivanov@romashka.ru"
        )

    def test_email_normalized(self):
        for raw in [
            "i.petrov@romashka.ru",
            "I.Petrov@ROMASHKA.RU",
            "  i.petrov@romashka.ru  ",
            "Иван Петров <I.Petrov@Romashka.ru>",
            '"Петров И." <i.petrov@romashka.ru>',
            "mailto:i.petrov@romashka.ru",
        ]:
            self.assertEqual(normalize.email_key(raw), "i.petrov@romashka.ru", raw)

    def test_email_garbage(self):
        for raw in [
            "ivan",
            "ivan@",
            "@romashka.ru",
            "ivan@localhost",
            "info (at) x.ru",
        ]:
            self.assertIsNone(normalize.email_key(raw), raw)
        for raw in GARBAGE:
            self.assertIsNone(normalize.email_key(raw), repr(raw)[:40])

    def test_corporate_domain(self):
        self.assertEqual(
            normalize.domain_key("Иван <I.Petrov@Romashka.RU>"), "romashka.ru"
        )
        self.assertEqual(normalize.domain_key("info@www.romashka.ru"), "romashka.ru")
        self.assertEqual(normalize.domain_key("info@берёзка.рф"), "берёзка.рф")
        self.assertEqual(
            normalize.domain_key("info@xn--80abmip8a9h.xn--p1ai"), "берёзка.рф"
        )

    def test_public_providers_give_no_domain(self):
        providers = [
            "mail.ru",
            "yandex.ru",
            "ya.ru",
            "gmail.com",
            "internet.ru",
            "bk.ru",
            "list.ru",
            "inbox.ru",
            "rambler.ru",
            "tut.by",
            "ukr.net",
            "i.ua",
            "yandex.kz",
            "mail.kz",
            "yandex.by",
            "icloud.com",
            "outlook.com",
            "hotmail.com",
            "yahoo.com",
        ]
        for provider in providers:
            self.assertIsNone(normalize.domain_key(f"ivan@{provider}"), provider)
            self.assertEqual(
                normalize.email_key(f"Ivan@{provider}"), f"ivan@{provider}", provider
            )

    def test_provider_list_extends_odoo(self):
        self.assertLess(normalize.CIS_MAIL_PROVIDERS, normalize.PUBLIC_MAIL_DOMAINS)
        self.assertIn("gmail.com", normalize.PUBLIC_MAIL_DOMAINS)
        self.assertIsNone(
            normalize.domain_key("ivan@romashka.ru", frozenset({"romashka.ru"}))
        )

    def test_domain_garbage(self):
        for raw in ["ivan@localhost", "ivan@192.168.0.1", *GARBAGE]:
            self.assertIsNone(normalize.domain_key(raw), repr(raw)[:40])


class TestWebsiteKey(BaseCase):
    """Step 6: website host."""

    def test_host_only(self):
        for raw in [
            "romashka.ru",
            "ROMASHKA.RU",
            "www.romashka.ru",
            "WWW.Romashka.ru/",
            "http://romashka.ru",
            "https://www.romashka.ru/",
            "https://romashka.ru/contacts/",
            "http://www.romashka.ru:8080",
            "romashka.ru/?utm_source=yandex&utm_medium=cpc",
            "https://romashka.ru/#about",
            "http://romashka.ru.",
            "//romashka.ru",
            " www.romashka.ru ",
            "https://WWW.Romashka.ru:443/about?x=1#y",
        ]:
            self.assertEqual(normalize.website_key(raw), "romashka.ru", raw)

    def test_subdomains_collapse_to_the_registrable_domain(self):
        for raw in [
            "https://shop.romashka.ru",
            "m.romashka.ru",
            "en.romashka.ru/about",
            "www.shop.romashka.ru",
            "ROMASHKA.RU",
        ]:
            self.assertEqual(normalize.website_key(raw), "romashka.ru", raw)
        self.assertEqual(
            normalize.website_key("shop.romashka.com.ru"), "romashka.com.ru"
        )
        self.assertEqual(normalize.website_key("romashka.spb.ru"), "romashka.spb.ru")
        for raw in ["shop.сайт.рф", "xn--80aswg.xn--p1ai", "m.xn--80aswg.xn--p1ai"]:
            self.assertEqual(normalize.website_key(raw), "сайт.рф", raw)

    def test_hosting_tenants_keep_their_subdomain(self):
        for raw in [
            "romashka.tilda.ws",
            "romashka.narod.ru",
            "romashka.ucoz.ru",
            "romashka.wixsite.com",
            "romashka.github.io",
        ]:
            self.assertEqual(normalize.website_key(f"https://{raw}/"), raw)
            self.assertEqual(normalize.website_key(f"www.{raw}"), raw)
        self.assertNotEqual(
            normalize.website_key("romashka.tilda.ws"),
            normalize.website_key("vasilek.tilda.ws"),
        )

    def test_public_mail_site_is_no_key(self):
        self.assertIsNone(normalize.site_key("mail.ru"))
        self.assertIsNone(normalize.site_key("https://gmail.com"))
        self.assertEqual(normalize.site_key("shop.romashka.ru"), "romashka.ru")

    def test_corporate_mail_on_a_subdomain(self):
        self.assertEqual(normalize.domain_key("ivanov@msk.romashka.ru"), "romashka.ru")
        self.assertEqual(
            normalize.domain_key("ivanov@msk.romashka.ru"),
            normalize.website_key("shop.romashka.ru"),
        )
        self.assertIsNone(normalize.domain_key("ivanov@mail.tut.by"))

    def test_idn_one_form(self):
        for raw in [
            "сайт.рф",
            "САЙТ.РФ",
            "www.сайт.рф",
            "https://сайт.рф/о-компании",
            "xn--80aswg.xn--p1ai",
            "https://www.xn--80aswg.xn--p1ai/",
        ]:
            self.assertEqual(normalize.website_key(raw), "сайт.рф", raw)
        self.assertEqual(
            normalize.website_key("xn--80abmip8a9h.xn--p1ai"), "берёзка.рф"
        )
        self.assertEqual(normalize.website_key("БЕРЁЗКА.РФ"), "берёзка.рф")

    def test_pages_on_shared_hosts(self):
        self.assertEqual(
            normalize.website_key("https://vk.com/Romashka_msk/"), "vk.com/romashka_msk"
        )
        self.assertEqual(
            normalize.website_key("m.vk.com/romashka_msk?w=1"), "vk.com/romashka_msk"
        )
        self.assertNotEqual(
            normalize.website_key("ok.ru/group/53212"),
            normalize.website_key("ok.ru/group/7"),
        )
        self.assertIsNone(normalize.website_key("vk.com"))

    def test_garbage(self):
        for raw in [
            "n/a",
            "-",
            "нет",
            "нет сайта",
            "romashka",
            "info@romashka.ru",
            "mailto:info@romashka.ru",
            "http://",
            "www",
            "localhost",
            "http://192.168.0.1",
            "http://[::1]",
            "🌼.рф",
            *GARBAGE,
        ]:
            self.assertIsNone(normalize.website_key(raw), repr(raw)[:40])


class TestRecordKeys(BaseCase):
    """All keys of a record: garbage in one field leaves the others alone."""

    def test_garbage_field_does_not_spoil_others(self):
        probe = normalize.record_keys(
            company="ООО «Ромашка»",
            person="Иванов Пётр Сергеевич",
            phones=["abc", "x" * 10_000, None, "8 (495) 123-45-67"],
            email="Иван <I.Ivanov@Romashka.ru>",
            website="-",
        )
        self.assertEqual(
            probe,
            normalize.Probe(
                company_key="ромашка",
                surname_key="иванов",
                phone_locals=frozenset({"1234567"}),
                phone_e164s=frozenset({MOSCOW}),
                email="i.ivanov@romashka.ru",
                domain="romashka.ru",
                website=None,
                company_translit="romaska",
                surname_translit="ivanov",
            ),
        )

    def test_all_garbage(self):
        probe = normalize.record_keys(
            company="ab", person="-", phones=["нет"], email="n/a", website="n/a"
        )
        self.assertEqual(
            probe,
            normalize.Probe(None, None, frozenset(), frozenset(), None, None, None),
        )


class TestMatchLevels(BaseCase):
    """How sure a match is, from the keys of two records."""

    def _match(self, probe, candidate):
        return match.match(
            normalize.record_keys(**probe), normalize.record_keys(**candidate)
        )

    def test_strong_keys_are_likely(self):
        card = {
            "company": "ООО «Ромашка»",
            "person": "Иванов Пётр",
            "phones": ["+7 495 123-45-67"],
            "email": "p.ivanov@romashka.ru",
            "website": "www.romashka.ru",
        }
        for probe, step in [
            ({"email": "P.Ivanov@Romashka.ru"}, "email"),
            ({"phones": ["8 (495) 123-45-67"]}, "phone"),
            ({"email": "sales@romashka.ru"}, "domain"),
            ({"website": "https://romashka.ru/contacts"}, "website"),
            ({"company": "Ромашка", "person": "И.П. Иванов"}, "company"),
        ]:
            details, level = self._match(probe, card)
            self.assertIn(step, details, probe)
            self.assertEqual(level, match.LIKELY, probe)

    def test_domain_equal_to_website(self):
        details, level = self._match(
            {"email": "info@romashka.ru"}, {"website": "romashka.ru"}
        )
        self.assertEqual((details, level), ({"domain": "exact"}, match.LIKELY))
        details, level = self._match(
            {"website": "romashka.ru"}, {"email": "info@romashka.ru"}
        )
        self.assertEqual((details, level), ({"website": "exact"}, match.LIKELY))

    def test_weak_keys_alone_are_possible(self):
        for probe, candidate in [
            ({"person": "Иванов Пётр"}, {"person": "Иванов Олег"}),
            ({"phones": ["123-45-67"]}, {"phones": ["+7 (812) 123-45-67"]}),
            ({"company": "Art's Deli"}, {"company": "Art's Delicatessen LLC"}),
            ({"company": "ООО «Ромашка»"}, {"company": "Ромашка"}),
        ]:
            self.assertEqual(self._match(probe, candidate)[1], match.POSSIBLE, probe)

    def test_local_number_of_a_city_with_a_longer_code(self):
        details, _level = self._match(
            {"phones": ["12-34-56"]}, {"phones": ["+7 (3812) 12-34-56"]}
        )
        self.assertEqual(details, {"phone": "local"})

    def test_public_mail_is_no_domain_match(self):
        details, level = self._match(
            {"email": "ivan@mail.ru"}, {"email": "petr@mail.ru"}
        )
        self.assertEqual((details, level), ({}, None))


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

ANY_VALUE = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=600),
    st.from_regex(r"[\d\s()+\-.]{0,30}", fullmatch=True),
    st.none(),
    st.integers(),
)
REGIONS = st.sampled_from(["RU", "BY", "KZ", "UA", "US", "DE", "ru", "", None, "XX"])
CYRILLIC_WORD = st.text(
    alphabet="абвгдежзийклмнопрстуфхцчшщъыьэюяё", min_size=3, max_size=10
)
# words the way Russian names are made: syllables, a soft sign or й at the end
RUSSIAN_WORD = st.builds(
    lambda syllables, end: "".join(syllables) + end,
    st.lists(
        st.tuples(
            st.sampled_from("бвгджзклмнпрстфхцчшщ"), st.sampled_from("аоуиеыяю")
        ).map("".join),
        min_size=2,
        max_size=4,
    ),
    st.sampled_from(["", "ь", "й", "н", "в", "ов", "ин", "ский"]),
)
LATIN_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10)
NAMES = st.lists(st.one_of(CYRILLIC_WORD, LATIN_WORD), min_size=1, max_size=3).map(
    " ".join
)
LEGAL_FORMS = st.sampled_from(
    [
        "ООО {}",
        "{}, ООО",
        "АО {}",
        "ПАО {}",
        "ИП {}",
        "{} LLC",
        "{} Ltd.",
        "{} GmbH",
        "Общество с ограниченной ответственностью {}",
        "Закрытое акционерное общество {}",
        "{} Limited Liability Company",
    ]
)
QUOTES = st.sampled_from(["{}", "«{}»", '"{}"', "'{}'", "„{}“", "“{}”"])
CASES = st.sampled_from([str, str.upper, str.lower, str.title])
AREA_CODES = st.sampled_from(["495", "499", "812", "383"])
SUBSCRIBERS = st.from_regex(r"[2-9][0-9]{6}", fullmatch=True)


class TestNormalizeProperties(BaseCase):
    """Properties that hold for any input."""

    @settings(max_examples=50, deadline=None, database=None)
    @given(ANY_VALUE, REGIONS)
    def test_never_raise(self, value, region):
        for key in [
            normalize.company_key(value),
            normalize.surname_key(value),
            normalize.surname_key(surname=value),
            normalize.email_key(value),
            normalize.domain_key(value),
            normalize.website_key(value),
        ]:
            self.assertTrue(key is None or (isinstance(key, str) and key), key)
        phone = normalize.phone_keys(value, region)
        self.assertTrue(phone is None or isinstance(phone, PhoneKeys), phone)
        if phone:
            self.assertTrue(phone.local.isdigit())
            self.assertTrue(phone.e164 is None or phone.e164.startswith("+"))

    @settings(max_examples=50, deadline=None, database=None)
    @given(st.one_of(st.text(), NAMES))
    def test_company_key_idempotent(self, name):
        key = normalize.company_key(name)
        if key is not None:
            self.assertEqual(normalize.company_key(key), key)

    @settings(max_examples=50, deadline=None, database=None)
    @given(
        st.one_of(
            st.text(),
            st.from_regex(
                r"(https?://)?(www\.)?[a-zа-я0-9-]{1,12}\.(ru|рф|com|by)/?",
                fullmatch=True,
            ),
        )
    )
    def test_website_key_of_a_key_is_the_key(self, raw):
        key = normalize.website_key(raw)
        if key is not None:
            self.assertEqual(normalize.website_key(key), key)

    @settings(max_examples=50, deadline=None, database=None)
    @given(NAMES, LEGAL_FORMS, QUOTES, CASES)
    def test_company_key_invariant(self, name, form, quotes, case):
        key = normalize.company_key(name)
        self.assertEqual(
            normalize.company_key(case(form.format(quotes.format(name)))), key
        )
        self.assertEqual(normalize.company_key(name.replace("ё", "е")), key)

    @settings(max_examples=50, deadline=None, database=None)
    @given(AREA_CODES, SUBSCRIBERS, st.integers(min_value=1, max_value=9999))
    def test_phone_local_key_over_formats(self, area, sub, extension):
        grouped = f"{sub[:3]}-{sub[3:5]}-{sub[5:]}"
        spaced = f"{sub[:3]} {sub[3:5]} {sub[5:]}"
        full_formats = [
            f"8 ({area}) {grouped}",
            f"+7 {area} {spaced}",
            f"+7 ({area}) {grouped}",
            f"({area}) {grouped}",
            f"00 7 {area} {spaced}",
            f"8-10-7-{area}-{grouped}",
            f"8{area}{sub}",
            f"+7 ({area}) {grouped} доб. {extension}",
        ]
        for raw in full_formats:
            self.assertEqual(
                normalize.phone_keys(raw), PhoneKeys(sub, f"+7{area}{sub}"), raw
            )
        self.assertEqual(normalize.phone_keys(grouped), PhoneKeys(sub, None))

    @settings(max_examples=50, deadline=None, database=None)
    @given(
        AREA_CODES,
        SUBSCRIBERS,
        st.sampled_from([" ", "-", ".", "/", ""]),
        st.sampled_from(["доб.", "доп.", "ext.", "ext", "x", "#", "вн."]),
        st.booleans(),
        st.integers(min_value=1, max_value=9999),
    )
    def test_phone_separator_and_extension(self, area, sub, sep, ext, brackets, number):
        extension = f"{ext} {number}"
        extension = f"({extension})" if brackets else extension
        raw = f"8 {area}{sep}{sub[:3]}{sep}{sub[3:5]}{sep}{sub[5:]} {extension}"
        self.assertEqual(
            normalize.phone_numbers(raw), (PhoneKeys(sub, f"+7{area}{sub}"),), raw
        )

    @settings(max_examples=200, deadline=None, database=None)
    @given(
        st.lists(RUSSIAN_WORD, min_size=1, max_size=3).map(" ".join),
        st.sampled_from(("deletion", "insertion", "substitution", "transposition")),
        st.integers(min_value=0),
        st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    )
    def test_every_typo_is_looked_up_under_the_names_block(
        self, name, kind, where, letter
    ):
        """A name of 7+ letters one typo away (optimal string alignment 1)
        always shares the head or the tail of the stored name's typo block."""
        stored = name.replace(" ", "")
        i = where % len(stored)
        typed = {
            "deletion": stored[:i] + stored[i + 1 :],
            "insertion": stored[:i] + letter + stored[i:],
            "substitution": stored[:i] + letter + stored[i + 1 :],
            "transposition": stored[:i]
            + stored[i + 1 : i + 2]
            + stored[i]
            + stored[i + 2 :],
        }[kind]
        if max(len(stored), len(typed)) < normalize.MIN_TYPO_LENGTH or not typed:
            return
        self.assertTrue(
            looked_up(stored, normalize.typo_probes(typed)), f"{stored} typed {typed}"
        )

    @settings(max_examples=50, deadline=None, database=None)
    @given(st.lists(RUSSIAN_WORD, min_size=1, max_size=3).map(" ".join))
    def test_translit_of_a_cyrillic_name_under_every_scheme(self, name):
        key = normalize.company_key(name)
        if not key:
            return
        skeleton = normalize.translit_key(key)
        for schema in (iuliia.GOST_779_ALT, iuliia.ICAO_DOC_9303, iuliia.BGN_PCGN):
            latin = schema.translate(name)
            self.assertEqual(
                normalize.translit_key(normalize.company_key(latin)),
                skeleton,
                f"{name} -> {latin}",
            )

    @settings(max_examples=50, deadline=None, database=None)
    @given(st.from_regex(r"[a-z][a-z0-9.]{0,10}[a-z0-9]", fullmatch=True), st.text())
    def test_email_tags_and_gmail_dots(self, login, tag):
        tag = "".join(c for c in tag if c.isalnum() and c.isascii())
        base = normalize.email_key(f"{login}@romashka.ru")
        self.assertEqual(normalize.email_key(f"{login}+{tag}@romashka.ru"), base)
        self.assertEqual(
            normalize.email_key(f"{login}@gmail.com"),
            normalize.email_key(f"{login.replace('.', '')}@googlemail.com"),
        )

    @settings(max_examples=50, deadline=None, database=None)
    @given(
        st.from_regex(r"[a-z][a-z0-9-]{1,12}[a-z0-9]", fullmatch=True),
        st.sampled_from(["ru", "com", "рф", "com.ru", "co.uk"]),
        st.sampled_from(["", "www.", "shop.", "m.", "en.", "www.shop."]),
    )
    def test_website_subdomains_collapse(self, name, suffix, sub):
        self.assertEqual(
            normalize.website_key(f"https://{sub}{name}.{suffix}/"),
            normalize.website_key(f"{name}.{suffix}"),
        )

    @settings(max_examples=50, deadline=None, database=None)
    @given(st.one_of(st.text(), NAMES), st.one_of(st.text(), NAMES))
    def test_company_similarity_symmetric(self, name_a, name_b):
        for a, b in [
            (name_a, name_b),
            (normalize.company_key(name_a), normalize.company_key(name_b)),
        ]:
            score = normalize.company_similarity(a, b)
            self.assertEqual(score, normalize.company_similarity(b, a))
            self.assertGreaterEqual(score, 0.0)
            self.assertLessEqual(score, 1.0)

"""Synthetic Russian CRM clients and leads for the duplicate benchmark.

Every company, contact and lead is a pure function of its number (each has its
own seeded random generator), so a lead can point at a partner, or re-type one,
without anything being kept in memory, and any number of rows can be streamed.

:func:`company` gives a client company and its contacts, :func:`lead` a lead;
the ``retype_*`` functions write a value the way another person would type it.
"""

import random
import re

import phonenumbers

SEED = 2024_11_27
# kinds of random generators, see :func:`rng`
COMPANY, CARD, LEAD, PROBE, PARTNER_ROW, LEAD_ROW, TYPO = range(1, 8)

# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------


def words(text):
    """The words of a text: keeps the long word lists below readable."""
    return text.split()


def phrases(text):
    """The '|'-separated phrases of a text."""
    return [" ".join(phrase.split()) for phrase in text.split("|")]


LEGAL_FORMS = {"ООО": 62, "АО": 8, "ПАО": 2, "ЗАО": 4, "ОАО": 2, "ИП": 14, "АНО": 1}
LONG_FORMS = {
    "ООО": "Общество с ограниченной ответственностью",
    "АО": "Акционерное общество",
    "ПАО": "Публичное акционерное общество",
    "ЗАО": "Закрытое акционерное общество",
    "ОАО": "Открытое акционерное общество",
    "ИП": "Индивидуальный предприниматель",
    "АНО": "Автономная некоммерческая организация",
}
BY_KZ_FORMS = {"BY": "ОДО", "KZ": "ТОО"}  # what ООО is called there
FIRST_PARTS = words(
    """
    Альфа Бета Гамма Дельта Сигма Омега Вектор Север Юг Восток Запад Сиб Урал
    Волга Дон Нева Балт Центр Гранд Мега Профи Эко Био Нано Техно Пром Строй Агро
    Авто Транс Энерго Газ Нефть Мед Фарм Инфо Телеком Софт Дата Торг Снаб Инвест
    Капитал Гео Аква Термо Электро Металл Хим Лес Хлеб Текстиль Полимер Пласт
    Стекло Бетон Кровля Росс Евро Азия Арт Стиль Люкс Прайм Элит Бизнес Кредо
    Мастер Спец Интер Мир Дом Сад Мебель Оптик Смарт Лайт
    """
)
SECOND_PARTS = words(
    """
    Строй Сервис Торг Снаб Инвест Проект Монтаж Комплект Систем Технологии Групп
    Холдинг Ресурс Маркет Трейд Лайн Стандарт Партнер Консалт Логистик Транс Пром
    Мастер Инжиниринг Решения Поставка Импорт Экспорт Развитие Альянс Союз Центр
    Индустрия Девелопмент Менеджмент Медиа Сеть Софт Энерго Тех Деталь Завод
    Фабрика Склад Опт Ритейл Офис Дизайн Эксперт Гарант Контроль Безопасность
    Автоматика Электрик Климат Упаковка Сталь
    """
)
BRANDS = words(
    """
    Ромашка Меридиан Орион Каскад Олимп Прогресс Гарант Лидер Зенит Титан Факел
    Маяк Рубин Сатурн Спектр Феникс Импульс Альянс Атлант Горизонт Магистраль
    Перспектива Эталон Элемент Полюс Кристалл Легион Квант Монолит Бастион
    Платформа Лотос Кедр Дельфин Спутник Пионер Заря Восход Янтарь Изумруд Сапфир
    Гранит Аврора Вега Стрела Триумф Эверест Галактика Резонанс Палитра Оазис
    """
)
# appended to a name; half of the names have none
SUFFIXES = [""] * 14 + phrases(
    "-М| Плюс|-Плюс| Групп|-Центр|-Юг|-Север|+|-2000|-НН|-Сервис| и К|-1|-77"
)
LEAD_TITLES = phrases(
    """
    Запрос КП|Заявка с сайта|Входящий звонок|Поставка оборудования|Расчёт стоимости
    |Выставка: контакт|Повторный заказ|Тендер|Консультация|Договор на обслуживание
    |Счёт на оплату|Монтаж под ключ|Пробная партия|Интеграция|Сервисный контракт
    """
)
FUNCTIONS = phrases(
    """
    Генеральный директор|Директор|Менеджер по закупкам|Главный инженер|Бухгалтер
    |Коммерческий директор|Начальник отдела снабжения|Офис-менеджер|
    """
)

# male forms (see female_surname)
SURNAMES = words(
    """
    Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров
    Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев
    Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев
    Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев
    Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов
    Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов
    Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников
    Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин
    Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв
    Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев
    Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев
    Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов
    Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков
    Горбунов Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов
    Нестеров Симонов Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов
    Аксёнов Софронов Мальцев Логинов Горшков Савин Краснов Майоров Демидов Елисеев
    Рыбаков Сафонов Плотников Демин Хохлов Жданов Руднев Гурьев Исаков Блинов
    Шевченко Бондаренко Коваленко Кравченко Ткаченко Литвиненко Савчук Ковальчук
    Лукашевич Кулеш Новицкий Вишневский Каминский Ковалевский Островский
    Акопян Саркисян Алиев Мамедов Ахметов Жумабаев Касымов Байжанов Искаков
"""
)
MALE_NAMES = {  # name: (patronymic of a son, of a daughter)
    "Александр": ("Александрович", "Александровна"),
    "Алексей": ("Алексеевич", "Алексеевна"),
    "Андрей": ("Андреевич", "Андреевна"),
    "Антон": ("Антонович", "Антоновна"),
    "Артём": ("Артёмович", "Артёмовна"),
    "Борис": ("Борисович", "Борисовна"),
    "Вадим": ("Вадимович", "Вадимовна"),
    "Виктор": ("Викторович", "Викторовна"),
    "Владимир": ("Владимирович", "Владимировна"),
    "Вячеслав": ("Вячеславович", "Вячеславовна"),
    "Григорий": ("Григорьевич", "Григорьевна"),
    "Денис": ("Денисович", "Денисовна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Евгений": ("Евгеньевич", "Евгеньевна"),
    "Игорь": ("Игоревич", "Игоревна"),
    "Илья": ("Ильич", "Ильинична"),
    "Иван": ("Иванович", "Ивановна"),
    "Кирилл": ("Кириллович", "Кирилловна"),
    "Константин": ("Константинович", "Константиновна"),
    "Максим": ("Максимович", "Максимовна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Никита": ("Никитич", "Никитична"),
    "Николай": ("Николаевич", "Николаевна"),
    "Олег": ("Олегович", "Олеговна"),
    "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"),
    "Роман": ("Романович", "Романовна"),
    "Сергей": ("Сергеевич", "Сергеевна"),
    "Степан": ("Степанович", "Степановна"),
    "Фёдор": ("Фёдорович", "Фёдоровна"),
    "Юрий": ("Юрьевич", "Юрьевна"),
    "Ярослав": ("Ярославович", "Ярославовна"),
}
PATRONYMIC_ENDINGS = ("ич", "вна", "ична")
FEMALE_NAMES = words(
    """
    Анна Мария Елена Ольга Наталья Татьяна Ирина Светлана Екатерина Юлия Анастасия
    Марина Людмила Галина Валентина Надежда Вера Дарья Ксения Алёна Виктория
    Евгения Кристина Полина Софья Алина Лариса Оксана Жанна Инна
"""
)

# name, country, weight, area codes, digits of the local number, domain tag
CITIES = [
    ("Москва", "RU", 30, ("495", "499"), 7, "msk"),
    ("Санкт-Петербург", "RU", 12, ("812",), 7, "spb"),
    ("Екатеринбург", "RU", 4, ("343",), 7, "ekb"),
    ("Новосибирск", "RU", 4, ("383",), 7, "nsk"),
    ("Казань", "RU", 3, ("843",), 7, "kzn"),
    ("Нижний Новгород", "RU", 3, ("831",), 7, "nn"),
    ("Краснодар", "RU", 3, ("861",), 7, "krd"),
    ("Самара", "RU", 2, ("846",), 7, "samara"),
    ("Уфа", "RU", 2, ("347",), 7, "ufa"),
    ("Челябинск", "RU", 2, ("351",), 7, "chel"),
    ("Ростов-на-Дону", "RU", 2, ("863",), 7, "rnd"),
    ("Пермь", "RU", 2, ("342",), 7, "perm"),
    ("Воронеж", "RU", 2, ("473",), 7, "vrn"),
    ("Калининград", "RU", 1, ("4012",), 6, "39"),
    ("Омск", "RU", 1, ("3812",), 6, "55"),
    ("Тверь", "RU", 1, ("4822",), 6, "tver"),
    ("Ярославль", "RU", 1, ("4852",), 6, "yar"),
    ("Минск", "BY", 4, ("17",), 7, "minsk"),
    ("Гомель", "BY", 1, ("232",), 6, "gomel"),
    ("Алматы", "KZ", 3, ("727",), 7, "almaty"),
    ("Астана", "KZ", 2, ("7172",), 6, "astana"),
]
CITY_WEIGHTS = [city[2] for city in CITIES]
MOBILE_CODES = {
    "RU": words(
        "903 905 906 909 910 912 915 916 917 919 920 921 922 925 926 929 950 951 "
        "952 953 960 961 962 963 964 965 977 978 980 981 982 985 987 988 989 999"
    ),
    "BY": ["29", "33", "44", "25"],
    "KZ": ["701", "702", "705", "707", "747", "771", "775", "777", "778"],
}
DIAL_CODES = {"RU": "7", "BY": "375", "KZ": "7"}
TLDS = {
    "RU": {"ru": 70, "com": 10, "su": 5, "net": 5, "рф": 3, "org": 2, "pro": 2},
    "BY": {"by": 85, "com": 15},
    "KZ": {"kz": 85, "com": 15},
}
PUBLIC_MAIL = {
    "RU": {
        "mail.ru": 30,
        "yandex.ru": 25,
        "gmail.com": 20,
        "bk.ru": 5,
        "list.ru": 5,
        "inbox.ru": 4,
        "rambler.ru": 4,
        "ya.ru": 4,
        "icloud.com": 3,
    },
    "BY": {"tut.by": 30, "mail.ru": 25, "gmail.com": 25, "yandex.by": 20},
    "KZ": {"mail.ru": 35, "mail.kz": 20, "gmail.com": 25, "yandex.kz": 20},
}
ROLE_MAILBOXES = ["info", "sales", "office", "zakaz", "mail", "snab", "manager"]
LATIN_LETTERS = (
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch y e yu ya"
)
TRANSLIT = dict(
    zip("абвгдеёжзийклмнопрстуфхцчшщыэюя", words(LATIN_LETTERS), strict=True)
)
TRANSLIT.update({"ъ": "", "ь": ""})


def partner_id(base, number, index=None):
    """Id of company ``number`` or of its contact ``index`` in a database loaded
    with ids from ``base``: three ids a company, for itself and two contacts."""
    return base + 3 * number + (0 if index is None else 1 + index)


def rng(kind, number):
    """The random generator of record ``number`` of a kind (COMPANY, LEAD...)."""
    return random.Random(SEED + (kind << 40) + number)


def pick(rand, weights):
    """A key of a {value: weight} dict."""
    return rand.choices(list(weights), weights=list(weights.values()))[0]


def translit(text):
    """Latin spelling of a Russian word, as in e-mail addresses and domains."""
    return "".join(TRANSLIT.get(ch, ch) for ch in text.lower())


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------


def female_surname(surname):
    """The female form of a surname ('Иванов' -> 'Иванова')."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    return surname


def person(rand, country, domain=None):
    """A contact person: names, full name as on a client card, mobile, e-mail."""
    female = rand.random() < 0.45
    father = rand.choice(list(MALE_NAMES))
    surname = rand.choice(SURNAMES)
    if female:
        first, surname = rand.choice(FEMALE_NAMES), female_surname(surname)
    else:
        first = rand.choice(list(MALE_NAMES))
    patronymic = MALE_NAMES[father][female]
    if country != "RU" and rand.random() < 0.3:
        patronymic = ""  # not always written in Belarus and Kazakhstan
    mobile = None
    if rand.random() < 0.7:
        code = rand.choice(MOBILE_CODES[country])
        mobile = (country, code, _digits(rand, 7))
    return {
        "surname": surname,
        "first": first,
        "patronymic": patronymic,
        "name": " ".join(filter(None, (surname, first, patronymic))),
        "function": rand.choice(FUNCTIONS),
        "mobile": mobile,
        "email": person_email(rand, first, surname, country, domain),
    }


def person_email(rand, first, surname, country, domain=None):
    """A person's address: at the company's domain, or at a public provider."""
    last, name = translit(surname), translit(first)
    if domain and rand.random() < 0.8:
        local = rand.choice(
            [
                f"{name[0]}.{last}",
                f"{last}",
                f"{last}.{name[0]}",
                f"{name}.{last}",
                f"{last}{name[0]}",
            ]
        )
        return f"{local}@{domain}"
    local = rand.choice(
        [
            f"{last}{rand.randint(60, 99)}",
            f"{name}.{last}",
            f"{last}.{name}{rand.randint(1, 999)}",
            f"{name[0]}{last}",
        ]
    )
    return f"{local}@{pick(rand, PUBLIC_MAIL[country])}"


def person_name(rand, who):
    """A person's name as a caller or a web form gives it."""
    surname, first, patronymic = who["surname"], who["first"], who["patronymic"]
    styles = [who["name"], f"{first} {surname}", f"{surname} {first}"]
    if patronymic:
        styles += [f"{surname} {first[0]}.{patronymic[0]}.", f"{first} {patronymic}"]
    return rand.choice(styles)


# ---------------------------------------------------------------------------
# Phones
# ---------------------------------------------------------------------------


def _digits(rand, count):
    return str(rand.randint(2, 9)) + "".join(
        str(rand.randint(0, 9)) for _i in range(count - 1)
    )


def _grouped(local, sep="-"):
    """'1234567' -> '123-45-67', '123456' -> '12-34-56'."""
    head = len(local) - 4
    return sep.join((local[:head], local[head : head + 2], local[head + 2 :]))


def format_phone(rand, phone, careful=False):
    """A phone (country, area or mobile code, local number) written one of the
    ways people write it; ``careful`` keeps to the full forms of client cards."""
    country, area, local = phone
    dial, grouped = DIAL_CODES[country], _grouped(local)
    national = f"0{area}" if country == "BY" else area  # dialled after the 8
    forms = [f"+{dial} ({area}) {grouped}", f"8 ({national}) {grouped}"]
    if careful:
        return rand.choice(forms)
    if rand.random() < 0.03:
        return grouped  # the local number only, typed without any code
    forms += [
        f"+{dial} {area} {_grouped(local, ' ')}",
        f"8-{national}-{grouped}",
        f"8{national}{local}",
        f"+{dial}{area}{local}",
        f"8 {national} {local}",
        f"+{dial} ({area}) {grouped} доб. {rand.randint(100, 999)}",
    ]
    if country == "RU":
        forms.append(f"({area}) {grouped}")
    return rand.choice(forms)


def parse_phone(text, country):
    """(country, area, local) of a written phone, None when it cannot tell."""
    try:
        number = phonenumbers.parse(text, country or "RU")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    nsn = phonenumbers.national_significant_number(number)
    region = phonenumbers.region_code_for_number(number)
    if region not in DIAL_CODES:
        return None
    cut = phonenumbers.length_of_national_destination_code(number) or 3
    return region, nsn[:cut], nsn[cut:]


# ---------------------------------------------------------------------------
# Companies
# ---------------------------------------------------------------------------


def company(number):
    """Client company ``number``: name, city, phone, web, and 0 to 2 contacts."""
    rand = rng(COMPANY, number)
    city = rand.choices(CITIES, weights=CITY_WEIGHTS)[0]
    country = city[1]
    form = pick(rand, LEGAL_FORMS)
    if country in BY_KZ_FORMS and form == "ООО":
        form = BY_KZ_FORMS[country]
    owner = person(rand, country)
    if form == "ИП":
        initials = "".join(
            f"{word[0]}." for word in (owner["first"], owner["patronymic"]) if word
        )
        brand = f"{owner['surname']} {initials}"
    elif rand.random() < 0.3:
        brand = rand.choice(BRANDS) + rand.choice(SUFFIXES)
    else:
        sep = rand.choice(["", "-", " "])
        second = rand.choice(SECOND_PARTS)
        brand = (
            rand.choice(FIRST_PARTS) + sep + (second.lower() if sep == " " else second)
        )
        brand += rand.choice(SUFFIXES)
    domain = None
    if form != "ИП" and rand.random() < 0.85:
        domain = company_domain(rand, brand, city)
    count = rand.choices((0, 1, 2), weights=(2, 6, 2))[0]
    contacts = [owner] if form == "ИП" else []
    contacts += [person(rand, country, domain) for _i in range(count - len(contacts))]
    return {
        "number": number,
        "brand": brand,
        "form": form,
        "name": company_name(rand, form, brand, careful=True),
        "city": city[0],
        "country": country,
        "phone": (country, rand.choice(city[3]), _digits(rand, city[4])),
        "domain": domain,
        "email": f"{rand.choice(ROLE_MAILBOXES)}@{domain}" if domain else None,
        "website": website(rand, domain) if domain and rand.random() < 0.7 else None,
        "contacts": contacts,
    }


def company_name(rand, form, brand, careful=False):
    """A company name with its legal form, written one of the usual ways."""
    if form == "ИП":
        forms = [f"ИП {brand}"] if careful else [f"ИП {brand}", brand]
        return rand.choice(forms)
    forms = [f"{form} «{brand}»", f'{form} "{brand}"']
    if not careful:
        forms += [
            brand,
            f"{brand}, {form}",
            f"{LONG_FORMS.get(form, form)} «{brand}»",
            f"{form} {brand}",
            brand.upper(),
            f'{form} "{brand.upper()}"',
        ]
    return rand.choice(forms)


def company_domain(rand, brand, city):
    """A company's domain: the brand in Latin letters, maybe the city, a TLD."""
    tld = pick(rand, TLDS[city[1]])
    words = re.findall(r"\w+", brand.lower())
    if tld == "рф":
        return "".join(words) + ".рф"
    name = rand.choice(["-", ""]).join(translit(word) for word in words)
    if rand.random() < 0.35:
        name += rand.choice(["-", ""]) + city[5]
    return f"{name}.{tld}"


def website(rand, host):
    """A website address for a host, written one of the usual ways."""
    return rand.choice(
        [
            f"www.{host}",
            f"https://{host}/",
            f"http://www.{host}",
            host,
            f"https://www.{host}",
            f"https://{host}/contacts",
        ]
    )


# ---------------------------------------------------------------------------
# Leads
# ---------------------------------------------------------------------------


def cards(source):
    """The client cards of a :func:`company`: (company card, contact cards).

    Each card is the values of a ``res.partner``: name, is_company, phone,
    mobile, email, website, function; contacts share the company's address.
    """
    rand = rng(CARD, source["number"])
    office = format_phone(rand, source["phone"], careful=True)
    company_card = {
        "name": source["name"],
        "is_company": True,
        "phone": office,
        "mobile": None,
        "email": source["email"],
        "website": source["website"],
        "function": None,
    }
    contact_cards = [
        {
            "name": who["name"],
            "is_company": False,
            "phone": office if rand.random() < 0.5 else None,
            "mobile": format_phone(rand, who["mobile"], careful=True)
            if who["mobile"]
            else None,
            "email": who["email"],
            "website": None,
            "function": who["function"],
        }
        for who in source["contacts"]
    ]
    return company_card, contact_cards


def lead(number, companies):
    """Lead ``number``, given how many client companies the database has.

    A third belongs to a client: ``partner`` is (company number, contact index
    or None) and the values are the client card's, as Odoo copies them. One in
    seven re-types a client without linking it (a duplicate to find), the rest
    are new prospects, a fifth of them private persons.
    """
    rand = rng(LEAD, number)
    draw = rand.random()
    if draw < 0.33:
        kind, source = "client", company(rand.randrange(companies))
    elif draw < 0.47:
        kind, source = "retyped", company(rand.randrange(companies))
    else:
        kind, source = "new", company(companies + number)
    values = {
        "kind": kind,
        "type": "opportunity" if rand.random() < 0.75 else "lead",
        "country": source["country"],
        "city": source["city"],
    }
    if kind == "client":
        company_card, contact_cards = cards(source)
        index = rand.randrange(len(contact_cards)) if contact_cards else None
        if index is not None and rand.random() < 0.2:
            index = None  # the company itself
        card = company_card if index is None else contact_cards[index]
        values.update(
            partner=(source["number"], index),
            company=source["name"],
            contact=None if index is None else card["name"],
            **{f: card[f] for f in ("email", "phone", "mobile", "function")},
            website=source["website"],
        )
    else:
        contacts = source["contacts"]
        who = rand.choice(contacts) if contacts else None
        individual = kind == "new" and rand.random() < 0.2
        if individual:  # a private person, no company
            who = person(rand, source["country"])
        elif kind == "retyped" and rand.random() < 0.3:
            who = person(rand, source["country"], source["domain"])  # a colleague
        mobile = who["mobile"] if who else None
        phone = mobile if mobile and (individual or rand.random() < 0.3) else None
        values.update(
            partner=None,
            company=None
            if individual
            else company_name(rand, source["form"], source["brand"]),
            contact=person_name(rand, who) if who and rand.random() < 0.8 else None,
            email=retype_email(rand, who["email"] if who else source["email"]),
            phone=format_phone(rand, phone or source["phone"]),
            mobile=format_phone(rand, mobile)
            if mobile and rand.random() < 0.25
            else None,
            function=None,
            website=website(rand, source["domain"])
            if source["website"] and not individual
            else None,
        )
        if rand.random() < 0.1:
            values["country"] = None  # not filled in
    label = values["company"] or values["contact"] or values["email"] or "?"
    values["name"] = f"{rand.choice(LEAD_TITLES)}: {label}"
    return values


# ---------------------------------------------------------------------------
# Re-typing
# ---------------------------------------------------------------------------

_QUOTED = re.compile(r"^(?P<form>[А-ЯЁA-Z]{2,4}) [«\"](?P<brand>.+)[»\"]$")
_COMMA = re.compile(r"^(?P<brand>.+), (?P<form>[А-ЯЁA-Z]{2,4})$")


def split_company(name):
    """(legal form, brand) of a name built here, (None, name) when it has none."""
    for pattern in (_QUOTED, _COMMA):
        match = pattern.match(name)
        if match:
            return match["form"], match["brand"]
    for form, long_form in LONG_FORMS.items():
        if name.startswith(long_form + " «"):
            return form, name[len(long_form) + 2 : -1]
    form, _sep, rest = name.partition(" ")
    if rest and (form in LEGAL_FORMS or form in BY_KZ_FORMS.values()):
        return form, rest
    return None, name


def retype_company(rand, name):
    """A company name written another way (other quotes, no or long legal form)."""
    form, brand = split_company(name)
    if not form:
        return rand.choice([f"ООО «{brand}»", brand.upper()])
    other = [
        v for v in (company_name(rand, form, brand) for _i in range(3)) if v != name
    ]
    return other[0] if other else brand


def retype_person(rand, name):
    """A person's name written another way ('Иванов Иван Иванович' -> 'Иван Иванов')."""
    words = name.split()
    if len(words) == 3:
        surname, first, patronymic = words
        return rand.choice(
            [
                f"{first} {surname}",
                f"{first} {patronymic} {surname}",
                f"{surname} {first[0]}.{patronymic[0]}.",
            ]
        )
    if len(words) == 2 and not words[1].endswith(PATRONYMIC_ENDINGS):
        return f"{words[1]} {words[0]}"  # 'Фамилия Имя' <-> 'Имя Фамилия'
    return name


def retype_phone(rand, text, country):
    """A phone written in another format, or the text itself when not a phone."""
    phone = parse_phone(text, country)
    if not phone:
        return text
    other = [v for v in (format_phone(rand, phone) for _i in range(4)) if v != text]
    return other[0] if other else text


def retype_email(rand, email):
    """An e-mail address as typed: mostly as is, sometimes in capitals or named."""
    if not email:
        return email
    draw = rand.random()
    if draw < 0.05:
        return email.upper()
    if draw < 0.1:
        return f"{email.split('@')[0].capitalize()} <{email}>"
    return email


def retype_website(rand, url):
    """A website address written another way."""
    host = re.sub(r"^(https?://)?(www\.)?", "", url or "").split("/")[0]
    return website(rand, host) if host else url

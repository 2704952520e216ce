"""Keys of the six-step duplicate search (R11), one normalizer per step.

Each normalizer takes what a user typed and returns a comparable key, or None
when the input gives nothing to compare (empty, junk, too short). None of them
raises on any input. They need no ORM: the models store their results.

1. :func:`company_key`, :func:`company_similarity` — company name;
2. :func:`surname_key` — contact person's surname;
3. :func:`phone_keys` — phone without country and city code, and full E.164;
4. :func:`email_key` — e-mail address;
5. :func:`domain_key` — domain of a corporate e-mail address;
6. :func:`website_key` — website host.
"""

import re
import unicodedata
from collections import namedtuple
from urllib.parse import urlsplit

import phonenumbers

from odoo.tools import email_normalize

from odoo.addons.iap.tools.iap_tools import _MAIL_PROVIDERS

MAX_INPUT = 256  # longer input is cut: names, phones and hosts are never that long

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

# Latin letters that look like Cyrillic ones, for words typed in mixed scripts
_HOMOGLYPHS = str.maketrans("aceopxykmtbh", "асеорхукмтвн")
_CYRILLIC = re.compile(r"[а-я]")
_LATIN = re.compile(r"[a-z]")
_APOSTROPHES = re.compile(r"[’'`´ʼ]")
_NON_WORD = re.compile(r"[^\w]+")


def _text(value):
    """Lowercase, NFKC, ё→е, cut to MAX_INPUT; '' for anything not text."""
    if not value or not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value[:MAX_INPUT]).casefold()
    return text.replace("ё", "е")


def _words(text):
    """Words of a lowercased text: apostrophes dropped, other punctuation splits."""
    words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text).replace("_", " ")).split()
    return [_unmix(word) for word in words]


def _unmix(word):
    """A Cyrillic word with Latin look-alike letters is made all Cyrillic."""
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(_HOMOGLYPHS)
    return word


# ---------------------------------------------------------------------------
# 1. Company name
# ---------------------------------------------------------------------------

LEGAL_FORM_PHRASES = [
    # Russia and CIS, long forms (longest first where one contains another)
    "федеральное государственное унитарное предприятие",
    "государственное унитарное предприятие",
    "муниципальное унитарное предприятие",
    "частное унитарное предприятие",
    "унитарное предприятие",
    "общество с ограниченной ответственностью",
    "общество с дополнительной ответственностью",
    "товарищество с ограниченной ответственностью",
    "публичное акционерное общество",
    "непубличное акционерное общество",
    "открытое акционерное общество",
    "закрытое акционерное общество",
    "акционерное общество",
    "автономная некоммерческая организация",
    "некоммерческая организация",
    "некоммерческое партнерство",
    "индивидуальный предприниматель",
    "крестьянское фермерское хозяйство",
    "производственный кооператив",
    # English and others
    "limited liability company",
    "limited liability partnership",
    "closed joint stock company",
    "open joint stock company",
    "public joint stock company",
    "joint stock company",
    "public limited company",
    "private limited company",
    "sp z o o",
]
LEGAL_FORM_WORDS = frozenset(
    """
    ооо оао зао пао нао ао ип пбоюл гуп муп фгуп чуп уп нко ано нп пк спк кфх
    тоо одо тов пп чп фгбу фгбоу гбу гбоу мбу мбоу гку мку фгау гау мау
    ooo oao zao pao ao ip llc llp ltd limited inc incorporated corp corporation
    gmbh ag kg ug jsc cjsc ojsc pjsc plc lp sa sas sarl srl spa bv nv oy ab as
    """.split()
)
_LEGAL_PHRASES_RE = re.compile(
    r"\b(?:%s)\b" % "|".join(re.escape(p) for p in LEGAL_FORM_PHRASES)
)
MIN_COMPANY_KEY = 3  # letters and digits, spaces aside


def company_key(name):
    """Exact key of a company name: no case, ё, quotes, punctuation, legal forms.

    «ООО "Ромашка-Плюс"» and 'Ромашка Плюс, ООО' both give 'ромашка плюс'.
    Word order is kept. None when fewer than 3 letters or digits are left.
    """
    text = _text(name)
    if not text:
        return None
    words = [w for w in _words(text) if w not in LEGAL_FORM_WORDS]
    text = _LEGAL_PHRASES_RE.sub(" ", " ".join(words))
    key = " ".join(text.split())
    if len(key.replace(" ", "")) < MIN_COMPANY_KEY:
        return None
    return key


def trigrams(key):
    """Trigrams of a key the way PostgreSQL's pg_trgm makes them."""
    grams = set()
    for word in (key or "").split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def company_similarity(key_a, key_b):
    """How near two company keys are, 0..1.

    The larger of pg_trgm's similarity and a word-prefix score, so that a
    shortened name ('arts deli') is near its full form ('arts delicatessen').
    """
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 1.0
    a, b = trigrams(key_a), trigrams(key_b)
    trigram_score = len(a & b) / len(a | b) if a and b else 0.0
    return max(trigram_score, _prefix_score(key_a.split(), key_b.split()))


def _prefix_score(words_a, words_b):
    """0.9 when each word of the shorter name starts the same word of the longer."""
    short, long_ = sorted((words_a, words_b), key=len)
    if len(short) != len(long_) or sum(len(w) for w in short) < 6:
        return 0.0
    if all(len(s) >= 3 and ln.startswith(s) for s, ln in zip(short, long_)):
        return 0.9
    if all(ln.startswith(s) or s.startswith(ln) for s, ln in zip(short, long_)):
        return 0.9 if min(map(len, short + long_)) >= 3 else 0.0
    return 0.0


# ---------------------------------------------------------------------------
# 2. Contact person's surname
# ---------------------------------------------------------------------------

_PATRONYMIC = re.compile(
    r"(?:вич|вна|ична|оглы|кызы|улы|vich|vna|ichna|ogly|oglu|kyzy|kizi)$"
)
_INITIALS = re.compile(r"^(?:\w\.)+\w?\.?$|^\w$")
GIVEN_NAMES = frozenset(
    """
    александр алексей анатолий андрей антон аркадий артем артур богдан борис вадим
    валентин валерий василий виктор виталий владимир владислав всеволод вячеслав
    геннадий георгий глеб григорий даниил денис дмитрий евгений егор иван игорь
    илья кирилл константин лев леонид максим марк матвей михаил никита николай олег
    павел петр роман руслан семен сергей станислав степан тимофей тимур федор филипп
    эдуард юрий ярослав
    александра алена алина алла анастасия анна антонина валентина валерия вера
    вероника виктория галина дарья диана евгения екатерина елена елизавета жанна
    зинаида зоя инна ирина карина кристина ксения лариса лидия любовь людмила
    маргарита марина мария надежда наталья наталия нина оксана ольга полина раиса
    светлана софья софия тамара татьяна ульяна юлия яна
    alexander alexey alex andrey andrei anton boris denis dmitry dmitri evgeny
    igor ivan ilya kirill konstantin maxim mikhail nikita nikolay oleg pavel petr
    pyotr peter roman sergey sergei vadim viktor vladimir yury yuri
    anna elena irina maria marina natalia natalya olga svetlana tatiana tatyana
    john james robert michael william david richard joseph thomas charles mary
    patricia jennifer linda elizabeth barbara susan jessica sarah karen paul mark
    """.split()
)


def surname_key(full_name=None, surname=None):
    """Key of a contact's surname, from a surname field or from the full name.

    Russian order 'Фамилия Имя Отчество' (the patronymic or, with three Cyrillic
    words, the first word tells) and Western order 'John Smith'; initials
    ('Иванов И.И.') are ignored. None when nothing like a surname is there.
    """
    if surname:
        words = [w for w in _words(_text(surname)) if not _INITIALS.match(w)]
        return _surname(words[0]) if words else None
    text = _text(full_name)
    if not text:
        return None
    raw_words = [w for w in _APOSTROPHES.sub("", text).split()]
    words = [
        w
        for w in (_NON_WORD.sub("", word) for word in raw_words if not _INITIALS.match(word))
        if w and not w.isdigit()
    ]
    words = [_unmix(w) for w in words]
    if not words:
        return None
    if len(words) == 1:
        return _surname(words[0]) if words[0] not in GIVEN_NAMES else None
    patronymics = [i for i, w in enumerate(words) if _PATRONYMIC.search(w)]
    cyrillic = all(_CYRILLIC.search(w) for w in words)
    if patronymics:
        rest = [w for i, w in enumerate(words) if i not in patronymics]
        rest = [w for w in rest if w not in GIVEN_NAMES] or []
        if not rest:
            return None
        if patronymics[0] == len(words) - 1:  # 'Иванов Пётр Сергеевич'
            return _surname(rest[0])
        return _surname(rest[-1])  # 'Пётр Сергеевич Иванов'
    if cyrillic and len(words) >= 3:
        return _surname(words[0])
    candidates = [w for w in words if w not in GIVEN_NAMES]
    if not candidates:
        return None
    if len(candidates) == 1:
        return _surname(candidates[0])
    return _surname(words[0] if cyrillic else words[-1])


def _surname(word):
    return word if word and len(word) >= 2 and not word.isdigit() else None


# ---------------------------------------------------------------------------
# 3. Phone
# ---------------------------------------------------------------------------

PhoneKeys = namedtuple("PhoneKeys", "local e164")
_EXTENSION = re.compile(r"(?:доб|вн|внутр|ext|extension|x)\.?\s*\d.*$|[#,;/].*$")
_PHONE_CHARS = re.compile(r"[\d\s()+\-.]*")
MIN_LOCAL, MAX_LOCAL = 5, 8


def phone_keys(raw, region="RU"):
    """PhoneKeys(local, e164) of a phone number, or None for junk.

    ``local`` is the subscriber number without country and city code (for a
    mobile, without the operator code): '8 (495) 123-45-67', '+7 495 1234567'
    and '123-45-67' all give '1234567'. ``e164`` is the full number
    ('+74951234567'), None when the input had no city code.
    """
    text = _text(raw) if isinstance(raw, str) else ""
    text = _EXTENSION.sub("", text).strip()
    if not text or not _PHONE_CHARS.fullmatch(text):
        return None  # letters or other junk
    digits = re.sub(r"\D", "", text)
    if len(digits) < MIN_LOCAL or len(digits) > 15:
        return None
    if text.startswith("00"):
        text, digits = "+" + digits[2:], digits[2:]
    try:
        number = phonenumbers.parse(text, (region or "RU").upper())
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        nsn = phonenumbers.national_significant_number(number)
        cut = phonenumbers.length_of_geographical_area_code(
            number
        ) or phonenumbers.length_of_national_destination_code(number)
        local = nsn[cut:] if len(nsn) - cut >= MIN_LOCAL else nsn
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return PhoneKeys(local, e164)
    if not text.startswith("+") and MIN_LOCAL <= len(digits) <= MAX_LOCAL:
        return PhoneKeys(digits, None)  # a local number, typed without codes
    if number is not None and phonenumbers.is_possible_number(number):
        nsn = phonenumbers.national_significant_number(number)
        if len(nsn) >= 9:  # an unknown area code: keep the usual 7-digit subscriber
            e164 = phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164
            )
            return PhoneKeys(nsn[-7:], e164)
    return None


# ---------------------------------------------------------------------------
# 4. E-mail, 5. corporate domain, 6. website
# ---------------------------------------------------------------------------

# Public mail providers of Russia and the CIS that Odoo's own list lacks
CIS_MAIL_PROVIDERS = frozenset(
    """
    internet.ru yandex.by yandex.kz yandex.ua yandex.com yandex.com.tr ya.ru
    narod.ru rambler.ru rambler.ua ro.ru autorambler.ru myrambler.ru lenta.ru
    bk.ru inbox.ru list.ru mail.ru mail.ua mail.by mail.kz mail.md pochta.ru
    qip.ru e1.ru ngs.ru nm.ru hotbox.ru ukr.net i.ua meta.ua bigmir.net online.ua
    tut.by open.by mail.tut.by inbox.kz gmail.ru icloud.com vk.com
    """.split()
)
PUBLIC_MAIL_DOMAINS = frozenset(d.strip() for d in _MAIL_PROVIDERS) | CIS_MAIL_PROVIDERS


def email_key(raw):
    """The normalized e-mail address, as Odoo's email_normalize gives it."""
    if not raw or not isinstance(raw, str):
        return None
    try:
        return email_normalize(raw[: MAX_INPUT * 4], strict=False) or None
    except Exception:  # noqa: BLE001 - junk input must never raise
        return None


def domain_key(raw_email, public_domains=PUBLIC_MAIL_DOMAINS):
    """Domain of a corporate e-mail address; None for public mail providers."""
    email = email_key(raw_email)
    if not email or "@" not in email:
        return None
    host = _host(email.rsplit("@", 1)[1])
    if not host or host in public_domains:
        return None
    return host


def website_key(raw):
    """Host of a website address: no scheme, www., port, path; IDN in Unicode.

    'https://WWW.Romashka.ru:443/about?x#y' gives 'romashka.ru'; 'xn--80aswg.xn--p1ai'
    and 'сайт.рф' both give 'сайт.рф'. None for 'n/a', '-' or an e-mail address.
    """
    text = _text(raw).strip()
    if not text or (("@" in text) and "://" not in text):
        return None
    if "://" not in text:
        text = "http://" + text.lstrip("/")
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return _host(host)


_LABEL = re.compile(r"^[\w-]{1,63}$")


def _host(host):
    """Canonical host: lowercase, Unicode labels, no trailing dot, no 'www.'."""
    if not host:
        return None
    host = host.strip().rstrip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    try:
        labels = [
            label.encode("ascii").decode("idna") if label.startswith("xn--") else label
            for label in labels
        ]
    except (UnicodeError, ValueError):
        return None
    tld = labels[-1]
    if not tld.isalpha() or len(tld) < 2:
        return None  # IP addresses and junk
    return ".".join(labels)


# ---------------------------------------------------------------------------
# All keys of one record
# ---------------------------------------------------------------------------


def record_keys(
    company=None,
    person=None,
    surname=None,
    phones=(),
    email=None,
    website=None,
    region="RU",
    public_domains=PUBLIC_MAIL_DOMAINS,
):
    """Every key of a client record, from its raw values (see :class:`Probe`)."""
    phone_list = [keys for keys in (phone_keys(p, region) for p in phones) if keys]
    return Probe(
        company_key=company_key(company),
        surname_key=surname_key(person, surname=surname),
        phone_locals=frozenset(k.local for k in phone_list),
        phone_e164s=frozenset(k.e164 for k in phone_list if k.e164),
        email=email_key(email),
        domain=domain_key(email, public_domains),
        website=website_key(website),
    )


Probe = namedtuple(
    "Probe",
    "company_key surname_key phone_locals phone_e164s email domain website",
)
Probe.__doc__ = """Keys of a record or of typed values, one field per step of R11."""

"""Keys of the six-step duplicate search (R11), one normalizer per step.

Each normalizer takes what a user typed and returns a comparable key, or None
when the input gives nothing to compare (empty, junk, too short). None of them
raises on any input. They need no ORM: the models store their results.

1. :func:`company_key`, :func:`company_similarity` — company name;
2. :func:`surname_key` — contact person's surname;
   :func:`translit_key` — either of them in any script (Cyrillic or Latin);
3. :func:`phone_keys` — phone without country and city code, and full E.164;
4. :func:`email_key` — e-mail address;
5. :func:`domain_key` — domain of a corporate e-mail address;
6. :func:`website_key` — website host.
"""

import re
import unicodedata
from collections import namedtuple
from functools import lru_cache, wraps
from urllib.parse import urlsplit

import iuliia
import phonenumbers
from publicsuffixlist import PublicSuffixList
from rapidfuzz.distance import OSA

from odoo.tools import email_normalize

from odoo.addons.iap.tools.iap_tools import _MAIL_DOMAIN_BLACKLIST

MAX_INPUT = 512  # longer input is junk: names, phones and hosts are never that long

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

# Latin and Cyrillic letters that look alike, for words typed in mixed scripts
_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES = "aceopxykmtbh", "асеорхукмтвн"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)
_CYRILLIC = re.compile(r"[а-я]")
_LATIN = re.compile(r"[a-z]")
_OWN_LATIN = re.compile(r"[dfgijlnqrsuvwz]")  # Latin letters with no Cyrillic twin
_OWN_CYRILLIC = re.compile(r"[бгджзийлпфцчшщъыьэюя]")  # and Cyrillic ones
_APOSTROPHES = re.compile(r"[’'`´ʼ]")
_NON_WORD = re.compile(r"[^\w]+")


def _plain(value):
    """Lowercase, NFKC; '' for anything not text or longer than MAX_INPUT."""
    if not value or not isinstance(value, str) or len(value) > MAX_INPUT:
        return ""
    return unicodedata.normalize("NFKC", value).casefold()


def _text(value):
    """Lowercase, NFKC, ё→е; '' for anything not text or longer than MAX_INPUT."""
    return _plain(value).replace("ё", "е")


# what users type when they have no value for a field
PLACEHOLDERS = frozenset(
    ["n/a", "na", "n.a.", "none", "null", "нет", "н/д", "нд", "не указано", "unknown"]
)


def _placeholder(text):
    """True for '', '-', 'n/a', 'нет' and the like (text already lowercased)."""
    text = " ".join(text.split()).strip(" -—–_.?")
    return not text or text in PLACEHOLDERS


def _words(text):
    """Words of a lowercased text: apostrophes dropped, other punctuation splits."""
    words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text).replace("_", " ")).split()
    return [_unmix(word) for word in words]


def _wordset(text):
    """The set of the words of a text: word lists kept readable below."""
    return frozenset(text.split())


def _unmix(word):
    """A word typed in both scripts is made one script by its look-alike letters.

    Cyrillic unless it has Latin letters with no Cyrillic twin and its Cyrillic
    letters all have a Latin one ('Gаzprom' with a Cyrillic 'а' stays Latin).
    """
    if not (_CYRILLIC.search(word) and _LATIN.search(word)):
        return word
    if _OWN_LATIN.search(word) and not _OWN_CYRILLIC.search(word):
        return word.translate(_TO_LATIN)
    return word.translate(_TO_CYRILLIC)


# ---------------------------------------------------------------------------
# 1. Company name
# ---------------------------------------------------------------------------

LEGAL_FORM_PHRASES = [
    # Russia and CIS, long forms (longest first where one contains another)
    "федеральное государственное унитарное предприятие",
    "государственное унитарное предприятие",
    "муниципальное унитарное предприятие",
    "частное торговое унитарное предприятие",
    "частное производственное унитарное предприятие",
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
    # Ukraine
    "товариство з обмеженою відповідальністю",
    "публічне акціонерне товариство",
    "приватне акціонерне товариство",
    "акціонерне товариство",
    "приватне підприємство",
    "фізична особа підприємець",
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
    "группа компаний",
    "group of companies",
]
LEGAL_FORM_WORDS = _wordset(
    """
    ооо оао зао пао нао ао ип пбоюл гуп муп фгуп чуп уп нко ано нп пк спк кфх
    тоо одо тов пп чп фгбу фгбоу гбу гбоу мбу мбоу гку мку фгау гау мау
    чтуп чпуп жшс фоп пат прат ат
    ooo oao zao pao ao ip llc llp ltd limited inc incorporated corp corporation
    gmbh ag kg ug jsc cjsc ojsc pjsc plc lp sa sas sarl srl spa bv nv oy ab as
    гк холдинг gk holding
    """
)
_LEGAL_PHRASES_RE = re.compile(
    r"\b(?:%s)\b" % "|".join(re.escape(p) for p in LEGAL_FORM_PHRASES)
)
_DOTTED = re.compile(r"\b(?:\w\.\s?){2,}")  # 'L.L.C.', 'О.О.О.' -> 'llc', 'ооо'
MIN_COMPANY_KEY = 3  # letters and digits, spaces aside
# a city or branch after the name: '(Москва)', ', г. Москва', ', филиал в Казани',
# '- представительство', 'Moscow office', 'branch'; and before it: 'Филиал ...'
_BRANCH_WORDS = (
    r"филиал\w*|представительств\w*|обособленное подразделение|отделение"
    r"|branch|office|representative office|subsidiary"
)
_QUALIFIERS = re.compile(
    r"\([^)]*\)?|\[[^\]]*\]?"
    r"|(?:^|[\s,;–—-])(?:г\.|гор\.|город\s)\s*\w.*$"
    rf"|[\s,;–—-]*(?<!\w)(?:{_BRANCH_WORDS})(?!\w).*$"
)
_LEADING_BRANCH = re.compile(rf"^(?:\w+(?:ский|ской|ое)\s+)?(?:{_BRANCH_WORDS})\s+")
_BRANCH_TAIL = re.compile(r"\s+в\s+(?:г\.?\s*)?[\w-]+$")
_CITY_BEFORE_OFFICE = re.compile(
    r"(\w+(?:[\s,]+\w+)*)[\s,]+\w+\s+(?:office|branch)\b.*$"
)


def _memo(func):
    """Cache a key function on its text arguments (imports and batches make the
    same keys twice: the stored keys, then the probes); other input (junk
    of any type) goes straight to the function."""
    cached = lru_cache(maxsize=16384)(func)

    @wraps(func)
    def key(*args, **kwargs):
        values = (*args, *kwargs.values())
        if all(v is None or isinstance(v, str | bool) for v in values):
            return cached(*args, **kwargs)
        return func(*args, **kwargs)

    return key


@_memo
def company_key(name):
    """Exact key of a company name: no case, ё, quotes, punctuation, legal forms.

    «ООО "Ромашка-Плюс"» and 'Ромашка Плюс, ООО' both give 'ромашка плюс'.
    Word order is kept. None when fewer than 3 letters or digits are left.
    """
    text = _text(name)
    if _placeholder(text):
        return None
    text = _without_qualifiers(text)
    text = _DOTTED.sub(lambda m: re.sub(r"[.\s]", "", m.group()) + " ", text)
    key, previous = " ".join(_words(text)), None
    while key != previous:  # phrases first: 'limited' is a word of one
        previous = key
        words = _LEGAL_PHRASES_RE.sub(" ", key).split()
        key = " ".join(w for w in words if w not in LEGAL_FORM_WORDS)
    if len(key.replace(" ", "")) < MIN_COMPANY_KEY or key in PLACEHOLDERS:
        return None
    return key


def _without_qualifiers(text):
    """A company name without the city or branch typed with it (when a name
    is left): 'ромашка (москва)', 'ромашка, г. москва', 'ромашка - филиал в
    казани', 'филиал ооо ромашка в казани', 'romashka moscow office'."""
    name = text
    if _LEADING_BRANCH.match(name):
        name = _BRANCH_TAIL.sub("", _LEADING_BRANCH.sub("", name))
    name = _CITY_BEFORE_OFFICE.sub(r"\1", name)
    name = _QUALIFIERS.sub(" ", name).strip(" ,;-–—")
    return name if len(_NON_WORD.sub("", name)) >= MIN_COMPANY_KEY else text


@lru_cache(maxsize=16384)  # the same names are compared again and again
def trigrams(key):
    """Trigrams of a key the way PostgreSQL's pg_trgm makes them."""
    grams = set()
    for word in (key or "").split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


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
    return max(
        trigram_score,
        _prefix_score(key_a.split(), key_b.split()),
        _typo_score(key_a, key_b),
    )


MIN_TYPO_LENGTH = 7  # letters of a name in which one typo still tells it
TYPO_SCORE = 0.8


def _typo_score(key_a, key_b):
    """TYPO_SCORE when two names, one of 7+ letters, differ by one letter typed
    wrong, missed, added or two swapped (optimal string alignment distance 1):
    a letter missed in a 7-letter name leaves 6 ('ромшка' for 'ромашка')."""
    a, b = key_a.replace(" ", ""), key_b.replace(" ", "")
    if max(len(a), len(b)) < MIN_TYPO_LENGTH:
        return 0.0
    return TYPO_SCORE if OSA.distance(a, b, score_cutoff=1) <= 1 else 0.0


def typo_block(key):
    """(length, head, tail) of a company key, its letters without spaces: the
    first half and the last half less one letter; a name one typo away
    (:func:`_typo_score`) shares its head or its tail (see :func:`typo_probes`).
    The addon's indexes hold the same, computed by PostgreSQL
    (``crm.duplicate.mixin``)."""
    letters = (key or "").replace(" ", "")
    return _block_of(letters, len(letters))


def _block_of(letters, length):
    """(length, head, tail) of a name of ``length`` letters, the head and the
    tail taken from ``letters`` (the name's own, or the start and the end of a
    name typed near it)."""
    tail = (length + 1) // 2 - 1
    return length, letters[: length // 2], letters[len(letters) - tail :]


def typo_probes(key):
    """[(length, head, tail)] under which the names one typo away from a
    company ``key`` are indexed (:func:`typo_block`): for each length they may
    have (one letter more, the same, one less), the head and the tail of that
    length taken from ``key``. A typo at or after a name's middle leaves its
    head, one before it its tail. Empty for names too short for a typo to be
    told (MIN_TYPO_LENGTH)."""
    letters = (key or "").replace(" ", "")
    length = len(letters)
    if length < MIN_TYPO_LENGTH - 1:
        return []
    return [
        _block_of(letters, other)
        for other in (length - 1, length, length + 1)
        if max(other, length) >= MIN_TYPO_LENGTH
    ]


def longer_probes(key):
    """[(length, head, tail)] under which the names with a word more than a
    company ``key`` are indexed (:func:`typo_block`): 'северсталь трейд' for
    'северсталь' starts with its letters, so its head is theirs; a word more
    before them, its tail. For each length such a name may have and still be
    near (pg_trgm's similarity of 0.6 leaves a word of up to two thirds of the
    key's letters); empty for keys too short for a typo to be told
    (MIN_TYPO_LENGTH)."""
    letters = (key or "").replace(" ", "")
    length = len(letters)
    if length < MIN_TYPO_LENGTH:
        return []
    return [
        _block_of(letters, length + extra)
        for extra in range(1, (2 * length - 1) // 3 + 1)
    ]


def without_a_word(key):
    """The company ``key`` with one of its words left out, each way that
    leaves 4 letters or more: 'стройинвест групп' gives 'стройинвест' and
    'групп'."""
    words = (key or "").split()
    if len(words) < 2:
        return []
    shorter = (" ".join(words[:i] + words[i + 1 :]) for i in range(len(words)))
    return [name for name in shorter if len(name.replace(" ", "")) >= 4]


def _prefix_score(words_a, words_b):
    """0.9 when each word of the shorter name starts the same word of the longer."""
    # ordered by their letters, not by the order of the arguments: symmetric
    short, long_ = sorted((words_a, words_b), key=lambda w: (sum(map(len, w)), w))
    if len(short) != len(long_) or sum(len(w) for w in short) < 6:
        return 0.0
    if all(
        len(s) >= 3 and ln.startswith(s) for s, ln in zip(short, long_, strict=True)
    ):
        return 0.9
    if all(
        ln.startswith(s) or s.startswith(ln) for s, ln in zip(short, long_, strict=True)
    ):
        return 0.9 if min(map(len, short + long_)) >= 3 else 0.0
    return 0.0


# ---------------------------------------------------------------------------
# 2. Contact person's surname
# ---------------------------------------------------------------------------

_PATRONYMIC = re.compile(
    r"(?:вич|вна|ична|оглы|кызы|улы|vich|vna|ichna|ogly|oglu|kyzy|kizi)$"
)
_INITIALS = re.compile(r"^(?:\w\.)+\w?\.?$|^\w$")
_SURNAME_COMMA = re.compile(r"\s*([^\s,]+)\s*,\s*\w")  # 'Фамилия, Имя'
_REMARK = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")  # '(бухгалтер)', '[director]'
# endings of most Russian, Ukrainian and Belarusian surnames, for 'Имя Фамилия'
_SURNAME_ENDING = re.compile(
    r"^\w{3,}(?:[ое]в|[ое]ва|[ыи]н|[ыи]на|ский|ская|цкий|цкая|енко|ук|юк|"
    r"ov|ev|ova|eva|sky|skiy|skaya|enko)$"
)
GIVEN_NAMES = _wordset(
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
    """
)


@_memo
def surname_key(full_name=None, surname=None):
    """Key of a contact's surname, from a surname field or from the full name.

    Russian order 'Фамилия Имя Отчество' (the patronymic or, with three Cyrillic
    words, the first word tells) and Western order 'John Smith'; initials
    ('Иванов И.И.') are ignored. None when nothing like a surname is there.
    """
    if surname:
        words = _name_words(surname)
        return _surname(words[0]) if words else None
    comma = _SURNAME_COMMA.match(_text(full_name))
    if comma:  # 'Rossi, Marco', 'Иванов, Пётр Сергеевич'
        words = _name_words(comma.group(1))
        return _surname(words[0]) if words else None
    words = _name_words(full_name)
    if not words:
        return None
    if len(words) == 1:
        return _surname(words[0]) if words[0] not in GIVEN_NAMES else None
    # a patronymic follows the given name: a first word in -вич is a surname
    # ('Лукашевич Олег Петрович'); one after a known given name comes first
    patronymics = [i for i in range(1, len(words)) if _PATRONYMIC.search(words[i])]
    after_name = [i for i in patronymics if words[i - 1] in GIVEN_NAMES]
    cyrillic = all(_CYRILLIC.search(w) for w in words)
    if patronymics:
        at = (after_name or patronymics)[0]
        rest = [w for i, w in enumerate(words) if i != at and w not in GIVEN_NAMES]
        if not rest:
            return None
        if at == len(words) - 1:  # 'Иванов Пётр Сергеевич'
            return _surname(rest[0])
        return _surname(rest[-1])  # 'Пётр Сергеевич Иванов'
    if cyrillic and len(words) >= 3:
        return _surname(words[0])
    candidates = [w for w in words if w not in GIVEN_NAMES]
    if not candidates:
        return None
    if len(candidates) == 1:
        return _surname(candidates[0])
    by_ending = [w for w in candidates if _SURNAME_ENDING.search(w)]
    if len(by_ending) == 1:  # 'Эльдар Мамедов', 'Тарас Шевченко'
        return _surname(by_ending[0])
    return _surname(words[0] if cyrillic else words[-1])


def _name_words(name):
    """Words of a person's name: no remarks in brackets, initials, digits, marks.

    A double surname keeps its parts together: 'Сидорова-Петрова' gives
    'сидоровапетрова' both from a surname field and from a full name.
    """
    text = _APOSTROPHES.sub("", _REMARK.sub(" ", _text(name)))
    if _placeholder(text):
        return []
    tokens = re.split(r"[\s,;]+", text)
    words = (_NON_WORD.sub("", w) for w in tokens if not _INITIALS.match(w))
    return [_unmix(w) for w in words if w and not w.isdigit()]


def _surname(word):
    return word if word and len(word) >= 2 and not word.isdigit() else None


# ---------------------------------------------------------------------------
# 1-2. Company name and surname in any script
# ---------------------------------------------------------------------------

# The spellings of one Cyrillic sound in GOST 7.79 B, ICAO 2013 (passports),
# BGN/PCGN and informal Latin, folded to one (order matters: longest first)
_SKELETON_RULES = [
    (re.compile(r"shch|sch|shh|sh"), "S"),  # щ, ш
    (re.compile(r"zh"), "Z"),  # ж
    (re.compile(r"tch|ch"), "C"),  # ч
    (re.compile(r"kh|ks|x|h"), "H"),  # х (kh, h, GOST's x), and кс (x, ks)
    (re.compile(r"ts|tc|tz|cz"), "c"),  # ц
    (re.compile(r"ck"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"[yj]"), "i"),  # й, ы, я, ю, е: y, j, i, ia, ya, ja...
    (re.compile(r"i+"), "i"),  # 'ий', 'ый': 'iy', 'ii', 'y'
    (re.compile(r"ie"), "e"),  # 'ye' of BGN ('yeltsin', 'eltsin')
    (re.compile(r"io"), "e"),  # ё typed 'yo' ('zhuravlyov'), е for ё in Cyrillic
    (re.compile(r"(\w)\1+"), r"\1"),  # doubled letters (and 'ii', 'iy')
]
_SOFT_SIGNS = re.compile(r"[ьъ`'’ʹʺ\"]")


@_memo
def translit_key(key):
    """Script-neutral key of a company or surname key: 'ромашка', 'romashka';
    'щукин', 'shchukin', 'schukin', 'shhukin'; 'высоцкий', 'vysotskiy',
    'vysotsky', 'vy`soczkij' all give one skeleton, spaces aside (None for
    None). A hard sign at a word's end, 'ie' in ICAO, is not folded."""
    if not key or not isinstance(key, str):
        return None
    text = _SOFT_SIGNS.sub("", key)
    if _CYRILLIC.search(text):
        text = iuliia.WIKIPEDIA.translate(text).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if c.isascii())
    for pattern, replacement in _SKELETON_RULES:
        text = pattern.sub(replacement, text)
    text = _NON_WORD.sub("", text.lower()).replace("_", "")
    return text if len(text) >= MIN_COMPANY_KEY - 1 else None


# ---------------------------------------------------------------------------
# 3. Phone
# ---------------------------------------------------------------------------

PhoneKeys = namedtuple("PhoneKeys", "local e164")
# an extension in any spelling, in brackets or not: '(доб. 12)', ', доп.12',
# 'ext. 5', 'x123', '#12', 'вн. 12'; dropped, it is no part of the number
_EXTENSION = re.compile(
    r"[,;]?\s*\(?\s*(?<![a-zа-я])(?:доб|доп|добавочный|вн|внутр|внутренний|ext|"
    r"extension|x|#)\s*\.?\s*:?\s*\d{1,6}\s*\)?"
)
# several numbers in one field: ',', ';', ' или ', ' or ', '/' between numbers
_NUMBER_SEPARATOR = re.compile(r"\s*(?:[,;]|\s(?:или|либо|or)\s)\s*")
# a label typed before the number: 'тел.: 8 495 …', 'моб. +7 916 …', 'tel. …'
_LABEL_PREFIX = re.compile(
    r"^(?:тел|телефон|т|моб|мобильный|сот|раб|tel|phone|ph|mob|mobile|cell)"
    r"\b\.?\s*:?\s*"
)
_PHONE_CHARS = re.compile(r"[\d\s()+\-./]*")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")  # '–', '—', '−' pasted from documents
MIN_LOCAL, MAX_LOCAL = 5, 8
MAX_NUMBERS = 5  # numbers read from one field


def phone_keys(raw, region="RU"):
    """PhoneKeys(local, e164) of the first phone number of a field, or None."""
    numbers = phone_numbers(raw, region)
    return numbers[0] if numbers else None


def phone_numbers(raw, region="RU"):
    """PhoneKeys of every number of a field, in order: () for junk (cached).

    '+7 495 123-45-67, 123-45-68' gives both numbers, the second one with the
    first one's country and city code; '8 (495) 123-45-67 (доб. 12)' one.
    """
    if not isinstance(raw, str) or not isinstance(region, str | None):
        return ()
    return _phone_numbers(raw, region)


def _digits(text):
    return re.sub(r"\D", "", text)


@lru_cache(maxsize=16384)
def _phone_numbers(raw, region="RU"):
    text = _DASHES.sub("-", _text(raw))
    text = _EXTENSION.sub(" ", text)
    parts = []
    for part in _NUMBER_SEPARATOR.split(text):
        pieces = part.split("/")
        # '495 123-45-67 / 123-45-68' are two numbers, '818/762-1221' is one
        if len(pieces) > 1 and all(len(_digits(p)) >= MIN_LOCAL for p in pieces):
            parts += pieces
        else:
            parts.append(part.replace("/", " "))
    found, first = [], None
    for part in parts[:MAX_NUMBERS]:
        keys = _phone_keys(part, region)
        if keys and not keys.e164 and first:
            keys = _with_codes_of(first, _digits(part)) or keys
        if keys:
            found.append(keys)
            first = first or (keys if keys.e164 else None)
    return tuple(dict.fromkeys(found))


def _with_codes_of(first, digits):
    """A short number after a full one: with the full one's country and city
    code when that makes a valid number ('+7 495 123-45-67, 123-45-68')."""
    if len(digits) >= len(first.e164) - 2:
        return None
    keys = _phone_keys(first.e164[: len(first.e164) - len(digits)] + digits, None)
    return keys if keys and keys.e164 else None


@lru_cache(maxsize=16384)
def _phone_keys(raw, region="RU"):
    """PhoneKeys(local, e164) of a phone number, or None for junk.

    ``local`` is the subscriber number without country and city code (for a
    mobile, without the operator code): '8 (495) 123-45-67', '+7 495 1234567'
    and '123-45-67' all give '1234567'. ``e164`` is the full number
    ('+74951234567'), None when the input had no city code.
    """
    text = _text(raw) if isinstance(raw, str) else ""
    text = _LABEL_PREFIX.sub("", text.strip()).strip()
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
CIS_MAIL_PROVIDERS = _wordset(
    """
    internet.ru yandex.by yandex.kz yandex.ua yandex.com yandex.com.tr ya.ru
    narod.ru rambler.ru rambler.ua ro.ru autorambler.ru myrambler.ru lenta.ru
    bk.ru inbox.ru list.ru mail.ru mail.ua mail.by mail.kz mail.md pochta.ru
    qip.ru e1.ru ngs.ru nm.ru hotbox.ru ukr.net i.ua meta.ua bigmir.net online.ua
    tut.by open.by mail.tut.by inbox.kz gmail.ru icloud.com vk.com
    live.ru km.ru sibmail.com ua.fm email.ua box.az mail.az mail.uz
    """
)
# the list crm uses for its own "Similar leads" (public providers and odoo.com)
ODOO_MAIL_PROVIDERS = frozenset(d.strip() for d in _MAIL_DOMAIN_BLACKLIST)
PUBLIC_MAIL_DOMAINS = ODOO_MAIL_PROVIDERS | CIS_MAIL_PROVIDERS


def email_key(raw):
    """The normalized e-mail address, as Odoo's email_normalize gives it."""
    if not raw or not isinstance(raw, str) or len(raw) > MAX_INPUT:
        return None
    return _email_key(raw)


@lru_cache(maxsize=16384)  # Odoo's email_normalize is slow (regular expressions)
def _email_key(raw):
    try:
        email = email_normalize(raw, strict=False)
    except Exception:  # noqa: BLE001 - junk input must never raise
        return None
    local, _at, domain = (email or "").rpartition("@")
    if not local or "." not in domain:
        return None  # no address, '@romashka.ru', 'info@localhost'
    local = local.split("+", 1)[0] or local  # sub-addressing: 'ivanov+expo'
    if domain in DOTLESS_MAIL_DOMAINS:  # 'i.van.ov@gmail.com' is 'ivanov@gmail.com'
        local, domain = local.replace(".", "") or local, DOTLESS_MAIL_DOMAINS[domain]
    return f"{local}@{domain}"


# providers that ignore dots in the login, and the domain they are one with
DOTLESS_MAIL_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def domain_key(raw_email, public_domains=PUBLIC_MAIL_DOMAINS):
    """Domain of a corporate e-mail address; None for public mail providers."""
    email = email_key(raw_email)
    if not email or "@" not in email:
        return None
    host = _host(email.rsplit("@", 1)[1])
    if not host or host in public_domains:
        return None
    site = registrable_domain(host)
    return site if site not in public_domains else None


# Hosts many clients share (social networks, maps, marketplaces, site builders'
# pages): a page there is told by its path, 'vk.com/romashka_msk'
SHARED_HOSTS = _wordset(
    """
    vk.com vk.ru ok.ru facebook.com fb.com instagram.com t.me telegram.me
    twitter.com x.com youtube.com linkedin.com wa.me dzen.ru zen.yandex.ru
    2gis.ru 2gis.kz 2gis.by yandex.ru google.com sites.google.com avito.ru hh.ru
    ozon.ru wildberries.ru tiu.ru pulscen.ru satu.kz deal.by prom.ua all.biz
    """
)


@_memo
def website_key(raw):
    """Host of a website address: no scheme, www., port, path; IDN in Unicode.

    'https://WWW.Romashka.ru:443/about?x#y' gives 'romashka.ru'; 'xn--80aswg.xn--p1ai'
    and 'сайт.рф' both give 'сайт.рф'. None for 'n/a', '-' or an e-mail address.
    A page on a shared host keeps its path: 'https://vk.com/Romashka_msk/'
    gives 'vk.com/romashka_msk', and 'vk.com' alone gives None.
    """
    text = _plain(raw).strip()  # no ё→е: 'берёзка.рф' and 'березка.рф' differ
    if not text or (("@" in text) and "://" not in text):
        return None
    if "://" not in text:
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = _host(parts.hostname)
    except ValueError:
        return None
    if not host:
        return None
    shared = [h for h in (host, host.partition(".")[2]) if h in SHARED_HOSTS]
    if shared:
        path = "/".join(s for s in parts.path.split("/") if s)
        return f"{shared[0]}/{path}" if path and " " not in path else None
    return registrable_domain(host)


_PSL = PublicSuffixList()
# site builders and hostings whose clients' sites are sub-domains of theirs,
# beyond the Public Suffix List's private section: the client's sub-domain
# stays the identity ('romashka.tilda.ws')
HOSTING_DOMAINS = _wordset(
    """
    tilda.ws narod.ru ucoz.ru ucoz.net ucoz.com ucoz.ua ucoz.kz ucoz.org
    nethouse.ru wix.com wixsite.com tobiz.net okis.ru ru.gg jimdo.com
    jimdofree.com blogspot.com livejournal.com wordpress.com web-box.ru
    """
)


@lru_cache(maxsize=16384)
def registrable_domain(host):
    """The domain a host belongs to, by the Public Suffix List: 'shop.romashka.ru'
    and 'm.romashka.ru' give 'romashka.ru'; a tenant of a hosting platform keeps
    its sub-domain ('romashka.github.io', 'romashka.tilda.ws')."""
    ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    site = _PSL.privatesuffix(ascii_host) or ascii_host
    if site in HOSTING_DOMAINS and site != ascii_host:
        site = ".".join(ascii_host.split(".")[-site.count(".") - 2 :])
    return _host(site) or host


_LABEL = re.compile(r"^[\w-]{1,63}$")


def _host(host):
    """Canonical host: lowercase, Unicode labels, no trailing dot, no 'www.'."""
    if not host:
        return None
    host = host.strip().rstrip(".").lower()
    while host.startswith("www.") and host.count(".") > 1:  # not 'www.ru' itself
        host = host[4:]
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    try:  # one form for 'сайт.рф' and 'xn--80aswg.xn--p1ai': IDNA's, in Unicode
        labels = [
            label.encode("idna").decode("ascii") if not label.isascii() else label
            for label in labels
        ]
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
    phone_list = [keys for p in phones for keys in phone_numbers(p, region)]
    return Probe(
        company_key=company_key(company),
        surname_key=surname_key(person, surname=surname),
        phone_locals=frozenset(k.local for k in phone_list),
        phone_e164s=frozenset(k.e164 for k in phone_list if k.e164),
        email=email_key(email),
        domain=domain_key(email, public_domains),
        website=site_key(website, public_domains),
        company_translit=translit_key(company_key(company)),
        surname_translit=translit_key(surname_key(person, surname=surname)),
    )


def site_key(raw, public_domains=PUBLIC_MAIL_DOMAINS):
    """:func:`website_key`, None for the site of a public mail provider."""
    key = website_key(raw)
    return key if key not in public_domains else None


Probe = namedtuple(
    "Probe",
    "company_key surname_key phone_locals phone_e164s email domain website"
    " company_translit surname_translit",
    defaults=(None, None),
)
Probe.__doc__ = """Keys of a record or of typed values, one field per step of R11."""

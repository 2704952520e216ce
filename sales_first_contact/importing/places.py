"""Country and region names as people write them in a contact list.

Keys: case, ``ё``, punctuation, word order and the words that only say "city"
are ignored, abbreviations (``обл.``, ``респ.``, ``St.``, ``region``) read in
full; a name is also known without its generic words (``Татарстан`` for
``Республика Татарстан``), unless that makes it ambiguous. The names come from
the caller (Odoo's countries in every installed language, CLDR's through
Babel, Odoo's regions); here are only what those lack: the Russian names of
Russia's regions (Odoo's are English only) and the short forms people use.
"""

import re
import unicodedata
from collections import defaultdict

# words that say nothing of the place
_NOISE = {"г", "гор", "город", "city", "of", "the"}
# abbreviations, read in full
_ABBREVIATIONS = {
    "обл": "область",
    "респ": "республика",
    "ао": "автономный округ",
    "st": "saint",
    "region": "oblast",
    "obl": "oblast",
    "rep": "republic",
}
# the generic part of a region's or country's name
_GENERIC = {
    "республика",
    "область",
    "край",
    "автономный",
    "автономная",
    "округ",
    "republic",
    "oblast",
    "krai",
    "autonomous",
    "okrug",
}
_PUNCTUATION = re.compile(r"[\W_]+")

# ISO 3166-2 code of a Russian region (Odoo's state code) -> its Russian name
RU_REGION_NAMES = {
    "AD": "Республика Адыгея", "AL": "Республика Алтай", "ALT": "Алтайский край",
    "AMU": "Амурская область", "ARK": "Архангельская область",
    "AST": "Астраханская область", "BA": "Республика Башкортостан",
    "BEL": "Белгородская область", "BRY": "Брянская область",
    "BU": "Республика Бурятия", "CE": "Чеченская Республика",
    "CHE": "Челябинская область", "CHU": "Чукотский автономный округ",
    "CU": "Чувашская Республика", "DA": "Республика Дагестан",
    "IN": "Республика Ингушетия", "IRK": "Иркутская область",
    "IVA": "Ивановская область", "KAM": "Камчатский край",
    "KB": "Кабардино-Балкарская Республика", "KGD": "Калининградская область",
    "KL": "Республика Калмыкия", "KLU": "Калужская область",
    "KC": "Карачаево-Черкесская Республика", "KR": "Республика Карелия",
    "KEM": "Кемеровская область", "KHA": "Хабаровский край",
    "KK": "Республика Хакасия", "KHM": "Ханты-Мансийский автономный округ",
    "KIR": "Кировская область", "KO": "Республика Коми",
    "KOS": "Костромская область", "KDA": "Краснодарский край",
    "KYA": "Красноярский край", "KGN": "Курганская область",
    "KRS": "Курская область", "LEN": "Ленинградская область",
    "LIP": "Липецкая область", "MAG": "Магаданская область",
    "ME": "Республика Марий Эл", "MO": "Республика Мордовия",
    "MOS": "Московская область", "MOW": "Москва", "MUR": "Мурманская область",
    "NIZ": "Нижегородская область", "NGR": "Новгородская область",
    "NVS": "Новосибирская область", "OMS": "Омская область",
    "ORE": "Оренбургская область", "ORL": "Орловская область",
    "PNZ": "Пензенская область", "PER": "Пермский край",
    "PRI": "Приморский край", "PSK": "Псковская область",
    "ROS": "Ростовская область", "RYA": "Рязанская область",
    "SA": "Республика Саха (Якутия)", "SAK": "Сахалинская область",
    "SAM": "Самарская область", "SPE": "Санкт-Петербург",
    "SAR": "Саратовская область", "SE": "Республика Северная Осетия — Алания",
    "SMO": "Смоленская область", "STA": "Ставропольский край",
    "SVE": "Свердловская область", "TAM": "Тамбовская область",
    "TA": "Республика Татарстан", "TOM": "Томская область",
    "TUL": "Тульская область", "TVE": "Тверская область",
    "TYU": "Тюменская область", "TY": "Республика Тыва",
    "UD": "Удмуртская Республика", "ULY": "Ульяновская область",
    "VLA": "Владимирская область", "VGG": "Волгоградская область",
    "VLG": "Вологодская область", "VOR": "Воронежская область",
    "YAN": "Ямало-Ненецкий автономный округ", "YAR": "Ярославская область",
    "YEV": "Еврейская автономная область",
}  # fmt: skip
# short forms: country code -> {what people write: region code}
REGION_ALIASES = {
    "RU": {
        "спб": "SPE", "питер": "SPE", "петербург": "SPE", "с петербург": "SPE",
        "spb": "SPE", "мск": "MOW", "msk": "MOW", "мо": "MOS",
        "подмосковье": "MOS", "ло": "LEN", "ленобласть": "LEN",
        "якутия": "SA", "yakutia": "SA", "башкирия": "BA", "чувашия": "CU",
        "удмуртия": "UD", "чечня": "CE", "северная осетия": "SE",
        "осетия": "SE", "кбр": "KB", "кчр": "KC", "хмао": "KHM",
        "югра": "KHM", "янао": "YAN", "тува": "TY", "кузбасс": "KEM",
        "приморье": "PRI", "кубань": "KDA", "ставрополье": "STA", "еао": "YEV",
    },
}  # fmt: skip
# short and official forms: what people write -> country code
COUNTRY_ALIASES = {
    "рф": "RU", "rf": "RU", "российская федерация": "RU", "рб": "BY",
    "белоруссия": "BY", "рк": "KZ", "сша": "US", "usa": "US",
    "соединенные штаты америки": "US", "uk": "GB", "англия": "GB",
    "кнр": "CN", "оаэ": "AE", "uae": "AE",
}  # fmt: skip


def place_key(text):
    """The key of a place name: what is left once writing habits are ignored."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    words = _PUNCTUATION.sub(" ", text.replace("ё", "е")).split()
    words = " ".join(_ABBREVIATIONS.get(word, word) for word in words).split()
    return " ".join(sorted(word for word in words if word not in _NOISE))


def core_key(key):
    """A key without the generic words of a name (``республика``, ``oblast``)."""
    return " ".join(word for word in key.split() if word not in _GENERIC)


class PlaceIndex:
    """Names of places in scopes (a country, or None for all) -> one value."""

    def __init__(self):
        self._exact = defaultdict(set)  # (scope, key) -> values
        self._core = defaultdict(set)  # (scope, key without generic words) -> values

    def add(self, scope, name, value):
        key = place_key(name)
        if not key:
            return
        self._exact[scope, key].add(value)
        core = core_key(key)
        if core and core != key:
            self._core[scope, core].add(value)

    def find(self, scope, text):
        """The value named ``text`` in ``scope``; None if unknown or ambiguous.

        The full name first; then the name without its generic words, as
        written ("Республика Беларусь") or as known ("Татарстан").
        """
        key = place_key(text)
        if not key:
            return None
        core = core_key(key)
        for table, probe in (
            (self._exact, key),
            (self._exact, core),
            (self._core, key),
            (self._core, core),
        ):
            found = table.get((scope, probe)) if probe else None
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

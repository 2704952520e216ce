"""Where a phone number is: country, Russian region, or a mobile (no region).

Used when a contact's territory cannot come from its state or country. Fixed
lines of Russia give their region through the area code: a small table for the
codes that matter to sales (phonenumbers' own geographic names do not match
Odoo's region names), else phonenumbers' geocoder name, which the caller matches
against the region names. Mobile numbers say nothing reliable about the region.
"""

from collections import namedtuple

import phonenumbers
from phonenumbers import geocoder

from ..dedup.normalize import phone_keys

Place = namedtuple("Place", "country_code state_code region_name mobile")

# Russian area codes of a fixed line -> ISO 3166-2 code of the region (Odoo's
# res.country.state code under Russia)
RU_AREA_CODES = {
    "495": "MOW", "499": "MOW", "496": "MOS", "498": "MOS",
    "812": "SPE", "813": "LEN", "811": "PSK", "814": "KR", "815": "MUR",
    "816": "NGR", "817": "VLG", "818": "ARK", "821": "KO",
    "383": "NVS", "382": "TOM", "384": "KEM", "385": "ALT", "381": "OMS",
    "391": "KYA", "395": "IRK", "301": "BU", "390": "KK",
    "343": "SVE", "345": "TYU", "351": "CHE", "352": "KGN", "353": "ORE",
    "342": "PER", "341": "UD", "347": "BA",
    "843": "TA", "855": "TA", "846": "SAM", "848": "SAM", "831": "NIZ",
    "833": "KIR", "834": "MO", "835": "CU", "836": "ME", "841": "PNZ",
    "842": "ULY", "844": "VGG", "845": "SAR", "851": "AST",
    "861": "KDA", "862": "KDA", "863": "ROS", "865": "STA", "872": "DA",
    "401": "KGD", "421": "KHA", "423": "PRI", "424": "SAK", "413": "MAG",
    "415": "KAM", "411": "SA",
    "471": "KRS", "472": "BEL", "473": "VOR", "474": "LIP", "475": "TAM",
    "481": "SMO", "482": "TVE", "483": "BRY", "484": "KLU", "485": "YAR",
    "486": "ORL", "487": "TUL", "491": "RYA", "492": "VLA", "493": "IVA",
    "494": "KOS",
}  # fmt: skip

_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def phone_place(raw, region="RU"):
    """The Place of a phone number, or None when it gives no place.

    A number typed without its codes ('123-45-67') gives none; a mobile gives
    its country only, with ``mobile`` set.
    """
    keys = phone_keys(raw, region)
    if not keys or not keys.e164:
        return None
    number = phonenumbers.parse(keys.e164)
    country = phonenumbers.region_code_for_number(number)
    if phonenumbers.number_type(number) in _MOBILE_TYPES:
        return Place(country, None, None, True)
    state = None
    if country == "RU":
        nsn = phonenumbers.national_significant_number(number)
        state = RU_AREA_CODES.get(nsn[:3])
    name = geocoder.description_for_number(number, "en") or None
    return Place(country, state, name, False)

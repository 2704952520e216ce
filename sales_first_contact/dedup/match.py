"""Which of the six steps (R11) two sets of keys match on, and how sure that is."""

from .normalize import company_similarity

STEPS = ("company", "surname", "phone", "email", "domain", "website")
NEAR_COMPANY = 0.6  # company_similarity at and above which two names are "near"
LIKELY, POSSIBLE = "likely", "possible"


def match(probe, candidate):
    """Compare two :class:`~.normalize.Probe` and return ``(details, level)``.

    ``details`` maps each matched step to how it matched: company 'exact' or
    'near', phone 'full' (same E.164) or 'local' (same subscriber number), the
    other steps 'exact'. ``level`` is 'likely' when a strong key matched (e-mail,
    full phone, corporate domain, website, or the exact company name confirmed by
    another step), 'possible' for a weak key alone, None when nothing matched.
    """
    details = {}
    if probe.company_key and candidate.company_key:
        if probe.company_key == candidate.company_key:
            details["company"] = "exact"
        elif (
            company_similarity(probe.company_key, candidate.company_key) >= NEAR_COMPANY
        ):
            details["company"] = "near"
    if probe.surname_key and probe.surname_key == candidate.surname_key:
        details["surname"] = "exact"
    if probe.phone_e164s & candidate.phone_e164s:
        details["phone"] = "full"
    elif locals_match(probe.phone_locals, candidate.phone_locals):
        details["phone"] = "local"
    if probe.email and probe.email == candidate.email:
        details["email"] = "exact"
    hosts = {candidate.domain, candidate.website} - {None}
    if probe.domain and probe.domain in hosts:
        details["domain"] = "exact"
    if probe.website and probe.website in hosts:
        details["website"] = "exact"
    return details, level_of(details)


def locals_match(locals_a, locals_b):
    """Same subscriber number; a short one typed without codes may end a longer.

    Phone numbers of Russia and Kazakhstan have a 3-digit area code and 7 more
    digits, while a city with a 4- or 5-digit code dials 6 or 5 of them:
    '12-34-56' typed in Omsk is '+7 (3812) 12-34-56', key '2123456'.
    """
    if locals_a & locals_b:
        return True
    return any(
        long_.endswith(short)
        for a in locals_a
        for b in locals_b
        for short, long_ in [sorted((a, b), key=len)]
        if len(short) < len(long_)
    )


_STRENGTH = {"exact": 2, "full": 2, "near": 1, "local": 1}


def merge_details(details_list):
    """The steps matched by several records of one client, each at its best."""
    merged = {}
    for details in details_list:
        for step, how in details.items():
            if step not in merged or _STRENGTH[how] > _STRENGTH[merged[step]]:
                merged[step] = how
    return merged


def level_of(details):
    """'likely', 'possible' or None for the matched steps of :func:`match`."""
    if not details:
        return None
    strong = (
        "email" in details
        or details.get("phone") == "full"
        or "domain" in details
        or "website" in details
        or (details.get("company") == "exact" and len(details) > 1)
        or len(details) > 1  # two weak steps agreeing are not a weak key alone
    )
    return LIKELY if strong else POSSIBLE


def score(details):
    """A number to rank candidates: strong steps first, then R11's order."""
    weights = {
        "email": 40,
        "phone": 30,
        "domain": 25,
        "website": 25,
        "company": 20,
        "surname": 8,
    }
    total = sum(weights[step] for step in details)
    if details.get("phone") == "local":
        total -= 20
    if details.get("company") == "near":
        total -= 10
    return total

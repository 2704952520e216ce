"""Where the six-step search loses its own lead (the ``recall`` step of bench_dedup).

Each probe of the benchmark re-types an existing lead (``probe_values`` of
bench_dedup.py); that lead is the one it must find. For each probe, untimed and
in one transaction rolled back:

* which steps *should* match its own lead: the finder's own comparison
  (``dedup.match``) of the probe's keys with the lead's stored keys; a step
  whose key differs cannot find it (normalization);
* which steps *did* bring the lead: each step's part of the finder's exact
  statement (``_exact_query`` with that step's keys only: the same ``LIMIT``
  and order per key), and the near-name statement (``_near_names``, with its
  time box) when the finder runs it;
* for a step that should have matched and did not bring the lead, what cut
  it: the row limit (more active leads share the key than one key brings),
  the time box of the near-name statement (it ends when run without one),
  the near-name search not run (the exact name found other records, or the
  name is too short), pg_trgm's similarity below the finder's threshold while
  ``dedup.match`` calls the names near, or more near names than it keeps.

The finder itself is read, never changed: its constants and private methods
are those of the installed addon.
"""

import inspect
import statistics
import time
from collections import Counter

import psycopg2
from common import percentile, table

from odoo.tools import SQL, mute_logger

from odoo.addons.sales_first_contact.dedup import match as dedup_match
from odoo.addons.sales_first_contact.models import crm_duplicate_finder as finder_mod

STEPS = ("company name", "surname", "phone", "e-mail", "domain", "website", "near name")
DETAIL_OF_STEP = {  # step of the table: (step of dedup.match, how it matched)
    "company name": ("company", {"exact"}),
    "near name": ("company", {"near"}),
    "surname": ("surname", {"exact", "namesake"}),
    "phone": ("phone", {"full", "local"}),
    "e-mail": ("email", {"exact"}),
    "domain": ("domain", {"exact"}),
    "website": ("website", {"exact"}),
}
ROW_LIMIT, TIME_BOX, NOT_RUN = "row limit", "time box", "not searched"
THRESHOLD, NEAR_LIMIT, OTHER = "trigram threshold", "near-name limit", "other"
CUTS = (ROW_LIMIT, TIME_BOX, NOT_RUN, THRESHOLD, NEAR_LIMIT, OTHER)
INDISTINCT = "indistinguishable"
UNTIMED_MS = 20_000  # the near-name statement without its time box, at most
EXAMPLES = 8  # missed probes described in the report


# the keys of the probe each step keeps (the others are emptied)
STEP_FIELDS = {
    "company name": ("company_key", "company_translit"),
    "surname": ("surname_key", "surname_translit"),
    "phone": ("phone_locals",),
    "e-mail": ("email",),
    "domain": ("domain",),
    "website": ("website",),
}
EMPTY = {"phone_locals": frozenset(), "phone_e164s": frozenset()}


def step_keys(finder, step, probe):
    """({kind: [(0, key)]}, suffixes) of one step of a probe: the finder's
    ``_exact_keys`` of the probe with that step's keys only."""
    kept = STEP_FIELDS[step]
    only = probe._replace(**{f: EMPTY.get(f) for f in probe._fields if f not in kept})
    return finder._exact_keys([only])


def exact_rows(finder, keys, suffixes, probe):
    """{(model, id)} the finder's exact statement brings for these keys of
    ``probe`` (its other keys order the records a crowded key brings: a
    finder that ranks from its indexes searches them all, and shows these)."""
    if not (any(keys.values()) or suffixes):
        return set()
    if "shown" in inspect.signature(finder._exact_query).parameters:
        every, _suffixes = finder._exact_keys([probe])
        query = finder._exact_query(every, suffixes, shown=keys)
    else:
        query = finder._exact_query(keys, suffixes)
    rows, _data = finder._hits_and_rows(query, [probe])
    return {
        branch_key(row)
        for row in rows
        # the row after the limit only says the key is crowded
        if row[4] <= finder_mod.PER_KEY_LIMIT
    }


def branch_key(row):
    """(model, id) of a row of the finder's ``_branch``: model, kind, probe
    index, record id (and what a newer finder may add)."""
    return row[0], row[3]


def shared_counts(cr, lead_id, keys, suffixes):
    """[active leads satisfying a branch] of the branches the lead satisfies."""
    counts = []
    for kind, columns in finder_mod.EXACT_COLUMNS:
        for _idx, key in keys[kind]:
            condition = SQL(" OR ").join(
                SQL("t.%s = %s", SQL.identifier(column), key) for column in columns
            )
            counts += _count_if_own(cr, lead_id, SQL("(%s)", condition))
    for _idx, key in suffixes:
        for column in ("dedup_phone_key", "dedup_mobile_key"):
            condition = SQL(
                "reverse(t.%(c)s) ~>=~ %(k)s AND reverse(t.%(c)s) ~<~ (%(k)s || '~')",
                c=SQL.identifier(column),
                k=key,
            )
            counts += _count_if_own(cr, lead_id, condition)
    return counts


def _count_if_own(cr, lead_id, condition):
    cr.execute(
        SQL(
            "SELECT count(*), bool_or(t.id = %s) FROM crm_lead t WHERE %s AND t.active",
            lead_id,
            condition,
        )
    )
    count, own = cr.fetchone()
    return [count] if own else []


def near_threshold(company_key):
    """The pg_trgm threshold the finder uses for this name."""
    if " " not in company_key and len(company_key) <= finder_mod.ONE_WORD_MAX:
        return finder_mod.FUZZY_THRESHOLD_ONE_WORD
    return finder_mod.FUZZY_THRESHOLD


def near_untimed(finder, probe):
    """(model, id) rows and milliseconds of the near-name statement run
    without the finder's time box (capped at UNTIMED_MS)."""
    company_key = probe.company_key
    fuzzy = [(0, company_key)]
    condition = SQL(
        "t.dedup_company_key %s q.key AND t.dedup_company_key <> q.key", SQL("%%")
    )
    order = SQL("ORDER BY t.dedup_company_key <-> q.key, t.id DESC")
    branches = SQL(" UNION ").join(
        finder._branch(
            model, table_, "near", fuzzy, condition, order, finder_mod.FUZZY_LIMIT
        )
        for model, table_ in finder_mod.SEARCHED_TABLES
    )
    cr = finder.env.cr
    cr.execute(
        SQL(
            "SAVEPOINT bench_near; SET LOCAL statement_timeout = %s;"
            " SET LOCAL pg_trgm.similarity_threshold = %s",
            UNTIMED_MS,
            near_threshold(company_key),
        )
    )
    start = time.perf_counter()
    try:
        with mute_logger("odoo.sql_db"):
            found, _data = finder._hits_and_rows(
                branches, [probe], finder_mod.FUZZY_LIMIT
            )
        rows = {branch_key(row) for row in found}
    except psycopg2.errors.QueryCanceled:
        rows = set()  # not even in UNTIMED_MS
    finally:
        elapsed = (time.perf_counter() - start) * 1000
        cr.execute(
            SQL("ROLLBACK TO SAVEPOINT bench_near; RELEASE SAVEPOINT bench_near")
        )
    return rows, elapsed


def trigram_similarity(cr, a, b):
    cr.execute(SQL("SELECT similarity(%s, %s)", a, b))
    return cr.fetchone()[0]


def near_search(finder, probe, near):
    """What the finder's near-name statement does for a probe: (rows or None
    when the finder does not run it, why not or how it ended, rows without
    the time box). ``near`` gathers the statement's figures over all probes."""
    name = probe.company_key
    if not name:
        return None, "no company name", None
    company, _suffixes = step_keys(finder, "company name", probe)
    if exact_rows(finder, company, [], probe):
        return None, "the exact name found other records", None
    if len(name.replace(" ", "")) < finder_mod.FUZZY_MIN_LENGTH:
        return None, "name too short", None
    # rows of _near_names: model, probe index, record id
    start = time.perf_counter()
    rows, _given_up, _data = finder._near_names([(0, name)], [probe])
    near["ms"].append((time.perf_counter() - start) * 1000)
    timed = {(row[0], row[2]) for row in rows}
    near["run"] += 1
    if timed:
        return timed, "", timed
    untimed, ms = near_untimed(finder, probe)
    near["untimed_ms"].append(ms)
    if untimed:
        near["given_up"] += 1
        return timed, f"given up; {ms:.0f} ms without the time box", untimed
    return timed, "", untimed


def near_step(finder, probe, own_key, lead_key, search):
    """(found, cut, note) of the near-name step that should find own_key."""
    timed, how, untimed = search
    if timed is None:
        return False, NOT_RUN, how
    if own_key in timed:
        return True, None, ""
    if own_key in untimed:
        return False, TIME_BOX, how
    cr = finder.env.cr
    cr.execute(
        SQL(
            "SELECT count(*) FROM crm_lead WHERE dedup_company_key = %s AND active",
            lead_key,
        )
    )
    bearers = cr.fetchone()[0]
    if bearers > finder_mod.PER_KEY_LIMIT:
        return False, ROW_LIMIT, f"{bearers} active leads bear the near name"
    similarity = trigram_similarity(cr, probe.company_key, lead_key)
    if similarity < near_threshold(probe.company_key):
        return False, THRESHOLD, f"similarity {similarity:.2f}"
    return False, NEAR_LIMIT, f"more than {finder_mod.FUZZY_LIMIT} names as near"


def diagnose(finder, settings, lead_id, values, near):
    """What each step did for one probe: {step: (should, found, cut, note)},
    the level of the lead as the finder's comparison sees it, and the lead's
    place in the finder's answer (None: not in it)."""
    probe = finder._probe_of_values(values, settings)
    row = finder._lead_rows([lead_id])[("crm.lead", lead_id)]
    lead = finder._probe_of_row(row, settings, probe)
    details, level = dedup_match.match(probe, lead)
    own_key = ("crm.lead", lead_id)
    search = near_search(finder, probe, near)
    steps = {}
    for step in STEPS:
        detail, hows = DETAIL_OF_STEP[step]
        should = details.get(detail) in hows
        if step == "near name":
            if should:
                found, cut, note = near_step(
                    finder, probe, own_key, row["dedup_company_key"], search
                )
                steps[step] = (True, found, cut, note)
            continue
        if not should:
            continue
        keys, suffixes = step_keys(finder, step, probe)
        found = own_key in exact_rows(finder, keys, suffixes, probe)
        cut, note = None, ""
        if not found:
            counts = shared_counts(finder.env.cr, lead_id, keys, suffixes)
            if counts and min(counts) > finder_mod.PER_KEY_LIMIT:
                cut = ROW_LIMIT
                note = f"{min(counts)} active leads share the key"
            else:
                cut, note = OTHER, f"leads sharing the key: {counts}"
        steps[step] = (True, found, cut, note)
    answer = finder._find_duplicates(values)
    place = next(
        (
            (rank, c.level)
            for rank, c in enumerate(answer, 1)
            if c.model == "crm.lead" and c.id == lead_id
        ),
        None,
    )
    return steps, details, level, place, len(answer)


def alike(finder, probe, lead_id, near=False):
    """Active leads that share with ``probe`` as many steps' keys as its own
    lead does (the finder's ``_shared_keys``), the lead included: more than the
    row limit, and no search can tell the lead from the others (the probe of
    a name alone, borne by hundreds of leads). ``near``: the lead's company
    name is near the probe's, so only the leads bearing that same name are as
    near. A full scan: missed probes only."""
    shared = finder._shared_keys()
    same_name = SQL(
        "AND t.dedup_company_key = (SELECT dedup_company_key FROM crm_lead"
        " WHERE id = %s)",
        lead_id,
    )
    finder.env.cr.execute(
        SQL(
            """WITH probe AS (%(probes)s)
            SELECT count(*) FROM crm_lead t, probe pr
             WHERE t.active %(same_name)s AND %(shared)s >= (
                 SELECT %(shared)s FROM crm_lead t, probe pr WHERE t.id = %(id)s)""",
            probes=finder._probes_sql([probe]),
            shared=shared,
            id=lead_id,
            same_name=same_name if near else SQL(),
        )
    )
    return finder.env.cr.fetchone()[0]


def verdict(steps, level, answer_size, alike_count=0):
    """Why a probe's answer lacks its own lead: (cause, what it says)."""
    if not level:
        return "normalization", "no key of the probe equals the lead's"
    if alike_count > finder_mod.PER_KEY_LIMIT:
        return INDISTINCT, (
            f"{alike_count} active leads share as many keys with the probe as"
            " its own lead"
        )
    if any(found for _should, found, _cut, _note in steps.values()):
        return "ranked out", f"fetched, not in the answer of {answer_size}"
    cuts = sorted({f"{step}: {cut}" for step, (_s, _f, cut, _n) in steps.items()})
    return " + ".join(cuts), "each step that should match was cut"


def lead_values(cr, lead_id):
    cr.execute(
        SQL(
            """SELECT partner_name, contact_name, phone, mobile, email_from, website
                 FROM crm_lead WHERE id = %s""",
            lead_id,
        )
    )
    names = ("company", "contact", "phone", "mobile", "email", "website")
    return {k: v for k, v in zip(names, cr.fetchone(), strict=True) if v}


def measure(env, probes, timed_missed=None):
    """The figures of the recall step for [(lead id, probe values)]."""
    finder = env["crm.duplicate.finder"]
    settings = finder._dedup_settings()
    finder._flush_search_fields()
    near = {"run": 0, "given_up": 0, "ms": [], "untimed_ms": []}
    per_step = {s: {"should": 0, "found": 0, **dict.fromkeys(CUTS, 0)} for s in STEPS}
    causes, possible_only, missed = Counter(), Counter(), []
    found_any = found_likely = 0
    for lead_id, values in probes:
        steps, details, level, place, size = diagnose(
            finder, settings, lead_id, values, near
        )
        for step, (_should, found, cut, _note) in steps.items():
            per_step[step]["should"] += 1
            per_step[step]["found" if found else cut] += 1
        if place:
            found_any += 1
            if place[1] == dedup_match.LIKELY:
                found_likely += 1
            else:
                possible_only[" + ".join(f"{k} {v}" for k, v in details.items())] += 1
            continue
        probe = finder._probe_of_values(values, settings)
        by_near_name = details.get("company") == "near"
        count = alike(finder, probe, lead_id, by_near_name) if level else 0
        cause, why = verdict(steps, level, size, count)
        causes[cause] += 1
        missed.append(
            {
                "lead_id": lead_id,
                "cause": f"{cause}: {why}",
                "steps": {
                    s: {"found": f, "cut": c, "note": n}
                    for s, (_sh, f, c, n) in steps.items()
                },
                "probe": {k: v for k, v in values.items() if v},
                "lead": lead_values(env.cr, lead_id),
            }
        )
    ms = near.pop("ms")
    near.update(ms_p50=statistics.median(ms) if ms else 0, ms_p95=percentile(ms, 95))
    ms = near.pop("untimed_ms")
    near.update(
        untimed_ms_p50=statistics.median(ms) if ms else 0,
        untimed_ms_p95=percentile(ms, 95),
        untimed_ms_max=max(ms, default=0),
    )
    return {
        "probes": len(probes),
        "found_any": found_any,
        "found_likely": found_likely,
        "steps": per_step,
        "causes": dict(causes),
        "possible_only": dict(possible_only),
        "missed": missed,
        "timed_missed": timed_missed,
        "near": near,
        "limits": {
            "per_key": finder_mod.PER_KEY_LIMIT,
            "near": finder_mod.FUZZY_LIMIT,
            "time_box_ms": finder_mod.FUZZY_TIMEOUT_MS,
            "threshold": finder_mod.FUZZY_THRESHOLD,
            "threshold_one_word": finder_mod.FUZZY_THRESHOLD_ONE_WORD,
        },
    }


def report(figures, typed_with=None):
    """The text of the recall step's figures, as bench_dedup's report prints
    it; ``typed_with``: what the probes' company names were typed with."""
    probes, limits = figures["probes"], figures["limits"]
    title = (
        f"recall of each step on {probes} own-lead probes (a probe re-types a lead"
        + (f", its company name with {typed_with}" if typed_with else "")
        + "; 'should': the step's key of the probe matches the lead's)"
    )
    lines = [title]
    rows = []
    for step in STEPS:
        s = figures["steps"][step]
        recall = f"{s['found'] / s['should']:.1%}" if s["should"] else "-"
        rows.append((step, s["should"], s["found"], recall, *(s[c] for c in CUTS)))
    lines.append(table(("step", "should", "found", "recall", *CUTS), rows))
    found, likely = figures["found_any"], figures["found_likely"]
    apart = probes - figures["causes"].get(INDISTINCT, 0)
    lines.append(
        f"own lead in the answer: {found}/{probes} ({found / probes:.1%}), likely "
        f"{likely}/{probes} ({likely / probes:.1%}); of the {apart} probes that"
        f" tell their lead apart (at most {limits['per_key']} active leads share"
        f" as many keys with them): {found}/{apart} ({found / apart:.1%}), likely"
        f" {likely / apart:.1%}; missed {probes - found}: "
        + (
            ", ".join(f"{c} {n}" for c, n in sorted(figures["causes"].items()))
            or "none"
        )
    )
    if figures["possible_only"]:
        lines.append(
            "found only as possible, by the steps: "
            + ", ".join(
                f"{steps} {n}"
                for steps, n in sorted(
                    figures["possible_only"].items(), key=lambda item: -item[1]
                )
            )
        )
    near = figures["near"]
    lines.append(
        f"near-name search: run for {near['run']} of {probes} probes"
        + (
            f" (p50 {near['ms_p50']:.0f} ms, p95 {near['ms_p95']:.0f} ms: names one"
            " typo away or with a word more, then pg_trgm when they found none)"
            if "ms_p50" in near
            else ""
        )
        + f", its pg_trgm statement given up by its {limits['time_box_ms']} ms"
        f" time box for {near['given_up']} "
        f"(it answers without); run again without the time box when it answered"
        f" nothing: p50 {near['untimed_ms_p50']:.0f} ms, p95 "
        f"{near['untimed_ms_p95']:.0f} ms, max {near['untimed_ms_max']:.0f} ms;"
        f" limits: {limits['per_key']} rows per key, {limits['near']} near"
        f" names, trigram threshold {limits['threshold']}"
    )
    timed = figures.get("timed_missed")
    if timed is not None:
        again = {m["lead_id"] for m in figures["missed"]}
        lines.append(
            f"the timed check missed {len(timed)} own leads; "
            f"{len(again & set(timed))} of them missed again here"
            + (
                f", {len(set(timed) - again)} found here (a time box hit under load)"
                if set(timed) - again
                else ""
            )
        )
    for item in figures["missed"][:EXAMPLES]:
        lines.append(
            f"  lead {item['lead_id']}: {item['cause']}; probe {item['probe']};"
            f" lead {item['lead']}"
            + "".join(
                f"; {s}: {v['cut']} ({v['note']})"
                for s, v in item["steps"].items()
                if v["cut"] and v["note"]
            )
        )
    return "\n".join(lines)

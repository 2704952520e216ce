"""Duplicate check benchmark: stock Odoo "Similar leads" against sales_first_contact.

Run by ``tools/bench_dedup.sh`` (``make bench-dedup``), one step per command, all
on one database; each step writes its figures as JSON into the output folder:

* ``load``   fill a database that has ``crm`` with N partners and N leads (COPY);
* ``stock``  measure Odoo's own "Similar leads" (the addon not installed yet);
* ``vacuum`` VACUUM ANALYZE after the addon's install, as autovacuum would;
* ``addon``  measure the six-step check of the installed addon;
* ``recall`` per step of the six, the own-lead probes it finds, and why a
  probe misses its own lead (tools/bench_dedup_recall.py); then the same for
  probes whose company name has one letter typed wrong, the near-name step's
  own test at this size;
* ``report`` print the table of all the figures.
"""

import contextlib
import os
import random
import resource
import statistics
import time
from datetime import datetime, timedelta

import bench_dedup_data as data
import bench_dedup_public as public
from common import (
    bench_main,
    install_figures,
    log,
    odoo_env,
    percentile,
    read_figures,
    save_figures,
    vacuum_analyze,
)

from odoo import Command

WARM_UP = 20  # checks done before timing, not counted
CREATE_WARM_UP, CREATE_ROUNDS = 100, 3  # creations: untimed, then timed rounds
CREATE_SEED = 7  # the leads created to time creation are numbers 7 * N...
TYPO_PROBES = 100  # probes with a typo in the company name (the recall step)
TYPO_KINDS = ("deletion", "insertion", "substitution", "transposition")
TARGETS = {
    "p95_ms": 15,
    "queries": 10,
    "ratio": 0.7,
    "precision": 0.95,
    "recall": 0.98,
    "routing_ms": 50,
}

# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def load(args):
    """Step 1: fill the database with N partners and N leads (COPY)."""
    import bench_dedup_load  # imports Odoo's addons: once the config is parsed

    figures = bench_dedup_load.load(args.db, args.n)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    save_figures(args.out, "load", worker_peak_mb=children, **figures)


def vacuum(args):
    """Step 3: the addon's install rewrote every row and its new columns have no
    statistics; do what autovacuum would do soon after (it may be off)."""
    seconds, autovacuum = vacuum_analyze(args.db)
    save_figures(args.out, "vacuum", seconds=seconds, autovacuum=autovacuum)


# ---------------------------------------------------------------------------
# Measurements inside Odoo
# ---------------------------------------------------------------------------


def sample_leads(env, m):
    """M active leads picked at random with a fixed seed (plus warm-up ones)."""
    env.cr.execute("SELECT min(id), max(id) FROM crm_lead")
    low, high = env.cr.fetchone()
    rand = random.Random(data.SEED)
    ids = rand.sample(range(low, high + 1), min(3 * (m + WARM_UP), high - low + 1))
    env.cr.execute(
        "SELECT id FROM crm_lead WHERE id = ANY(%s) AND active", (ids,)
    )  # keep the drawing order
    active = {row[0] for row in env.cr.fetchall()}
    return [lead_id for lead_id in ids if lead_id in active][: m + WARM_UP]


def timed_checks(env, items, check):
    """Run check(item) on each item with cold caches: figures and results."""
    times, queries, results = [], [], []
    for position, item in enumerate(items):
        env.invalidate_all()
        count, start = env.cr.sql_log_count, time.perf_counter()
        result = check(item)
        elapsed = time.perf_counter() - start
        if position >= WARM_UP:
            times.append(elapsed * 1000)
            queries.append(env.cr.sql_log_count - count)
            results.append(result)
    return {
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        "queries_median": statistics.median(queries),
        "queries_max": max(queries),
        "checks": len(times),
    }, results


def similar_leads(env, lead_id):
    """Odoo's "Similar Leads" of a lead: its duplicate_lead_ids."""
    return env["crm.lead"].browse(lead_id).duplicate_lead_ids.ids


def creation_values(env, args):
    """Values of BENCH_CREATE leads as a user or an import enters them."""
    loaded = read_figures(args.out, "load")
    countries = country_ids(env)
    values_list = []
    for number in range(CREATE_WARM_UP + args.create):
        vals = data.lead(CREATE_SEED * args.n + number, loaded["companies"])
        if vals["partner"]:  # a client picked: Odoo fills the rest from the card
            partner = data.partner_id(loaded["partner_base"], *vals["partner"])
            values_list.append(
                {"name": vals["name"], "type": vals["type"], "partner_id": partner}
            )
            continue
        values_list.append(
            {
                "name": vals["name"],
                "type": vals["type"],
                "partner_name": vals["company"],
                "contact_name": vals["contact"],
                "email_from": vals["email"],
                "phone": vals["phone"],
                "mobile": vals["mobile"],
                "website": vals["website"],
                "city": vals["city"],
                "country_id": countries.get(vals["country"], False),
            }
        )
    return values_list


def creation_rate(env, values_list):
    """Leads created per second through the ORM, one create() each, committed
    work included (tracking, flush), all rolled back at the end.

    After CREATE_WARM_UP creations, the rest in CREATE_ROUNDS timed rounds:
    the rate of each round, the best first (the least disturbed by other load).
    """
    leads, rates = env["crm.lead"], []
    warm_up, timed = values_list[:CREATE_WARM_UP], values_list[CREATE_WARM_UP:]
    size = len(timed) // CREATE_ROUNDS
    with contextlib.closing(env.cr.savepoint()):
        for batch in [warm_up] + [
            timed[size * i : size * (i + 1)] for i in range(CREATE_ROUNDS)
        ]:
            start = time.perf_counter()
            for vals in batch:
                leads.create(vals)
            env.cr.precommit.run()  # mail tracking, done at commit
            env.flush_all()
            rates.append(len(batch) / (time.perf_counter() - start))
    return sorted(rates[1:], reverse=True)


def country_ids(env):
    """{country code: id}."""
    env.cr.execute("SELECT code, id FROM res_country")
    return dict(env.cr.fetchall())


def corpus_lead(record, countries):
    """Values of a lead for one record of a corpus pair."""
    return {
        "name": record["company"] or record["contact"] or record["email"] or "-",
        "type": "lead",
        "partner_name": record["company"] or False,
        "contact_name": record["contact"] or False,
        "email_from": record["email"] or False,
        "phone": record["phone"] or False,
        "website": record["website"] or False,
        "country_id": countries.get(record["country"], False),
    }


def corpus_stock(env, pairs):
    """Stock prediction of each pair: b, entered as a lead, is a Similar Lead
    of a, entered as a lead; each pair alone, rolled back."""
    countries, leads = country_ids(env), env["crm.lead"]
    predicted = {}
    for pair in pairs:
        with contextlib.closing(env.cr.savepoint()):
            lead_b = leads.create(corpus_lead(pair.b, countries))
            lead_a = leads.create(corpus_lead(pair.a, countries))
            predicted[pair.pair_id] = lead_b in lead_a.duplicate_lead_ids
    return predicted


def corpus_client(env, record, countries):
    """Create b as a client card: a company with its contact, or a person.

    The contact has the phone and e-mail, the company the website; a company
    without a contact has them all. Returns the client's (commercial) id.
    """
    partners = env["res.partner"]
    country = countries.get(record["country"], False)
    person = {
        "name": record["contact"],
        "phone": record["phone"] or False,
        "email": record["email"] or False,
    }
    if not record["company"]:
        person["name"] = record["contact"] or record["email"] or record["phone"]
        return partners.create(
            {**person, "website": record["website"], "country_id": country}
        ).id
    company = {"name": record["company"], "is_company": True, "country_id": country}
    company["website"] = record["website"] or False
    if not record["contact"]:
        company.update(phone=person["phone"], email=person["email"])
    company_id = partners.create(company).id
    if record["contact"]:
        partners.create({**person, "parent_id": company_id})
    return company_id


def corpus_probe(record):
    """_find_duplicates() values for one record of a corpus pair."""
    return {
        "company_name": record["company"],
        "contact_name": record["contact"],
        "phone": record["phone"],
        "email": record["email"],
        "website": record["website"],
        "country_code": record["country"] or None,
    }


def corpus_addon(env, pairs):
    """The addon's prediction of each pair: {pair id: (likely, any level)}."""
    countries, finder = country_ids(env), env["crm.duplicate.finder"]
    predicted = {}
    for pair in pairs:
        with contextlib.closing(env.cr.savepoint()):
            client = corpus_client(env, pair.b, countries)
            levels = {
                found.level
                for found in finder._find_duplicates(corpus_probe(pair.a))
                if found.model == "res.partner"
                and found.commercial_partner_id == client
            }
        predicted[pair.pair_id] = ("likely" in levels, bool(levels))
    return predicted


def corpus_module():
    """The labelled corpus of the addon's tests (dedup/corpus.py)."""
    from odoo.addons.sales_first_contact.dedup import corpus

    return corpus


def corpus_scores(corpus, pairs, predicted):
    """The corpus module's evaluate() of {pair id: prediction}."""
    return corpus.evaluate(pairs, lambda pair: predicted[pair.pair_id])


def probe_values(env, lead_ids):
    """For each lead, its values typed differently: the probe of the addon's check.

    The company name with another legal form or quotes, the phone in another
    format, the contact's name in another order, the e-mail as typed, the
    website in another form; fields are left out as callers do.
    """
    env.cr.execute(
        """SELECT l.id, l.partner_name, l.contact_name, l.phone, l.mobile,
                  l.email_from, l.website, c.code
             FROM crm_lead l LEFT JOIN res_country c ON c.id = l.country_id
            WHERE l.id = ANY(%s)""",
        (lead_ids,),
    )
    rows = {row[0]: row[1:] for row in env.cr.fetchall()}
    probes = []
    for lead_id in lead_ids:
        company, contact, phone, mobile, email, website, country = rows[lead_id]
        rand = data.rng(data.PROBE, lead_id)
        values = {"country_code": country}
        if company and rand.random() < 0.9:
            values["company_name"] = data.retype_company(rand, company)
        if contact and rand.random() < 0.6:
            values["contact_name"] = data.retype_person(rand, contact)
        if (phone or mobile) and rand.random() < 0.8:
            values["phone"] = data.retype_phone(rand, phone or mobile, country)
        if email and rand.random() < 0.5:
            values["email"] = data.retype_email(rand, email)
        if website and rand.random() < 0.3:
            values["website"] = data.retype_website(rand, website)
        if len(values) == 1:  # nothing kept: a caller gives at least one thing
            values.update(company_name=company, phone=phone, email=email)
        probes.append((lead_id, values))
    return probes


def typo_probes(probes):
    """Probes of TYPO_PROBES leads whose company name is typed as its key
    (no legal form, lower case) with one letter wrong, missed, added or two
    swapped in a name of 7 letters or more: what only the near-name step finds
    by the name (the other values of the probe are kept)."""
    from bench_near_names import typo

    from odoo.addons.sales_first_contact.dedup import normalize

    typos = []
    for lead_id, values in probes:
        name = values.get("company_name")
        key = name and normalize.company_key(name)
        if not key or len(key.replace(" ", "")) < normalize.MIN_TYPO_LENGTH:
            continue
        rand = data.rng(data.TYPO, lead_id)
        typed = typo(rand, key, rand.choice(TYPO_KINDS))
        if typed.replace(" ", "") == key.replace(" ", ""):
            continue  # two equal letters swapped, or a space typed: no typo
        typos.append((lead_id, {**values, "company_name": typed}))
    return typos[:TYPO_PROBES]


def stock(args):
    """Step 2: stock Odoo's Similar Leads, creation rate and corpus."""
    corpus = corpus_module()
    with odoo_env(args.db) as env:
        ids = sample_leads(env, args.m)
        check, _found = timed_checks(env, ids, lambda i: similar_leads(env, i))
        log(f"stock check: {check}")
        rates = creation_rate(env, creation_values(env, args))
        log(f"stock creation: {rates} leads/s")
        pairs = corpus.load_corpus()
        scores = corpus_scores(corpus, pairs, corpus_stock(env, pairs))
        log(f"stock corpus: {scores}")
        febrl = public.measure(env, "stock")
        log(f"stock FEBRL 1: {febrl}")
    save_figures(
        args.out, "stock", check=check, create_rates=rates, corpus=scores, febrl=febrl
    )


def addon(args):
    """Step 4: the addon's six-step check, creation rate and corpus."""
    corpus = corpus_module()
    with odoo_env(args.db) as env:
        ids = sample_leads(env, args.m)
        finder = env["crm.duplicate.finder"]
        probes = probe_values(env, ids)
        check, results = timed_checks(
            env, probes, lambda probe: finder._find_duplicates(probe[1])
        )
        own = [
            {c.level for c in found if c.model == "crm.lead" and c.id == lid}
            for (lid, _values), found in zip(probes[WARM_UP:], results, strict=True)
        ]
        check["own_lead_likely"] = sum("likely" in lv for lv in own) / len(own)
        check["own_lead_any"] = sum(bool(lv) for lv in own) / len(own)
        check["own_lead_missed"] = [  # explained by the recall step
            lid for (lid, _v), lv in zip(probes[WARM_UP:], own, strict=True) if not lv
        ]
        check["candidates_median"] = statistics.median(len(r) for r in results)
        log(f"addon check: {check}")
        similar, _found = timed_checks(env, ids, lambda i: similar_leads(env, i))
        log(f"Similar Leads with the addon: {similar}")
        routing = timed_routing(env, probes)
        log(f"addon routing of a call: {routing}")
        rates = creation_rate(env, creation_values(env, args))
        log(f"addon creation: {rates} leads/s")
        pairs = corpus.load_corpus()
        predicted = corpus_addon(env, pairs)
        likely = {k: v[0] for k, v in predicted.items()}
        any_level = {k: v[1] for k, v in predicted.items()}
        likely = corpus_scores(corpus, pairs, likely)
        any_level = corpus_scores(corpus, pairs, any_level)
        log(f"addon corpus: likely {likely}, any level {any_level}")
        febrl = public.measure(env, "addon")
        log(f"addon FEBRL 1: {febrl}")
    save_figures(
        args.out,
        "addon",
        check=check,
        similar=similar,
        routing=routing,
        create_rates=rates,
        corpus=likely,
        corpus_any=any_level,
        febrl=febrl,
    )


def timed_routing(env, probes):
    """An incoming call as the PBX sends it (issue 4): duplicate check, routing
    and the draft first contact, with a duty manager on shift in the main
    office. Half the callers are known clients (a phone of a sampled lead),
    half are new numbers."""
    now = datetime.now()
    team = env["crm.team"].create({"name": "Bench main office", "is_main_office": True})
    env["crm.duty.shift"].create(
        {
            "user_id": env.uid,
            "team_id": team.id,
            "date_start": now - timedelta(hours=1),
            "date_end": now + timedelta(hours=1),
        }
    )
    # the PBX's user: only the Telephony group may report calls
    telephony = env.ref("sales_first_contact.group_first_contact_telephony")
    env.user.sudo().write({"groups_id": [Command.link(telephony.id)]})
    FirstContact = env["crm.first.contact"]
    calls = []
    for position, (lead_id, values) in enumerate(probes):
        known = position % 2 == 0 and values.get("phone")
        caller = (
            values["phone"]
            if known
            else f"+7 495 {200 + position % 800}-{lead_id % 10000:04d}"  # valid
        )
        calls.append((f"bench-{lead_id}-{position}", caller))
    figures, answers = timed_checks(
        env, calls, lambda call: FirstContact._telephony_incoming_call(*call)
    )
    rules = statistics.multimode(answer["rule"] for answer in answers)
    figures["rules"] = sorted({answer["rule"] for answer in answers})
    figures["commonest_rule"] = rules[0]
    return figures


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def report(args):
    """Print the table of the figures of all steps, and the targets met."""
    load_, stock_, addon_, vacuum_ = (
        read_figures(args.out, step) for step in ("load", "stock", "addon", "vacuum")
    )
    install = install_figures(args.out)
    ratio = addon_["create_rates"][0] / stock_["create_rates"][0]
    check_s, check_a = stock_["check"], addon_["check"]
    fill = install["fill_seconds"]
    rows = [
        (
            f"six-step duplicate check, N={load_['partners']} partners + "
            + f"{load_['leads']} leads",
            'stock Odoo "Similar leads"',
            "sales_first_contact",
        ),
        ("one check p50 / p95 (ms)", ms(check_s), ms(check_a)),
        (
            "SQL queries per check (median / max)",
            queries(check_s),
            queries(check_a),
        ),
        (
            "lead creation (leads/s, best of 3 rounds), ratio",
            f"{stock_['create_rates'][0]:.0f}",
            f"{addon_['create_rates'][0]:.0f}  ({ratio:.2f} x)",
        ),
        (
            "corpus precision / recall (likely)",
            pr(stock_["corpus"]),
            pr(addon_["corpus"]),
        ),
        ("corpus precision / recall (any level)", "-", pr(addon_["corpus_any"])),
        *(
            public.report_rows(stock_["febrl"], addon_["febrl"])
            if "febrl" in addon_
            else []
        ),
        (
            "install time (post_init_hook), peak memory",
            "-",
            f"{install['seconds']:.0f} s ({fill:.0f} s), {install['peak_mb']:.0f} MB"
            if fill is not None
            else f"{install['seconds']:.0f} s, {install['peak_mb']:.0f} MB",
        ),
        (
            "then VACUUM ANALYZE of both tables",
            "-",
            f"{vacuum_['seconds']:.0f} s (autovacuum {vacuum_['autovacuum']})",
        ),
        (
            '"Similar leads" of a lead p50 / p95 (ms), queries',
            f"{ms(check_s)}, {queries(check_s)}",
            f"{ms(addon_['similar'])}, {queries(addon_['similar'])}",
        ),
        (
            "route one incoming call p50 / p95 (ms), queries",
            "-",
            f"{ms(addon_['routing'])}, {queries(addon_['routing'])}"
            if "routing" in addon_
            else "-",
        ),
        (
            "probe finds its own lead (likely / any level)",
            "-",
            f"{check_a['own_lead_likely']:.0%} / {check_a['own_lead_any']:.0%}",
        ),
    ]
    width = max(len(row[0]) for row in rows) + 4
    for label, left, right in rows:
        print(f"{label:<{width}}{left:<29}{right}")
    print()
    print(
        f"data load {load_['seconds']:.0f} s (peak memory {load_['peak_mb']:.0f} MB,"
        f" workers {load_['worker_peak_mb']:.0f} MB each), "
        f"{check_s['checks']} checks per figure, corpus "
        f"{stock_['corpus']['tp'] + stock_['corpus']['fn']} dup / "
        f"{stock_['corpus']['tn'] + stock_['corpus']['fp']} distinct pairs"
    )
    for line in targets(stock_, addon_, ratio):
        print(line)
    print(f"command: {args.command}")
    if os.path.exists(os.path.join(args.out, "recall.json")):
        import bench_dedup_recall

        recall_ = read_figures(args.out, "recall")
        print()
        print(bench_dedup_recall.report(recall_))
        if "typo" in recall_:
            print()
            print(bench_dedup_recall.report(recall_["typo"], "a one-letter typo"))


def ms(check):
    return f"{check['p50_ms']:.1f} / {check['p95_ms']:.1f}"


def queries(check):
    return f"{check['queries_median']:g} / {check['queries_max']}"


def pr(scores):
    return f"{scores['precision']:.3f} / {scores['recall']:.3f}"


def targets(stock_, addon_, ratio):
    """One line per target of the issue: met or missed, and by how much."""
    check, corpus, stock_corpus = addon_["check"], addon_["corpus"], stock_["corpus"]
    checks = [
        ("check p95 <= 15 ms", check["p95_ms"], TARGETS["p95_ms"], "<="),
        ("queries per check <= 10", check["queries_max"], TARGETS["queries"], "<="),
        ("creation rate >= 0.7x stock", ratio, TARGETS["ratio"], ">="),
        ("likely precision >= 0.95", corpus["precision"], TARGETS["precision"], ">="),
        ("likely recall >= 0.98", corpus["recall"], TARGETS["recall"], ">="),
        ("precision above stock", corpus["precision"], stock_corpus["precision"], ">"),
        ("recall above stock", corpus["recall"], stock_corpus["recall"], ">"),
    ]
    if "febrl" in addon_:
        febrl, febrl_stock = addon_["febrl"], stock_["febrl"]
        checks += [
            (
                "FEBRL 1 likely precision >= 0.95",
                febrl["likely"]["precision"],
                TARGETS["precision"],
                ">=",
            ),
            (
                "FEBRL 1 recall (any level) >= stock",
                febrl["any"]["recall"],
                febrl_stock["any"]["recall"],
                ">=",
            ),
        ]
    if "routing" in addon_:
        routing = addon_["routing"]["p95_ms"]
        checks.append(
            ("call routing p95 <= 50 ms", routing, TARGETS["routing_ms"], "<=")
        )
    for label, value, target, op in checks:
        met = {"<=": value <= target, ">=": value >= target, ">": value > target}[op]
        verdict = "met" if met else f"MISSED by {abs(value - target):.3g}"
        yield f"target {label}: {value:.3g} vs {target:.3g} {verdict}"


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def recall(args):
    """Step 5: the recall of each step on the addon step's probes (untimed)."""
    import bench_dedup_recall

    with odoo_env(args.db) as env:
        probes = probe_values(env, sample_leads(env, args.m))[WARM_UP:]
        missed = None  # the timed step's misses, when it ran
        if os.path.exists(os.path.join(args.out, "addon.json")):
            missed = read_figures(args.out, "addon")["check"].get("own_lead_missed")
        figures = bench_dedup_recall.measure(env, probes, missed)
        log(f"recall of each step: {figures['steps']}")
        typos = bench_dedup_recall.measure(env, typo_probes(probes))
        log(f"recall of each step, a typo in the name: {typos['steps']}")
    save_figures(args.out, "recall", **figures, typo=typos)


def main():
    steps = {"load": load, "stock": stock, "vacuum": vacuum, "addon": addon}
    steps.update(recall=recall, report=report)
    bench_main(
        __doc__,
        steps,
        [
            ("--n", {"type": int, "default": 100_000}),
            ("--m", {"type": int, "default": 300}),
            ("--create", {"type": int, "default": 1000}),
        ],
    )


if __name__ == "__main__":
    main()

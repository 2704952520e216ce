"""Duplicate check benchmark: stock Odoo "Similar leads" against sales_first_contact.

Run by ``tools/bench_dedup.sh`` (``make bench-dedup``), one step per command, all
on one database; each step writes its figures as JSON into the output folder:

* ``load``   fill a database that has ``crm`` with N partners and N leads (COPY);
* ``stock``  measure Odoo's own "Similar leads" (the addon not installed yet);
* ``vacuum`` VACUUM ANALYZE after the addon's install, as autovacuum would;
* ``addon``  measure the six-step check of the installed addon;
* ``report`` print the table of all the figures.
"""

import argparse
import contextlib
import importlib.util
import io
import json
import multiprocessing
import os
import random
import re
import resource
import statistics
import sys
import time
from datetime import datetime, timedelta

import bench_dedup_data as data
import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_module_path
from odoo.modules.registry import Registry
from odoo.tools import config

CHUNK = 10_000  # leads or companies per COPY statement
WARM_UP = 20  # checks done before timing, not counted
CREATE_WARM_UP, CREATE_ROUNDS = 100, 3  # creations: untimed, then timed rounds
CREATE_SEED = 7  # the leads created to time creation are numbers 7 * N...
TARGETS = {"p95_ms": 15, "queries": 10, "ratio": 0.7, "precision": 0.95, "recall": 0.98}

PARTNER_COLUMNS = data.words(
    """
    id name complete_name type is_company parent_id commercial_partner_id
    commercial_company_name active lang email email_normalized phone mobile
    phone_sanitized website function city country_id user_id partner_share
    employee color message_bounce create_date write_date create_uid write_uid
    """
)
LEAD_COLUMNS = data.words(
    """
    id name type active stage_id team_id user_id company_id partner_id partner_name
    contact_name function email_from email_normalized email_domain_criterion
    email_state phone mobile phone_sanitized phone_state website city country_id
    priority probability automated_probability expected_revenue prorated_revenue
    date_open date_last_stage_update date_closed message_bounce color
    create_date write_date create_uid write_uid
    """
)


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


class OdooColumns:
    """The stored fields Odoo computes from a record's e-mail and phones,
    computed with Odoo's own functions, exactly as its compute methods do."""

    def __init__(self, countries, default_country):
        from odoo.exceptions import UserError
        from odoo.tools import email_normalize, email_split

        from odoo.addons.base.models.res_partner import Partner
        from odoo.addons.iap.tools.iap_tools import mail_prepare_for_domain_search
        from odoo.addons.mail.tools.mail_validation import mail_validate
        from odoo.addons.phone_validation.tools import phone_validation

        self.countries = countries  # code: (id, phone code)
        self.default = default_country  # the company's, used when none is set
        self._error = UserError
        self._normalize, self._split, self._validate = (
            email_normalize,
            email_split,
            mail_validate,
        )
        self._domain_search = mail_prepare_for_domain_search
        self._phones = phone_validation
        self._clean_website = Partner._clean_website  # needs no record

    def website(self, url):
        """A website as Odoo stores it (res.partner's _clean_website)."""
        return self._clean_website(None, url) if url else None

    def email(self, email):
        """(email_normalized, email_domain_criterion, email_state) of an e-mail."""
        if not email:
            return None, None, None
        normalized = self._normalize(email, strict=False) or None
        criterion = self._domain_search(normalized) if normalized else None
        valid = any(self._validate(part) for part in self._split(email))
        return normalized, criterion or None, "correct" if valid else "incorrect"

    def phone_sanitized(self, mobile, phone, country):
        """E.164 of the mobile or else the phone, as mail.thread.phone stores it."""
        code = country or self.default
        _id, phone_code = self.countries[code]
        for number in (mobile, phone):
            if not number:
                continue
            try:
                return self._phones.phone_format(
                    number, code, phone_code, force_format="E164"
                )
            except self._error:
                continue
        return None

    def phone_state(self, phone, country):
        """crm.lead's phone_state: parsed with the lead's own country only."""
        if not phone:
            return None
        try:
            self._phones.phone_parse(phone, country or None)
        except self._error:
            return "incorrect"
        return "correct"


def copy_text(value):
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return (
        text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


WORKER = {}  # what the worker processes making the rows share: the Loader


def init_worker(loader):
    WORKER["loader"] = loader


def chunk_text(task):
    """(COPY text, row count) of the rows [start, stop) of a table (in a worker)."""
    table, start, stop = task
    loader = WORKER["loader"]
    if table == "res_partner":  # numbers of companies, each with its contacts
        columns, rows = PARTNER_COLUMNS, loader.partner_rows(start, stop)
    else:
        columns, rows = LEAD_COLUMNS, loader.lead_rows(start, stop)
    lines = ["\t".join(copy_text(row.get(col)) for col in columns) for row in rows]
    return "\n".join(lines) + "\n", len(lines)


def copy_table(cr, pool, table, count):
    """COPY ``count`` records into a table; the pool makes them CHUNK at a time."""
    columns = PARTNER_COLUMNS if table == "res_partner" else LEAD_COLUMNS
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    tasks = [
        (table, start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)
    ]
    total = 0
    for text, rows in pool.imap(chunk_text, tasks):
        cr.copy_expert(statement, io.StringIO(text))
        total += rows
    return total


class Loader:
    """Streams the generated partners and leads into a database."""

    def __init__(self, cr, n):
        self.companies = (n + 1) // 2  # with one contact each on average
        self.leads = n
        cr.execute("SELECT code, id, phone_code FROM res_country")
        self.countries = {code: (cid, phone) for code, cid, phone in cr.fetchall()}
        cr.execute("SELECT id, is_won FROM crm_stage ORDER BY sequence, id")
        self.stages = cr.fetchall()
        cr.execute("SELECT id FROM crm_team ORDER BY sequence, id LIMIT 1")
        self.team = cr.fetchone()[0]
        cr.execute("SELECT id, partner_id FROM res_company ORDER BY id LIMIT 1")
        self.company, company_partner = cr.fetchone()
        cr.execute(
            "SELECT res_id FROM ir_model_data WHERE module = 'base' "
            "AND name = 'user_admin'"
        )
        self.admin = cr.fetchone()[0]
        # a Russian company: phones without a country are read as Russian
        cr.execute(
            "UPDATE res_partner SET country_id = %s WHERE id = %s",
            (self.countries["RU"][0], company_partner),
        )
        cr.execute("SELECT max(id) + 1 FROM res_partner")
        self.base = cr.fetchone()[0]  # ids: base + 3 * company number + 0, 1, 2
        cr.execute("SELECT COALESCE(max(id), 0) + 1 FROM crm_lead")
        self.first_lead = cr.fetchone()[0]
        self.columns = OdooColumns(self.countries, "RU")
        self.now = datetime.now().replace(microsecond=0)

    def _dates(self, rand):
        created = self.now - timedelta(minutes=rand.randrange(3 * 365 * 24 * 60))
        return {"create_date": created, "write_date": created}

    def partner_rows(self, start, stop):
        """res_partner rows of companies [start, stop): each, then its contacts."""
        audit = {"create_uid": self.admin, "write_uid": self.admin}
        for number in range(start, stop):
            source = data.company(number)
            company_card, contact_cards = data.cards(source)
            rand = data.rng(data.PARTNER_ROW, number)
            company_id = partner_id(self.base, number)
            salesman = self.admin if rand.random() < 0.6 else None
            for index, card in enumerate([company_card, *contact_cards]):
                normalized, _criterion, _state = self.columns.email(card["email"])
                row = {
                    **card,
                    **audit,
                    **self._dates(rand),
                    "id": company_id + index,
                    "complete_name": card["name"]
                    if index == 0
                    else f"{source['name']}, {card['name']}",
                    "type": "contact",
                    "parent_id": company_id if index else None,
                    "commercial_partner_id": company_id,
                    "commercial_company_name": source["name"],
                    "active": rand.random() < 0.98,
                    "lang": "en_US",
                    "email_normalized": normalized,
                    "phone_sanitized": self.columns.phone_sanitized(
                        card["mobile"], card["phone"], source["country"]
                    ),
                    "website": self.columns.website(card["website"]),
                    "city": source["city"],
                    "country_id": self.countries[source["country"]][0],
                    "user_id": salesman,
                    "partner_share": True,
                    "employee": False,
                    "color": 0,
                    "message_bounce": 0,
                }
                yield row

    def lead_rows(self, start, stop):
        """crm_lead rows [start, stop), with what Odoo computes of them."""
        open_stages = [sid for sid, won in self.stages if not won]
        won_stages = [sid for sid, won in self.stages if won]
        for number in range(start, stop):
            values = data.lead(number, self.companies)
            rand = data.rng(data.LEAD_ROW, number)
            partner = values["partner"] and partner_id(self.base, *values["partner"])
            country = values["country"]
            normalized, criterion, email_state = self.columns.email(values["email"])
            stage, won = open_stages[0], False
            if values["type"] == "opportunity":
                won = rand.random() < 0.2
                stage = rand.choice(won_stages if won else open_stages)
            probability = 100 if won else 10 * (1 + open_stages.index(stage) * 2)
            active = won or rand.random() < 0.95  # the others are lost
            revenue = rand.randrange(50, 5000) * 1000
            dates = self._dates(rand)
            yield {
                **dates,
                "id": self.first_lead + number,
                "name": values["name"],
                "type": values["type"],
                "active": active,
                "stage_id": stage,
                "team_id": self.team,
                "user_id": self.admin if rand.random() < 0.7 else None,
                "company_id": self.company,
                "partner_id": partner,
                "partner_name": values["company"],
                "contact_name": values["contact"],
                "function": values["function"],
                "email_from": values["email"],
                "email_normalized": normalized,
                "email_domain_criterion": criterion,
                "email_state": email_state,
                "phone": values["phone"],
                "mobile": values["mobile"],
                "phone_sanitized": self.columns.phone_sanitized(
                    values["mobile"], values["phone"], country
                ),
                "phone_state": self.columns.phone_state(values["phone"], country),
                "website": self.columns.website(values["website"]),
                "city": values["city"],
                "country_id": self.countries[country][0] if country else None,
                "priority": rand.choice("0001123"),
                "probability": probability if active else 0,
                "automated_probability": probability,
                "expected_revenue": revenue,
                "prorated_revenue": revenue * probability / 100 if active else 0,
                "date_open": dates["create_date"],
                "date_last_stage_update": dates["create_date"],
                "date_closed": dates["create_date"] if won else None,
                "message_bounce": 0,
                "color": 0,
                "create_uid": self.admin,
                "write_uid": self.admin,
            }


def partner_id(base, number, index=None):
    """Id of loaded company ``number`` (ids from ``base``), or of its contact."""
    return base + 3 * number + (0 if index is None else 1 + index)


def table_indexes(cr, tables):
    """(name, definition) of the indexes of tables, but those of constraints."""
    cr.execute(
        """SELECT indexname, indexdef FROM pg_indexes i
            WHERE tablename = ANY(%s) AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        (list(tables),),
    )
    return cr.fetchall()


def load(args):
    """Fill the database with N partners and N leads, streamed through COPY."""
    started = time.perf_counter()
    conn = psycopg2.connect(dbname=args.db)
    with conn, conn.cursor() as cr:
        loader = Loader(cr, args.n)
    conn.close()  # not to be shared with the worker processes
    context = multiprocessing.get_context("fork")
    with context.Pool(initializer=init_worker, initargs=(loader,)) as pool:
        conn = psycopg2.connect(dbname=args.db)
        with conn, conn.cursor() as cr:
            indexes = table_indexes(cr, ("res_partner", "crm_lead"))
            for name, _definition in indexes:  # faster built once, after the rows
                cr.execute(f'DROP INDEX "{name}"')
            partners = copy_table(cr, pool, "res_partner", loader.companies)
            log(f"{partners} partners copied")
            leads = copy_table(cr, pool, "crm_lead", loader.leads)
            log(f"{leads} leads copied, rebuilding {len(indexes)} indexes")
            cr.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cr.execute(definition)
            for table in ("res_partner", "crm_lead"):
                cr.execute(
                    f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"
                )
        conn.close()
    vacuum_analyze(args.db)
    save(
        args.out,
        "load",
        partners=partners,
        leads=leads,
        companies=loader.companies,
        partner_base=loader.base,
        seconds=time.perf_counter() - started,
        peak_mb=peak_mb(),
    )


def vacuum_analyze(db):
    """VACUUM ANALYZE the two tables; returns (seconds, the autovacuum setting)."""
    started = time.perf_counter()
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    with conn.cursor() as cr:
        for table in ("res_partner", "crm_lead"):
            cr.execute(f"VACUUM ANALYZE {table}")
        cr.execute("SHOW autovacuum")
        autovacuum = cr.fetchone()[0]
    conn.close()
    return time.perf_counter() - started, autovacuum


def vacuum(args):
    """After the install: the key fill rewrote every row and the new columns have
    no statistics; do what autovacuum does soon after (it may be off)."""
    seconds, autovacuum = vacuum_analyze(args.db)
    save(args.out, "vacuum", seconds=seconds, autovacuum=autovacuum)


# ---------------------------------------------------------------------------
# Measurements inside Odoo
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def odoo_env(db):
    """An environment of the administrator; everything is rolled back at the end."""
    registry = Registry(db)
    cr = registry.cursor()
    try:
        env = api.Environment(cr, SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        yield api.Environment(cr, admin.id, {"lang": "en_US", "tz": "UTC"})
    finally:
        cr.rollback()
        cr.close()


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


def percentile(values, pct):
    """The pct-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[max(0, round(pct / 100 * len(ordered) + 0.5) - 1)]


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
            partner = partner_id(loaded["partner_base"], *vals["partner"])
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
    """find_duplicates() values for one record of a corpus pair."""
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
                found["level"]
                for found in finder.find_duplicates(corpus_probe(pair.a))
                if found["model"] == "res.partner"
                and found["commercial_partner_id"] == client
            }
        predicted[pair.pair_id] = ("likely" in levels, bool(levels))
    return predicted


def corpus_module():
    """The addon's tests/corpus.py, imported alone: its package would import
    Odoo's test framework, which is not to be loaded outside of tests."""
    path = os.path.join(get_module_path("sales_first_contact"), "tests", "corpus.py")
    spec = importlib.util.spec_from_file_location("sales_first_contact_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
    save(args.out, "stock", check=check, create_rates=rates, corpus=scores)


def addon(args):
    """Step 4: the addon's six-step check, creation rate and corpus."""
    corpus = corpus_module()
    with odoo_env(args.db) as env:
        ids = sample_leads(env, args.m)
        finder = env["crm.duplicate.finder"]
        probes = probe_values(env, ids)
        check, results = timed_checks(
            env, probes, lambda probe: finder.find_duplicates(probe[1])
        )
        own = [
            {c["level"] for c in found if c["model"] == "crm.lead" and c["id"] == lid}
            for (lid, _values), found in zip(probes[WARM_UP:], results, strict=True)
        ]
        check["own_lead_likely"] = sum("likely" in lv for lv in own) / len(own)
        check["own_lead_any"] = sum(bool(lv) for lv in own) / len(own)
        check["candidates_median"] = statistics.median(len(r) for r in results)
        log(f"addon check: {check}")
        similar, _found = timed_checks(env, ids, lambda i: similar_leads(env, i))
        log(f"Similar Leads with the addon: {similar}")
        rates = creation_rate(env, creation_values(env, args))
        log(f"addon creation: {rates} leads/s")
        pairs = corpus.load_corpus()
        predicted = corpus_addon(env, pairs)
        likely = {k: v[0] for k, v in predicted.items()}
        any_level = {k: v[1] for k, v in predicted.items()}
        likely = corpus_scores(corpus, pairs, likely)
        any_level = corpus_scores(corpus, pairs, any_level)
        log(f"addon corpus: likely {likely}, any level {any_level}")
    save(
        args.out,
        "addon",
        check=check,
        similar=similar,
        create_rates=rates,
        corpus=likely,
        corpus_any=any_level,
    )


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def install_figures(out):
    """Install time and peak memory (from /usr/bin/time -v), key fill time (log)."""
    with open(os.path.join(out, "install.time"), encoding="utf-8") as handle:
        text = handle.read()
    clock = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", text)[1]
    seconds = sum(float(part) * 60**i for i, part in enumerate(clock.split(":")[::-1]))
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)[1])
    stamps = {}
    stamp = r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*"
    with open(os.path.join(out, "install.log"), encoding="utf-8") as handle:
        for line in handle:
            for key, pattern in (
                ("fill", "Computing duplicate search keys of res.partner"),
                ("loaded", "Module sales_first_contact loaded"),
            ):
                found = re.match(stamp + re.escape(pattern), line)
                if found and key not in stamps:
                    stamps[key] = datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S,%f")
    fill = None
    if len(stamps) == 2:
        fill = (stamps["loaded"] - stamps["fill"]).total_seconds()
    return {"seconds": seconds, "fill_seconds": fill, "peak_mb": peak_kb / 1024}


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
        (
            "install (key fill) time, peak memory",
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
        f"data load {load_['seconds']:.0f} s (peak {load_['peak_mb']:.0f} MB), "
        f"{check_s['checks']} checks per figure, corpus "
        f"{stock_['corpus']['tp'] + stock_['corpus']['fn']} dup / "
        f"{stock_['corpus']['tn'] + stock_['corpus']['fp']} distinct pairs"
    )
    for line in targets(stock_, addon_, ratio):
        print(line)
    print(f"command: {args.command}")


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
    for label, value, target, op in checks:
        met = {"<=": value <= target, ">=": value >= target, ">": value > target}[op]
        verdict = "met" if met else f"MISSED by {abs(value - target):.3g}"
        yield f"target {label}: {value:.3g} vs {target:.3g} {verdict}"


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def peak_mb():
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def read_figures(out, step):
    with open(os.path.join(out, f"{step}.json"), encoding="utf-8") as handle:
        return json.load(handle)


def save(out, step, **figures):
    figures["peak_mb"] = figures.get("peak_mb") or peak_mb()
    with open(os.path.join(out, f"{step}.json"), "w", encoding="utf-8") as handle:
        json.dump(figures, handle, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    steps = {"load": load, "stock": stock, "vacuum": vacuum, "addon": addon}
    steps["report"] = report
    parser.add_argument("step", choices=steps)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True, help="folder of the JSON figures")
    parser.add_argument("--addons-path", default=os.environ.get("ADDONS_PATH"))
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--m", type=int, default=300)
    parser.add_argument("--create", type=int, default=1000)
    parser.add_argument("--command", default="", help="shown under the table")
    args = parser.parse_args()
    config.parse_config(
        [f"--addons-path={args.addons_path}", "--log-level=warn", "--no-http"]
    )
    steps[args.step](args)


if __name__ == "__main__":
    main()

"""Loading of the benchmark's partners and leads (the ``load`` step of bench_dedup).

The rows of :mod:`bench_dedup_data` are made by worker processes and written
with COPY, the indexes dropped meanwhile and rebuilt after. Every stored column
Odoo computes of them (e-mail and phone keys, websites, names) is computed with
Odoo's own functions, the way its compute methods do. Imported once Odoo's
configuration is parsed, when Odoo's addons can be imported.
"""

import io
import multiprocessing
import time
from datetime import datetime, timedelta

import bench_dedup_data as data
from common import connect, log, vacuum_analyze

from odoo.exceptions import UserError
from odoo.tools import email_normalize, email_split

from odoo.addons.base.models.res_partner import Partner
from odoo.addons.iap.tools.iap_tools import mail_prepare_for_domain_search
from odoo.addons.mail.tools.mail_validation import mail_validate
from odoo.addons.phone_validation.tools.phone_validation import (
    phone_format,
    phone_parse,
)

TABLES = ("res_partner", "crm_lead")
CHUNK = 10_000  # leads or companies per COPY statement

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
COLUMNS = {"res_partner": PARTNER_COLUMNS, "crm_lead": LEAD_COLUMNS}


def email_columns(email):
    """(email_normalized, email_domain_criterion, email_state) of an e-mail."""
    if not email:
        return None, None, None
    normalized = email_normalize(email, strict=False) or None
    criterion = mail_prepare_for_domain_search(normalized) if normalized else None
    valid = any(mail_validate(part) for part in email_split(email))
    return normalized, criterion or None, "correct" if valid else "incorrect"


def phone_state(phone, country):
    """crm.lead's phone_state: the phone read with the lead's own country only."""
    if not phone:
        return None
    try:
        phone_parse(phone, country or None)
    except UserError:
        return "incorrect"
    return "correct"


def website(url):
    """A website as Odoo stores it (res.partner's _clean_website, no record used)."""
    return Partner._clean_website(None, url) if url else None


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
    rows = (
        loader.partner_rows(start, stop)  # of companies, each with its contacts
        if table == "res_partner"
        else loader.lead_rows(start, stop)
    )
    columns = COLUMNS[table]
    lines = ["\t".join(copy_text(row.get(col)) for col in columns) for row in rows]
    return "\n".join(lines) + "\n", len(lines)


def copy_table(cr, pool, table, count):
    """COPY ``count`` records into a table; the pool makes them CHUNK at a time."""
    columns = COLUMNS[table]
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
    """The rows of the generated partners and leads, and what they refer to."""

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
        self.now = datetime.now().replace(microsecond=0)

    def phone_sanitized(self, mobile, phone, country):
        """E.164 of the mobile or else the phone, as mail.thread.phone stores
        it: read with the record's country, else the company's (Russia)."""
        code = country or "RU"
        for number in (mobile, phone):
            if number:
                try:
                    return phone_format(
                        number, code, self.countries[code][1], force_format="E164"
                    )
                except UserError:
                    continue
        return None

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
            company_id = data.partner_id(self.base, number)
            salesman = self.admin if rand.random() < 0.6 else None
            for index, card in enumerate([company_card, *contact_cards]):
                normalized, _criterion, _state = email_columns(card["email"])
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
                    "phone_sanitized": self.phone_sanitized(
                        card["mobile"], card["phone"], source["country"]
                    ),
                    "website": website(card["website"]),
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
            partner = values["partner"] and data.partner_id(
                self.base, *values["partner"]
            )
            country = values["country"]
            normalized, criterion, email_state = email_columns(values["email"])
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
                "phone_sanitized": self.phone_sanitized(
                    values["mobile"], values["phone"], country
                ),
                "phone_state": phone_state(values["phone"], country),
                "website": website(values["website"]),
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


def table_indexes(cr, tables):
    """(name, definition) of the indexes of tables, but those of constraints."""
    cr.execute(
        """SELECT indexname, indexdef FROM pg_indexes i
            WHERE tablename = ANY(%s) AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        (list(tables),),
    )
    return cr.fetchall()


def load(db, n):
    """Fill a database that has crm with N partners and N leads: its figures."""
    started = time.perf_counter()
    conn = connect(db)
    with conn, conn.cursor() as cr:
        loader = Loader(cr, n)
    conn.close()  # not to be shared with the worker processes
    context = multiprocessing.get_context("fork")
    with context.Pool(initializer=init_worker, initargs=(loader,)) as pool:
        conn = connect(db)
        with conn, conn.cursor() as cr:
            indexes = table_indexes(cr, TABLES)
            for name, _definition in indexes:  # faster built once, after the rows
                cr.execute(f'DROP INDEX "{name}"')
            partners = copy_table(cr, pool, "res_partner", loader.companies)
            log(f"{partners} partners copied")
            leads = copy_table(cr, pool, "crm_lead", loader.leads)
            log(f"{leads} leads copied, rebuilding {len(indexes)} indexes")
            cr.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cr.execute(definition)
            for table in TABLES:
                cr.execute(
                    f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"
                )
        conn.close()
    vacuum_analyze(db, TABLES)
    return {
        "partners": partners,
        "leads": leads,
        "companies": loader.companies,
        "partner_base": loader.base,
        "seconds": time.perf_counter() - started,
    }

"""Exhibition list benchmark: Odoo's own import against sales_first_contact's.

Run by ``tools/bench_import.sh`` (``make bench-import``), one step per command,
all on one database filled by ``bench_dedup.py load``; each step writes its
figures as JSON into the output folder:

* ``csv``    write the exhibition list: new visitors, re-typed known clients,
  rows typed twice;
* ``stock``  import it with Odoo's own import (the addon not installed), a
  request per batch as the import screen does, then delete those leads;
* ``addon``  teams, managers and an exhibition, the same import into the
  exhibition (each batch checked for duplicates), then its distribution,
  run to the end by the background job;
* ``report`` print the table of the figures.
"""

import csv
import os
import time
from collections import Counter, defaultdict

import bench_dedup_data as data
from common import (
    bench_main,
    install_figures,
    log,
    query,
    read_figures,
    save_figures,
    table,
    vacuum_analyze,
)

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

EXHIBITION = 8  # kind of random generator (bench_dedup_data uses 1 to 6)
KNOWN, TWIN, PRIVATE = 0.10, 0.03, 0.03  # shares of the rows of the list
HEADERS = ["Company Name", "Contact Name", "Job Position", "Phone", "Email", "City"]
TITLE = "Opportunity"  # stock Odoo requires a lead title: its file has one more
LIMIT = 2000  # rows per request, the import screen's batch
OPTIONS = {  # the import screen's options for a CSV file
    "has_headers": True,
    "quoting": '"',
    "separator": "",
    "encoding": "",
    "date_format": "",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "fields": [],
    "sheet": "",
    "keep_matches": False,
    "limit": LIMIT,
    "skip": 0,
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
}
TEAMS = [  # name, state code of its territory (None: main office), managers
    ("Москва, головной офис", None, ["Ольга Соколова", "Игорь Лебедев", "Анна Орлова"]),
    ("Северо-Запад", "SPE", ["Сергей Волков", "Мария Зайцева"]),
    ("Сибирь", "NVS", ["Дмитрий Козлов", "Елена Павлова"]),
]
TARGET_SECONDS, TARGET_RATIO = 60, 2
WAIT_SECONDS = 1800  # at most, for older transactions to end (see wait_for_indexes)


# ---------------------------------------------------------------------------
# The exhibition list
# ---------------------------------------------------------------------------


def new_visitor(rand, number):
    """A row of a visitor unknown to the database: company ``number``'s contact."""
    source = data.company(number)
    country = source["country"]
    company, who = "", None
    if rand.random() >= PRIVATE:
        company = data.company_name(rand, source["form"], source["brand"])
        who = rand.choice(source["contacts"]) if source["contacts"] else None
    who = who or data.person(rand, country, source["domain"] if company else None)
    phone = source["phone"]
    if who["mobile"] and (not company or rand.random() < 0.4):
        phone = who["mobile"]
    return [
        company,
        data.person_name(rand, who),
        who["function"],
        data.format_phone(rand, phone),
        who["email"],
        source["city"],
    ]


def known_visitor(rand, client):
    """A row re-typing a client's contact, or a colleague of theirs."""
    company, name, function, phone, mobile, email = client[:6]
    city, country, office, company_email = client[6:]
    if rand.random() < 0.2:  # a colleague: the company's phone and domain
        domain = company_email.split("@")[1] if company_email else None
        who = data.person(rand, country, domain)
        name, function = data.person_name(rand, who), who["function"]
        email, phone = who["email"], office
    else:
        name = data.retype_person(rand, name)
        phone = mobile if mobile and rand.random() < 0.6 else phone or mobile or office
    return [
        data.retype_company(rand, company),
        name,
        function or "",
        data.retype_phone(rand, phone, country) if phone else "",
        data.retype_email(rand, email) or "",
        city or "",
    ]


def twin(rand, row):
    """A row typed again: another spelling of the company, name and phone."""
    company, contact, function, phone, email, city = row
    return [
        data.retype_company(rand, company) if company else "",
        data.retype_person(rand, contact),
        function,
        data.retype_phone(rand, phone, None) if phone else "",
        data.retype_email(rand, email),
        city,
    ]


def clients(db):
    """The contacts of the loaded client companies, with their company's values."""
    return query(
        db,
        """SELECT c.name, p.name, p.function, p.phone, p.mobile, p.email,
                  c.city, k.code, c.phone, c.email
             FROM res_partner p
             JOIN res_partner c ON c.id = p.parent_id AND c.is_company
             JOIN res_country k ON k.id = c.country_id
            WHERE p.active AND c.active
              AND c.id NOT IN (SELECT partner_id FROM res_company)
            ORDER BY p.id""",
    )


def write_csv(path, headers, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)


def make_csv(args):
    """Step 1: the exhibition list, and the stock variant with a title column."""
    loaded = read_figures(args.out, "load")
    rand = data.rng(EXHIBITION, 0)
    kinds = []
    for position in range(args.rows):
        draw = rand.random()
        if position and draw < TWIN:
            kinds.append("twin")
        else:
            kinds.append("known" if draw < TWIN + KNOWN else "new")
    known = iter(rand.sample(clients(args.db), kinds.count("known")))
    first_new = loaded["companies"] + loaded["leads"]  # beyond the loaded ones
    rows = []
    for position, kind in enumerate(kinds):
        row_rand = data.rng(EXHIBITION, 1 + position)
        if kind == "twin":
            rows.append(twin(row_rand, rows[row_rand.randrange(position)]))
        elif kind == "known":
            rows.append(known_visitor(row_rand, next(known)))
        else:
            rows.append(new_visitor(row_rand, first_new + position))
    write_csv(os.path.join(args.out, "exhibition.csv"), HEADERS, rows)
    write_csv(
        os.path.join(args.out, "exhibition_stock.csv"),
        [TITLE, *HEADERS],
        [[row[0] or row[1], *row] for row in rows],
    )
    save_figures(args.out, "csv", rows=len(rows), kinds=kinds)
    log(f"exhibition list: {dict(Counter(kinds))}")


# ---------------------------------------------------------------------------
# Requests: each its own transaction, as the web client's or the cron's
# ---------------------------------------------------------------------------


class Requests:
    """Runs functions of an environment, each in its own committed transaction,
    and keeps how long the timed ones took (the commit included)."""

    def __init__(self, db):
        self.registry = Registry(db)
        self.times = []
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.admin = env.ref("base.user_admin").id
            self.user_context = dict(
                env["res.users"].browse(self.admin).context_get(),
                allowed_company_ids=env.company.ids,
            )

    def __call__(self, func, *args, uid=None, context=None, timed=True):
        """func(env, *args): as the administrator in the web client (its context
        and ``context``), or as ``uid`` with ``context`` only (the cron's)."""
        if uid is None:
            uid, context = self.admin, {**self.user_context, **(context or {})}
        start = time.perf_counter()
        with self.registry.cursor() as cr:
            result = func(api.Environment(cr, uid, context or {}), *args)
        if timed:
            self.times.append((func.__name__, time.perf_counter() - start))
        return result


def upload(env, path, context):
    """The import screen: the file uploaded, then its preview."""
    with open(path, "rb") as handle:
        content = handle.read()
    wizard = (
        env["base_import.import"]
        .with_context(**context)
        .create(
            {
                "res_model": "crm.lead",
                "file": content,
                "file_name": os.path.basename(path),
                "file_type": "text/csv",
            }
        )
    )
    return wizard.id


def preview(env, wizard_id):
    return env["base_import.import"].browse(wizard_id).parse_preview(dict(OPTIONS))


def import_batch(env, wizard_id, fields, headers, options):
    return (
        env["base_import.import"]
        .browse(wizard_id)
        .execute_import(fields, headers, options)
    )


def import_file(requests, path, context):
    """Odoo's import screen on a file: upload, preview, then a request per batch.

    The screen's context: the action's, and tracking disabled (its default).
    Returns the ids of the imported records.
    """
    context = dict(context, tracking_disable=True)
    wizard_id = requests(upload, path, context, context=context)
    parsed = requests(preview, wizard_id, context=context)
    headers, matches = parsed["headers"], parsed["matches"] or {}
    unmapped = [name for i, name in enumerate(headers) if i not in matches]
    if unmapped:
        raise RuntimeError(f"columns Odoo does not map by itself: {unmapped}")
    fields = ["/".join(matches[i]) for i in range(len(headers))]
    log(f"{os.path.basename(path)}: {dict(zip(headers, fields, strict=True))}")
    ids, skip = [], 0
    while True:
        options = dict(parsed["options"], skip=skip, limit=LIMIT)
        result = requests(
            import_batch, wizard_id, fields, headers, options, context=context
        )
        if result["messages"]:
            raise RuntimeError(f"import errors: {result['messages'][:3]}")
        ids += result["ids"]
        skip = result["nextrow"]
        log(f"{len(ids)} rows imported, the batch in {requests.times[-1][1]:.1f} s")
        if not skip:
            return ids


def index_blockers(db):
    """Sessions (of any database) whose transaction is older than indexes of
    res_partner or crm_lead built with broken HOT chains (pg_index.indcheckxmin):
    no query can use those indexes until such a transaction ends."""
    rows = query(
        db,
        """SELECT DISTINCT a.datname, a.pid, a.xact_start::timestamp(0)
             FROM pg_index i
             JOIN pg_class c ON c.oid = i.indrelid
             JOIN pg_stat_activity a ON age(a.backend_xid) > age(i.xmin)
            WHERE c.relname IN ('res_partner', 'crm_lead') AND i.indcheckxmin
              AND a.pid <> pg_backend_pid()""",
    )
    return [f"{name} (pid {pid}, since {start})" for name, pid, start in rows]


def wait_for_indexes(db):
    """Wait (at most WAIT_SECONDS) until every index can be used; returns what
    still blocks them (timings are then not representative)."""
    start = time.perf_counter()
    while (blockers := index_blockers(db)) and (
        time.perf_counter() - start < WAIT_SECONDS
    ):
        log(f"indexes unusable until these transactions end: {', '.join(blockers)}")
        time.sleep(30)
    return blockers


def load_average():
    return "%.1f" % os.getloadavg()[0]


# ---------------------------------------------------------------------------
# Stock
# ---------------------------------------------------------------------------


def delete_leads(env, ids):
    env.cr.execute("DELETE FROM crm_lead WHERE id = ANY(%s)", (ids,))


def stock(args):
    """Step 2: the stock import of the list, then its leads deleted."""
    requests = Requests(args.db)
    path = os.path.join(args.out, "exhibition_stock.csv")
    blockers = wait_for_indexes(args.db)
    loads = [load_average()]
    start = time.perf_counter()
    ids = import_file(requests, path, {"default_type": "lead"})
    seconds = time.perf_counter() - start
    loads.append(load_average())
    requests(delete_leads, ids, timed=False)
    log(f"stock import: {len(ids)} leads in {seconds:.1f} s, deleted again")
    save_figures(
        args.out,
        "stock",
        rows=len(ids),
        seconds=seconds,
        requests=requests.times,
        load=loads,
        blockers=blockers,
    )


# ---------------------------------------------------------------------------
# sales_first_contact
# ---------------------------------------------------------------------------


def set_up(env):
    """The teams and their managers, and an exhibition; returns the event's id."""
    salesman = env.ref("sales_team.group_sale_salesman")
    Users = env["res.users"].with_context(no_reset_password=True)
    env["crm.team"].search([]).write({"is_main_office": False})
    for name, state, managers in TEAMS:
        users = Users.create(
            [
                {
                    "name": manager,
                    "login": f"bench_manager_{state or 'main'}_{number}",
                    "groups_id": [Command.set(salesman.ids)],
                }
                for number, manager in enumerate(managers)
            ]
        )
        states = env["res.country.state"].search(
            [("country_id.code", "=", "RU"), ("code", "=", state)]
        )
        env["crm.team"].create(
            {
                "name": name,
                "is_main_office": not state,
                "territory_state_ids": [Command.set(states.ids)],
                "member_ids": [Command.set(users.ids)],
            }
        )
    event = env["crm.first.contact.event"].create(
        {
            "name": "Металлообработка-2026",
            "kind": "exhibition",
            "city": "Москва",
            "date_start": "2026-05-26",
            "date_end": "2026-05-29",
        }
    )
    return event.id


def import_context(env, event_id):
    event = env["crm.first.contact.event"].browse(event_id)
    return event.action_import_contacts()["params"]["context"]


def distribute(env, event_id):
    return env["crm.first.contact.event"].browse(event_id).action_distribute()


def cron_user_id(env):
    return env.ref("sales_first_contact.ir_cron_first_contact_events").user_id.id


def cron_run(env):
    """One run of the background job, as the cron calls it."""
    return env["crm.first.contact.event"]._cron_process()


def outcome(env, event_id):
    """Counts of the check, and the shares of the managers of each team."""
    env.cr.execute(
        """SELECT fc_check_state, count(*) FROM crm_lead
            WHERE fc_event_id = %s GROUP BY 1""",
        (event_id,),
    )
    checks = dict(env.cr.fetchall())
    env.cr.execute(
        """SELECT user_id, count(*) FROM crm_lead
            WHERE fc_event_id = %s AND first_contact_rule = 'event' GROUP BY 1""",
        (event_id,),
    )
    given = Counter(dict(env.cr.fetchall()))
    shares = []
    for name, _state, _managers in TEAMS:
        team = env["crm.team"].search([("name", "=", name)])
        counts = [given[user.id] for user in team.member_ids]
        shares.append((name, len(counts), min(counts), max(counts)))
    return checks, shares, sum(given.values())


def verdicts(env, ids, kinds):
    """[(kind of row, check state, count)]: what the check made of each row."""
    env.cr.execute("SELECT id, fc_check_state FROM crm_lead WHERE id = ANY(%s)", (ids,))
    state = dict(env.cr.fetchall())
    pairs = Counter(
        (kind, state[lead_id]) for lead_id, kind in zip(ids, kinds, strict=True)
    )
    return [[kind, check, count] for (kind, check), count in sorted(pairs.items())]


def addon(args):
    """Step 3: the import into an exhibition, its check and its distribution."""
    # the install rewrote every row and added columns without statistics:
    # what autovacuum does soon after
    vacuum, _autovacuum = vacuum_analyze(args.db)
    log(f"VACUUM ANALYZE after the install: {vacuum:.0f} s")
    requests = Requests(args.db)
    event_id = requests(set_up, uid=SUPERUSER_ID, timed=False)
    context = requests(import_context, event_id, timed=False)
    path = os.path.join(args.out, "exhibition.csv")
    blockers = wait_for_indexes(args.db)
    loads = [load_average()]
    start = time.perf_counter()
    ids = import_file(requests, path, context)
    imported = time.perf_counter() - start
    requests(distribute, event_id)
    cron_user = requests(cron_user_id, uid=SUPERUSER_ID, timed=False)
    runs = 0
    while requests(cron_run, uid=cron_user):
        runs += 1
    seconds = time.perf_counter() - start
    loads.append(load_average())
    checks, shares, distributed = requests(outcome, event_id, timed=False)
    kinds = read_figures(args.out, "csv")["kinds"]
    found = requests(verdicts, ids, kinds, timed=False)
    log(f"addon: {len(ids)} rows, {found}, {shares}, {runs + 1} job runs")
    save_figures(
        args.out,
        "addon",
        rows=len(ids),
        seconds=seconds,
        import_seconds=imported,
        requests=requests.times,
        job_runs=runs + 1,
        checks=checks,
        verdicts=found,
        shares=shares,
        distributed=distributed,
        vacuum=vacuum,
        load=loads,
        blockers=blockers,
    )


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def report(args):
    """Print the table of the figures, and the targets met."""
    loaded, listed, stock_, addon_ = (
        read_figures(args.out, step) for step in ("load", "csv", "stock", "addon")
    )
    install = install_figures(args.out)["seconds"]
    ratio = addon_["seconds"] / stock_["seconds"]
    slowest = [max(t for _name, t in step["requests"]) for step in (stock_, addon_)]
    checks = defaultdict(int, addon_["checks"])
    check = " / ".join(
        str(checks[state]) for state in ("new", "known", "owner", "duplicate")
    )
    shares = "; ".join(
        f"{name} {count}: {low}-{high}" for name, count, low, high in addon_["shares"]
    )
    title = f"exhibition list import, {listed['rows']} rows into "
    rows = [
        (
            title + f"{loaded['partners']} partners",
            "stock Odoo import",
            "sales_first_contact (import + check + distribution)",
        ),
        ("total seconds", f"{stock_['seconds']:.1f}", f"{addon_['seconds']:.1f}"),
        (
            "rows per second",
            f"{stock_['rows'] / stock_['seconds']:.0f}",
            f"{addon_['rows'] / addon_['seconds']:.0f}",
        ),
        (
            "slowest request / transaction (s)",
            f"{slowest[0]:.1f}",
            f"{slowest[1]:.1f}",
        ),
        ("ratio to stock", "1.00", f"{ratio:.2f}"),
        ("check: new / known / handed to owners / duplicates in list", "-", check),
        ("distribution: managers, min-max share per team", "-", shares),
    ]
    print(table(rows[0], rows[1:]))
    met = {True: "met", False: "MISSED"}
    print(
        f"targets: total <= {TARGET_SECONDS} s: "
        f"{met[addon_['seconds'] <= TARGET_SECONDS]}; "
        f"<= {TARGET_RATIO}x stock: {met[ratio <= TARGET_RATIO]}"
    )
    print(f"command: {args.command}")
    print()
    kinds = Counter(listed["kinds"])
    distribution = addon_["seconds"] - addon_["import_seconds"]
    found = defaultdict(Counter)
    for kind, state, count in addon_["verdicts"]:
        found[kind][state] += count
    print(
        f"the list: {kinds['new']} new visitors, {kinds['known']} re-typed "
        f"contacts of clients, {kinds['twin']} rows typed twice; stock Odoo needs "
        f"a title column ({TITLE}), the addon makes one"
    )
    print(
        f"the check by row: typed twice -> duplicate {found['twin']['duplicate']}"
        f"/{kinds['twin']}; client -> known or owner "
        f"{found['known']['known'] + found['known']['owner']}/{kinds['known']}; "
        f"new -> new {found['new']['new']}/{kinds['new']} (duplicate "
        f"{found['new']['duplicate']}, known {found['new']['known']}, "
        f"owner {found['new']['owner']})"
    )
    print(
        f"sales_first_contact: import {addon_['import_seconds']:.1f} s, "
        f"distribution of {addon_['distributed']} contacts in "
        f"{addon_['job_runs']} job runs {distribution:.1f} s; install "
        f"{install:.0f} s and VACUUM ANALYZE {addon_['vacuum']:.0f} s "
        "(not in the comparison)"
    )
    for name, step in (("stock", stock_), ("sales_first_contact", addon_)):
        print(f"{name} requests (s): " + timeline(step["requests"]))
        if step["blockers"]:
            print(
                f"WARNING: during the {name} run, indexes were unusable (older "
                f"transactions: {', '.join(step['blockers'])}): not representative"
            )
    print(
        f"database: {loaded['partners']} partners and {loaded['leads']} leads "
        f"(bench_dedup.py load, {loaded['seconds']:.0f} s); load average "
        f"(1 min) at start/end: stock {'/'.join(stock_['load'])}, "
        f"addon {'/'.join(addon_['load'])} on {os.cpu_count()} cores"
    )


def timeline(requests):
    """'upload 0.1, preview 0.2, import_batch 4.6 4.5, ...': consecutive requests
    of one kind on one line."""
    groups = []
    for name, seconds in requests:
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append(f"{seconds:.1f}")
    return ", ".join(f"{name} {' '.join(times)}" for name, times in groups)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def main():
    steps = {"csv": make_csv, "stock": stock, "addon": addon, "report": report}
    bench_main(__doc__, steps, [("--rows", {"type": int, "default": 10_000})])


if __name__ == "__main__":
    main()

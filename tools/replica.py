"""Odoo on a PostgreSQL primary with a streaming read replica (make replica).

A private primary and its replica (``pg_basebackup -R``, synchronous with
``remote_apply``, so that a read on the replica sees the write just made) run
in var/ on their own ports and are removed at the end. Odoo (two HTTP workers
and a cron worker) is started with ``--db_replica_host/--db_replica_port``;
through the web client's JSON-RPC routes, as a browser would:

1. the read-only requests: the duplicate search (``check_client``), the
   Check Client screen's live search (its ``onchange``), the call desk's
   preview, the on-duty view and the reports must answer correctly and their
   statements must have run on the replica, not on the primary
   (``pg_stat_statements`` of both);
2. the writes: registering incoming calls (a new client, a known client) routes
   them and their rows are written on the primary.

Prints what ran where and exits 1 when something did not hold.
"""

import argparse
import itertools
import os
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta

import requests
from common import (
    ROOT,
    copy_database,
    exit_on_signals,
    install_addons,
    log,
    odoo_server,
    report_problems,
    table,
)
from pgcluster import PrivateCluster

STATEMENTS = "shared_preload_libraries = 'pg_stat_statements'"
# statements of each kind, as pg_stat_statements normalizes them
MARKERS = {
    # the exact keys' function (crm_duplicate_finder_exact), or a statement
    # of the search sent as text (the near names)
    "duplicate search": (
        '%FROM "sfc_dedup_exact_%',
        "%LATERAL (%SELECT t.id, row_number() OVER%",
    ),
    "reports": '%FROM "crm_first_contact_report"%',
    # a view, or rows computed from the calendars (its _table_query)
    "duty coverage report": (
        '%FROM "crm_duty_coverage_report"%',
        "%AS r(id, team_id, day, office_hours%",
    ),
    "on-duty view": '%FROM "crm_duty_shift"%',
    "lead written": 'INSERT INTO "crm_lead"%',
    "call written": 'INSERT INTO "crm_first_contact"%',
}


class Rpc:
    """A web client session: JSON-RPC as the browser sends it."""

    def __init__(self, url, db, login, password):
        self.url, self.session, self.ids = url, requests.Session(), itertools.count(1)
        self.call("/web/session/authenticate", db=db, login=login, password=password)

    def call(self, route, **params):
        response = self.session.post(
            f"{self.url}{route}",
            json={"jsonrpc": "2.0", "method": "call", "id": next(self.ids),
                  "params": params},
            timeout=120,
        )  # fmt: skip
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(f"{route}: {body['error']['data']['message']}")
        return body["result"]

    def kw(self, model, method, *args, **kwargs):
        route = "call_button" if method.startswith("action_") else "call_kw"
        return self.call(
            f"/web/dataset/{route}/{model}/{method}",
            model=model, method=method, args=list(args), kwargs=kwargs,
        )  # fmt: skip


def statements(cluster, db):
    """{marker: calls} of the statements pg_stat_statements saw on a cluster."""
    counts = {}
    for name, patterns in MARKERS.items():
        patterns = (patterns,) if isinstance(patterns, str) else patterns
        like = " OR ".join(f"s.query LIKE '{pattern}'" for pattern in patterns)
        sql = (
            "SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s"
            " JOIN pg_database d ON d.oid = s.dbid"
            f" WHERE d.datname = '{db}' AND ({like})"
        )
        counts[name] = int(cluster.psql(sql, db=db))
    return counts


def transactions(cluster, db):
    return int(
        cluster.psql(
            f"SELECT xact_commit + xact_rollback FROM pg_stat_database"
            f" WHERE datname = '{db}'",
            db=db,
        )
    )


def reset(db, *clusters):
    for cluster in clusters:
        cluster.psql("SELECT pg_stat_statements_reset()", db=db)


def set_up(rpc):
    """A known client with its manager, a main office with a duty manager now."""
    admin = rpc.call("/web/session/get_session_info")["uid"]
    client = rpc.kw(
        "res.partner", "create",
        {"name": "ООО «Репликант»", "is_company": True, "user_id": admin,
         "email": "info@replikant.ru", "phone": "+7 495 555-12-34"},
    )  # fmt: skip
    # a main office of its own (a demo database has one with its roster)
    rpc.kw("crm.team", "write", rpc.kw("crm.team", "search", []),
           {"is_main_office": False})  # fmt: skip
    teams = [rpc.kw("crm.team", "create", {"name": "Replica Moscow"})]
    rpc.kw("crm.team", "write", teams, {"is_main_office": True})
    now = datetime.now(UTC).replace(tzinfo=None).replace(microsecond=0)
    rpc.kw(
        "crm.duty.shift", "create",
        {"user_id": admin, "team_id": teams[0], "shared": True,
         "date_start": str(now - timedelta(hours=1)),
         "date_end": str(now + timedelta(hours=6))},
    )  # fmt: skip
    return admin, client


def read_only_requests(rpc, client):
    """What the screens read; returns the problems found in the answers."""
    problems = []
    found = rpc.kw(
        "crm.duplicate.finder", "check_client",
        {"company_name": "Репликант", "phone": "8 (495) 555-12-34"},
    )  # fmt: skip
    if not found or found[0]["id"] != client or found[0]["level"] != "likely":
        problems.append(f"check_client did not find the client first: {found}")
    spec = {"company_name": {}, "summary": {}, "result_level": {},
            "line_ids": {"fields": {"res_id": {}, "level": {}}}}  # fmt: skip
    screen = rpc.kw(
        "crm.client.check", "onchange",
        [], {"company_name": "ООО Репликант", "email": "sales@replikant.ru"},
        ["company_name", "email"], spec,
    )  # fmt: skip
    if screen["value"].get("result_level") != "likely":
        problems.append(f"the Check Client screen found nothing: {screen['value']}")
    desk = rpc.kw(
        "crm.first.contact", "onchange",
        [], {"company_name": "Репликант", "phone": "+7 495 555 12 34"},
        ["company_name", "phone"],
        {"company_name": {}, "phone": {}, "dedup_summary": {}, "route_preview": {}},
    )  # fmt: skip
    if not desk["value"].get("dedup_summary"):
        problems.append(f"the desk's preview is empty: {desk['value']}")
    now = str(datetime.now(UTC).replace(tzinfo=None).replace(microsecond=0))
    on_duty = rpc.kw(
        "crm.duty.shift", "web_search_read",
        [("date_start", "<=", now), ("date_end", ">", now)],
        {"user_id": {"fields": {"display_name": {}}}, "team_id": {}},
    )  # fmt: skip
    if not on_duty["length"]:
        problems.append("nobody on duty in the on-duty view")
    rpc.kw(
        "crm.first.contact.report", "web_read_group",
        [], ["__count"], ["first_contact_channel"],
    )  # fmt: skip
    rpc.kw("crm.duty.coverage.report", "web_read_group", [], ["__count"], ["team_id"])
    return problems


def register_calls(rpc, admin, client):
    """Two incoming calls registered at the desk: a new client, a known one."""
    problems = []
    new = rpc.kw(
        "crm.first.contact", "create",
        {"company_name": "ООО «Совсем Новый Клиент»", "contact_name": "Олег Новиков",
         "phone": "+7 495 777-88-99", "question": "replica: new client"},
    )  # fmt: skip
    known = rpc.kw(
        "crm.first.contact", "create",
        {"company_name": "Репликант", "contact_name": "Ирина Смирнова",
         "phone": "8 495 555-12-34", "question": "replica: known client"},
    )  # fmt: skip
    for call in (new, known):
        rpc.kw("crm.first.contact", "action_register", [call])
    rows = rpc.kw(
        "crm.first.contact", "read", [new, known],
        ["state", "lead_id", "routed_user_id", "rule"],
    )  # fmt: skip
    for row in rows:
        if row["state"] != "done" or not row["lead_id"] or not row["routed_user_id"]:
            problems.append(f"a call was not registered and routed: {row}")
    if rows[1]["rule"] != "client_manager" or rows[1]["routed_user_id"][0] != admin:
        problems.append(f"the known client's call did not go to its manager: {rows[1]}")
    lead = rpc.kw("crm.lead", "read", [rows[1]["lead_id"][0]], ["partner_id"])[0]
    partner = (
        lead["partner_id"]
        and rpc.kw(
            "res.partner", "read", [lead["partner_id"][0]], ["commercial_partner_id"]
        )[0]
    )
    if not partner or partner["commercial_partner_id"][0] != client:
        problems.append(f"the known client's lead is not linked to it: {lead}")
    return problems


def prepare(args, primary, data_dir):
    if args.copy_from:
        log(f"copying {args.copy_from} into the private primary")
        copy_database(args.copy_from, args.db, primary.env)
    else:
        install_addons(args.db, primary.env, data_dir)
    primary.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db=args.db)


def run(args, primary, replica):
    url = f"http://127.0.0.1:{args.port}"
    problems = []
    rpc = Rpc(url, args.db, "admin", "admin")
    admin, client = set_up(rpc)
    time.sleep(1)  # the set-up's own reads done
    reset(args.db, primary, replica)
    before = transactions(replica, args.db)
    problems += read_only_requests(rpc, client)
    reads = {"primary": statements(primary, args.db),
             "replica": statements(replica, args.db)}  # fmt: skip
    replica_transactions = transactions(replica, args.db) - before
    reset(args.db, primary, replica)
    problems += register_calls(rpc, admin, client)
    writes = {"primary": statements(primary, args.db),
              "replica": statements(replica, args.db)}  # fmt: skip

    print(f"Odoo --workers=2 on a primary (port {primary.port}) and a streaming "
          f"replica (port {replica.port}), database {args.db}")  # fmt: skip
    rows = [
        (phase, name, counts["primary"][name], counts["replica"][name])
        for phase, counts, names in (
            ("read-only requests", reads, list(MARKERS)[:4]),
            ("registering 2 calls", writes, list(MARKERS)),
        )
        for name in names
    ]
    print(table(["phase", "statements", "on primary", "on replica"], rows))
    print(f"transactions on the replica during the read-only requests: "
          f"{replica_transactions}")  # fmt: skip
    for name in list(MARKERS)[:4]:
        if not reads["replica"][name]:
            problems.append(f"{name}: no statement ran on the replica")
        if reads["primary"][name]:
            problems.append(f"{name}: statements ran on the primary")
    for name in ("lead written", "call written"):
        if not writes["primary"][name]:
            problems.append(f"{name}: nothing written on the primary")
    if not writes["primary"]["duplicate search"]:
        problems.append("registering did not search duplicates on the primary")
    with open(args.server_log, encoding="utf-8", errors="replace") as server_log:
        log_text = server_log.read()
    retried = log_text.count("retrying with a read/write cursor")
    print(f"read-only requests retried on the primary after a write: {retried}")
    if retried:
        problems.append("a read-only request tried to write (see the server log)")
    return report_problems(problems)


def main():
    exit_on_signals()
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sfc_replica")
    parser.add_argument("--copy-from", help="database of the machine's server")
    parser.add_argument("--port", type=int, default=18371, help="HTTP; gevent +1")
    parser.add_argument("--server-log", default=str(ROOT / "var" / "replica.log"))
    args = parser.parse_args()
    open(args.server_log, "w").close()
    base = ROOT / "var" / f"pg-replica-{os.getpid()}"
    try:
        return run_on_clusters(args, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def run_on_clusters(args, base):
    with PrivateCluster(base / "primary", settings={
        "shared_preload_libraries": "'pg_stat_statements'"
    }) as primary:  # fmt: skip
        data_dir = base / "odoo-data"
        prepare(args, primary, data_dir)
        with primary.replica(
            base / "replica",
            settings={"shared_preload_libraries": "'pg_stat_statements'"},
        ) as replica:
            # reads on the replica see the writes just committed on the primary
            primary.psql("ALTER SYSTEM SET synchronous_standby_names = 'replica'")
            primary.psql("ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
            primary.psql("SELECT pg_reload_conf()")
            log(f"primary port {primary.port}, replica port {replica.port}")
            server_args = [
                f"--db_host={primary.run}", f"--db_port={primary.port}",
                f"--db_replica_host={replica.run}",
                f"--db_replica_port={replica.port}",
                "--log-level=info", f"--data-dir={data_dir}",
            ]  # fmt: skip
            with odoo_server(
                args.db, args.port, server_args, primary.env, args.server_log
            ):
                return run(args, primary, replica)


if __name__ == "__main__":
    sys.exit(main())

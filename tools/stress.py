"""Concurrent first contacts against a multi-worker Odoo (make stress).

Everything runs on a PostgreSQL cluster of its own (tools/pgcluster.py, in
var/), removed at the end: the database is copied there from the machine's
server (``--copy-from DB``) or created there. An Odoo with two HTTP workers and
a cron worker (its own HTTP and gevent ports) serves it.

Clients use Odoo's external API through odoorpc (JSON-RPC), each logged in as
its own operator, and the website form over plain HTTP. Half of them register
the same new company at the same moment. Then two clients distribute the same
exhibition at once. With ``--faults``, the cron worker (found among the
children of the server started here) is killed during a background
distribution, and the private PostgreSQL is restarted under load.

Prints the figures and exits 1 when a guarantee does not hold.
"""

import argparse
import os
import shutil
import signal
import threading
import time
import urllib.parse
import urllib.request
import uuid

import odoorpc
from common import (
    ROOT,
    Summary,
    copy_database,
    exit_on_signals,
    install_addons,
    log,
    odoo_server,
    odoo_shell,
    report_problems,
)
from pgcluster import PrivateCluster

SAME_COMPANY = "ООО «Одновременно {run}»"


def connect(url, db, login):
    parsed = urllib.parse.urlparse(url)
    odoo = odoorpc.ODOO(parsed.hostname, port=parsed.port, timeout=120)
    odoo.login(db, login, login)
    return odoo


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = self.answered = self.failed = 0
        self.latencies = []
        self.errors = []

    def run(self, fn):
        with self.lock:
            self.sent += 1
        start = time.monotonic()
        try:
            result = fn()
        except Exception as error:  # noqa: BLE001 - counted and reported
            with self.lock:
                self.failed += 1
                self.errors.append(repr(error)[:300])
            return None
        with self.lock:
            self.answered += 1
            self.latencies.append((time.monotonic() - start) * 1000)
        return result


def register_call(odoo, run, index, same):
    company = SAME_COMPANY.format(run=run) if same else f"ООО «Клиент {run} {index}»"
    phone = (
        "+7 495 777-00-00"
        if same
        else "+7 495 %03d-%02d-%02d" % (100 + index, index, index)
    )
    Call = odoo.env["crm.first.contact"]
    call_id = Call.create(
        {
            "question": f"stress {run} #{index}",
            "company_name": company,
            "contact_name": f"Контакт {index}",
            "phone": phone,
            "email": "info@odnovremenno.ru" if same else f"c{index}@klient-{run}.ru",
        }
    )
    Call.browse(call_id).action_register()
    return call_id


def post_website_form(url, run, index, same):
    company = SAME_COMPANY.format(run=run) if same else f"ООО «Сайт {run} {index}»"
    data = urllib.parse.urlencode(
        {
            "name": f"web stress {run} #{index}",
            "partner_name": company,
            "contact_name": f"Посетитель {index}",
            "email_from": "info@odnovremenno.ru" if same else f"w{index}@sait-{run}.ru",
            "description": "stress",
        }
    ).encode()
    with urllib.request.urlopen(
        f"{url}/website/form/crm.lead", data=data, timeout=120
    ) as r:
        body = r.read().decode()
    if '"id"' not in body:
        raise RuntimeError(body[:200])
    return body


def first_contacts(args, run, stats, admin):
    """Concurrent calls and website requests; half for the same new company."""
    sessions = [connect(args.url, args.db, f"stress_{i}") for i in range(args.clients)]
    barrier = threading.Barrier(args.clients)
    web = {i for i in range(args.clients) if args.website and i % 4 == 1}

    def client(index):
        same = index % 2 == 0
        barrier.wait()
        if index in web:
            stats.run(lambda: post_website_form(args.url, run, index, same))
        else:
            stats.run(lambda: register_call(sessions[index], run, index, same))

    join_all([threading.Thread(target=client, args=(i,)) for i in range(args.clients)])
    cards = admin.env["res.partner"].search_count(
        [("name", "=", SAME_COMPANY.format(run=run)), ("is_company", "=", True)]
    )
    calls = admin.env["crm.first.contact"].search_count(
        [("question", "=like", f"stress {run} #%")]
    )
    return {
        "duplicates": max(cards - 1, 0),
        "calls": calls,
        "expected": args.clients - len(web),
    }


def distribution(args, stats, admin, server):
    """Two users distribute the same exhibition at once; the job ends. The one
    who comes second while the other's distribution runs is told so (a message,
    not a failure)."""
    two = threading.Barrier(2)
    told = []

    def press(event):
        try:
            return event.action_distribute()
        except odoorpc.error.RPCError as error:
            if "being distributed right now" not in str(error):
                raise
            told.append(str(error))
            return None

    def distribute(login):
        odoo = connect(args.url, args.db, login)
        two.wait()
        event = odoo.env["crm.first.contact.event"].browse(args.event)
        stats.run(lambda: press(event))

    join_all(
        [threading.Thread(target=distribute, args=(f"stress_{i}",)) for i in (0, 1)]
    )
    Lead = admin.env["crm.lead"]
    domain = [("fc_event_id", "=", args.event)]
    queued = domain + [("fc_to_distribute", "!=", False)]
    killed, deadline = None, time.time() + 600
    while time.time() < deadline and Lead.search_count(queued):
        if args.faults and not killed:
            worker = server.cron_worker()
            if worker and Lead.search_count(domain + [("user_id", "!=", False)]):
                os.kill(worker.pid, signal.SIGKILL)  # the master starts a new one
                killed = worker.pid
        time.sleep(0.2)
    groups = Lead.read_group(domain, ["user_id"], ["user_id"])
    return {
        "total": Lead.search_count(domain),
        "unassigned": Lead.search_count(domain + [("user_id", "=", False)]),
        "shares": sorted(g["user_id_count"] for g in groups if g["user_id"]),
        "killed": killed,
        "told": len(told),
    }


def restart_postgres(args, stats, cluster):
    """Restart our PostgreSQL under the running server: it must recover alone."""
    cluster.restart()
    for _attempt in range(30):
        count = stats.run(
            lambda: (
                connect(args.url, args.db, "stress_2")
                .env["res.partner"]
                .search_count([])
            )
        )
        if count is not None:
            return True
        time.sleep(1)
    return False


def join_all(threads):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def prepare_database(args, cluster, data_dir):
    """The database on the private cluster, and the scenario's users and event."""
    if args.copy_from:
        log(f"copying {args.copy_from} into the private cluster")
        copy_database(args.copy_from, args.db, cluster.env)
        source = args.filestore and os.path.join(args.filestore, args.copy_from)
        if source and os.path.isdir(source):
            shutil.copytree(source, data_dir / "filestore" / args.db)
    else:
        install_addons(args.db, cluster.env, data_dir)
    env = {
        **cluster.env,
        "STRESS_CLIENTS": str(args.clients),
        "STRESS_CONTACTS": str(args.contacts),
    }
    args_ = [f"--data-dir={data_dir}"]
    return int(odoo_shell(args.db, "stress_setup.py", "STRESS_EVENT", env, args_))


def run(args, cluster, server):
    run_id, stats = uuid.uuid4().hex[:6], Stats()
    admin = connect(args.url, args.db, "admin")
    contacts = first_contacts(args, run_id, stats, admin)
    dist = distribution(args, stats, admin, server)
    failed_before_restart = stats.failed
    recovered = restart_postgres(args, stats, cluster) if args.faults else None

    lat = Summary.of(stats.latencies)
    print(
        f"requests sent {stats.sent}, answered {stats.answered}, failed {stats.failed}"
    )
    print(
        f"duplicates created {contacts['duplicates']}, "
        f"calls recorded {contacts['calls']} of {contacts['expected']}"
    )
    print(
        f"exhibition: {dist['total']} contacts, unassigned {dist['unassigned']}, "
        f"shares {dist['shares']}"
        + (f", cron worker {dist['killed']} killed mid-way" if dist["killed"] else "")
    )
    print(
        "Distribute pressed at once by two users: told another distribution "
        f"was running {dist['told']}"
    )
    print(f"latency p50 {lat.p50:.0f} ms, p95 {lat.p95:.0f} ms")
    if recovered is not None:
        print(f"PostgreSQL restarted under load: server recovered: {recovered}")
    for error in stats.errors[:5]:
        print(f"  error: {error}")
    problems = [
        text
        for failed, text in (
            (contacts["duplicates"], "a second card for the same new company"),
            (contacts["calls"] != contacts["expected"], "calls lost or recorded twice"),
            (dist["unassigned"], "exhibition contacts left without a manager"),
            (
                dist["shares"] and max(dist["shares"]) - min(dist["shares"]) > 1,
                "uneven shares",
            ),
            (failed_before_restart, "requests failed"),
            (recovered is False, "no recovery after the PostgreSQL restart"),
            (
                args.faults and not dist["killed"],
                "the cron worker was never caught mid-job to be killed",
            ),
        )
        if failed
    ]
    return report_problems(problems)


def main():
    exit_on_signals()
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sfc_stress")
    parser.add_argument("--copy-from", help="database of the machine's server")
    parser.add_argument("--filestore", help="Odoo data dir of --copy-from")
    parser.add_argument("--port", type=int, default=18369, help="HTTP; gevent +1")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--website", action="store_true")
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--server-log", default=str(ROOT / "var" / "stress.log"))
    parser.add_argument("--keep", action="store_true", help="keep the cluster")
    args = parser.parse_args()
    args.url = f"http://127.0.0.1:{args.port}"
    path = ROOT / "var" / f"pg-stress-{os.getpid()}"
    with PrivateCluster(path, keep=args.keep) as cluster:
        log(f"private PostgreSQL in {path}, port {cluster.port}")
        data_dir = path / "odoo-data"
        event = prepare_database(args, cluster, data_dir)
        server_args = [
            "--limit-time-real=300",
            "--log-level=info",
            f"--data-dir={data_dir}",
        ]
        with odoo_server(
            args.db, args.port, server_args, cluster.env, args.server_log
        ) as server:
            args.event = event
            print(
                f"Stress: {args.clients} clients on Odoo --workers=2 ({args.url}, "
                f"{args.db} on a private PostgreSQL), event {event}",
                flush=True,
            )
            return run(args, cluster, server)


if __name__ == "__main__":
    raise SystemExit(main())

"""Helpers shared by the Python scripts of tools/: the benchmarks (bench_dedup,
bench_import), stress, load and replica. Standard library only, but
:func:`connect` (psycopg2, from the project's virtualenv) and the functions
marked *Odoo*, which import Odoo when called (its configuration parsed first).

Logging
    ``log(message)``: ``== HH:MM:SS message`` on stderr, flushed.
Figures
    ``percentile(values, pct)``: nearest-rank percentile (0 for no values).
    ``Summary.of(values)``: count, p50, p95, p99, mean and max of a sample.
    ``peak_rss_mb(pids)``: the peak resident memory (VmHWM) of processes, MiB;
    ``peak_mb()``: that of this process.
    ``read_figures(out, step)``, ``save_figures(out, step, **figures)``: the
    JSON file of a benchmark step's figures in its output folder.
    ``install_figures(out)``: the addon's install, timed by ``bench_install``
    of tools/common.sh: seconds, key fill seconds (its log), peak memory.
Tables
    ``table(headers, rows)``: fixed-width text table, numbers right-aligned.
    ``report_problems(problems)``: ``PROBLEM:`` lines, the exit code.
Databases (the standard ``PG*`` variables apply)
    ``connect(db)``, ``query(db, sql, params)``: one connection, rows back.
    ``psql(sql, db="postgres")``: one statement through psql, text back.
    ``database_exists(db)``, ``drop_database(db)``, ``copy_database(src, dst,
    dst_env)``: a database copied with pg_dump into another server.
    ``vacuum_analyze(db)``: VACUUM ANALYZE of res_partner and crm_lead.
Odoo
    ``odoo_command(db, *args)``: the command line of the ``odoo`` function of
    tools/common.sh (project virtualenv, addons path, ``-d``, ``--db-filter``).
    ``addons()``: the addons of this repository.
    ``install_addons(db, env, data_dir)``: a new database with them, no demo.
    ``odoo_shell(db, script, marker, env)``: a script of tools/ run in ``odoo
    shell``; the value it prints after ``MARKER=``.
    ``odoo_server(db, port, ...)``: a multi-worker server on 127.0.0.1,
    waited for; ``OdooServer``: any server started by a script.
    ``wait_http(url, seconds)``: wait until a server answers.
    ``bench_main(doc, steps, ...)``: a benchmark's command line (one step a
    run, Odoo's configuration parsed); ``odoo_env(db)``: an administrator's
    environment, rolled back at the end (*Odoo*).
    ``main_office_on_duty(env, name, users, hours)``: the main office and its
    duty shifts, for the set-up scripts run in ``odoo shell`` (*Odoo*).
Processes
    ``exit_on_signals()``: SIGTERM and SIGHUP raise SystemExit, so that
    ``finally`` blocks and context managers clean up as on Ctrl-C.
"""

import argparse
import contextlib
import json
import math
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = Path(os.environ.get("ODOO_SRC") or Path.home() / "src" / "odoo-18.0")
VENV = Path(os.environ.get("VENV") or ROOT / ".venv")
PYTHON = VENV / "bin" / "python"


def log(message):
    """One timestamped line on stderr."""
    print(f"== {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------
# Figures
# ----------------------------------------------------------------------


def percentile(values, pct):
    """Nearest-rank percentile of values (0 for none)."""
    ordered = sorted(values)
    if not ordered:
        return 0
    rank = max(math.ceil(len(ordered) * pct / 100), 1)
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    """Figures of one sample (e.g. response times in ms)."""

    count: int
    p50: float
    p95: float
    p99: float
    mean: float
    max: float

    @classmethod
    def of(cls, values):
        values = list(values)
        if not values:
            return cls(0, 0, 0, 0, 0, 0)
        return cls(
            len(values),
            percentile(values, 50),
            percentile(values, 95),
            percentile(values, 99),
            statistics.fmean(values),
            max(values),
        )


def peak_rss_mb(pids):
    """{pid: peak resident set size in MiB} of living processes (Linux VmHWM)."""
    peaks = {}
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[pid] = int(line.split()[1]) / 1024
    return peaks


def peak_mb():
    """Peak resident memory of this process, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_figures(out, step):
    """The figures a benchmark step saved in its output folder."""
    with open(os.path.join(out, f"{step}.json"), encoding="utf-8") as handle:
        return json.load(handle)


def save_figures(out, step, **figures):
    """Save a step's figures (with ``peak_mb``, this process's, when not given)."""
    figures["peak_mb"] = figures.get("peak_mb") or peak_mb()
    with open(os.path.join(out, f"{step}.json"), "w", encoding="utf-8") as handle:
        json.dump(figures, handle, indent=1)


def install_figures(out):
    """The addon's install as ``bench_install`` (tools/common.sh) timed it:
    seconds and peak memory (/usr/bin/time -v), and the seconds of the key
    fill (its log), None when the log does not tell."""
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


# ----------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------


def report_problems(problems):
    """Print a ``PROBLEM: ...`` line for each problem: the exit code (1 when any)."""
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


def _is_number(text):
    try:
        float(str(text).replace(",", "").rstrip("%x"))
    except ValueError:
        return False
    return True


def table(headers, rows):
    """A fixed-width text table; numbers right-aligned, text left-aligned."""
    cells = [[str(h) for h in headers]] + [
        ["-" if value is None else str(value) for value in row] for row in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        parts = [
            value.rjust(width) if index and _is_number(value) else value.ljust(width)
            for value, width in zip(row, widths, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


# ----------------------------------------------------------------------
# Databases
# ----------------------------------------------------------------------


def connect(db, env=None):
    """A psycopg2 connection to db; ``env`` overrides PGHOST/PGPORT/PGUSER."""
    import psycopg2

    env = env or {}
    params = {
        key: env[var]
        for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"))
        if env.get(var)
    }
    return psycopg2.connect(dbname=db, **params)


def query(db, sql, params=None, env=None):
    """Rows of one statement, in its own committed transaction."""
    conn = connect(db, env)
    try:
        with conn, conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else []
    finally:
        conn.close()


def _pg_env(env=None):
    return {**os.environ, **(env or {})}


def psql(sql, db="postgres", env=None):
    """One statement through psql (no psycopg2 needed): its text output."""
    return subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
        env=_pg_env(env),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def database_exists(db, env=None):
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'", env=env) == "1"


def drop_database(db, env=None):
    subprocess.run(
        ["dropdb", "--if-exists", "--force", db],
        env=_pg_env(env),
        check=False,
        capture_output=True,
    )


def copy_database(source, target, target_env, source_env=None):
    """Copy database source (one server) to target (another, ``target_env``)."""
    subprocess.run(["createdb", target], env=_pg_env(target_env), check=True)
    dump = subprocess.Popen(
        ["pg_dump", "--no-owner", "--no-privileges", "-Fc", source],
        env=_pg_env(source_env),
        stdout=subprocess.PIPE,
    )
    restore = subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", target],
        env=_pg_env(target_env),
        stdin=dump.stdout,
        check=False,
    )
    dump.stdout.close()
    if dump.wait() or restore.returncode:
        raise RuntimeError(f"copying database {source} to {target} failed")


def vacuum_analyze(db, tables=("res_partner", "crm_lead")):
    """VACUUM ANALYZE the tables, as autovacuum would do soon after a big load
    or an install that rewrote every row: (seconds, the autovacuum setting)."""
    started = time.perf_counter()
    conn = connect(db)
    conn.autocommit = True
    with conn.cursor() as cr:
        for table_name in tables:
            cr.execute(f"VACUUM ANALYZE {table_name}")
        cr.execute("SHOW autovacuum")
        autovacuum = cr.fetchone()[0]
    conn.close()
    return time.perf_counter() - started, autovacuum


# ----------------------------------------------------------------------
# Odoo
# ----------------------------------------------------------------------


def _from_common_sh(script, *args):
    """What ``script`` prints after sourcing tools/common.sh (its NUL-separated
    words): the odoo command line is defined there only."""
    shell = f'. "{ROOT}/tools/common.sh" && {script}'
    out = subprocess.run(
        ["bash", "-c", shell, "common.sh", *args],
        capture_output=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "ADDONS_PATH"},
    ).stdout.decode()
    return out.split("\0")[:-1]


def addons_path():
    """As tools/common.sh: this repository, then Odoo's addons folder."""
    if os.environ.get("ADDONS_PATH"):
        return os.environ["ADDONS_PATH"]
    return _from_common_sh('printf "%s\\0" "$ADDONS_PATH"')[0]


def addons():
    """The addons of this repository, as a sorted list of names."""
    return sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))


def odoo_command(db, *args, subcommand=None):
    """The odoo-bin command line of the ``odoo`` function of tools/common.sh
    (its ``odoo_argv``), with ``subcommand`` (e.g. shell) after odoo-bin."""
    argv = _from_common_sh('odoo_argv "$1" && printf "%s\\0" "${ODOO_ARGV[@]}"', db)
    if subcommand:
        argv.insert(2, subcommand)
    return [*argv, *args]


def install_addons(db, env=None, data_dir=None):
    """Create db with the addons of this repository, without demo data."""
    log(f"creating {db} ({', '.join(addons())}, no demo data)")
    subprocess.run(
        odoo_command(
            db, "-i", ",".join(addons()), "--without-demo=all", "--stop-after-init",
            "--log-level=warn", *([f"--data-dir={data_dir}"] if data_dir else []),
        ),
        env=_pg_env(env),
        check=True,
    )  # fmt: skip


def odoo_shell(db, script, marker, env=None, args=()):
    """Run tools/``script`` in ``odoo shell`` on db: the text it printed after
    ``MARKER=`` (tools/ is on its path, for ``from common import ...``)."""
    python_path = os.pathsep.join(
        p for p in (str(ROOT / "tools"), os.environ.get("PYTHONPATH")) if p
    )
    with open(ROOT / "tools" / script, "rb") as stdin:
        result = subprocess.run(
            odoo_command(db, "--no-http", "--log-level=warn", *args,
                         subcommand="shell"),
            env={**_pg_env(env), "PYTHONPATH": python_path},
            stdin=stdin,
            capture_output=True,
            text=True,
            check=True,
        )  # fmt: skip
    for line in result.stdout.splitlines():
        if line.startswith(f"{marker}="):
            return line.split("=", 1)[1]
    raise RuntimeError(f"{script} failed: {result.stderr[-3000:]}")


def wait_http(url, seconds=120):
    """Wait until url answers (any HTTP status); False after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.5)
    return False


# ----------------------------------------------------------------------
# Processes
# ----------------------------------------------------------------------


def _raise_exit(signum, _frame):
    raise SystemExit(128 + signum)


def exit_on_signals():
    """SIGTERM and SIGHUP end the script through SystemExit (clean-ups run)."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_exit)


class OdooServer:
    """An Odoo server started by a script, and only its own processes.

    ``with OdooServer(db, ["--http-port=8069", "--workers=2"], env, logfile)
    as server``: started on entry; ``server.children()`` are its worker
    processes (psutil), found by its pid; ``server.cron_worker()`` the one
    running the cron jobs; stopped on exit (SIGTERM, then SIGKILL of what is
    left of its own process tree)."""

    def __init__(self, db, args, env=None, logfile=None):
        self.command = odoo_command(db, *args)
        self.env = {**os.environ, **(env or {})}
        self.logfile = logfile
        self.process = None

    def __enter__(self):
        out = open(self.logfile, "ab") if self.logfile else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                self.command, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        finally:
            if self.logfile:
                out.close()
        return self

    @property
    def pid(self):
        return self.process.pid

    def children(self):
        import psutil

        try:
            return psutil.Process(self.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def cron_worker(self):
        """The cron worker among this server's children (prefork titles)."""
        import psutil

        for child in self.children():
            try:
                if "WorkerCron" in " ".join(child.cmdline()):
                    return child
            except psutil.Error:
                continue
        return None

    def stop(self, timeout=30):
        import psutil

        if not self.process or self.process.poll() is not None:
            return
        tree = self.children()
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for child in tree:
            try:
                child.kill()
            except psutil.Error:
                pass

    def __exit__(self, *exc):
        self.stop()


@contextlib.contextmanager
def odoo_server(db, port, args=(), env=None, logfile=None, workers=2, wait=120):
    """Odoo on 127.0.0.1:port (gevent on port + 1) with ``workers`` HTTP
    workers and a cron worker, once it answers: the :class:`OdooServer`."""
    server_args = [
        f"--http-port={port}", f"--gevent-port={port + 1}",
        "--http-interface=127.0.0.1", f"--workers={workers}",
        "--max-cron-threads=1", *args,
    ]  # fmt: skip
    with OdooServer(db, server_args, env, logfile) as server:
        if not wait_http(f"http://127.0.0.1:{port}/web/login", wait):
            raise RuntimeError(f"Odoo did not start: see {logfile}")
        yield server


def main_office_on_duty(env, name, users, hours, on_duty=None):
    """*Odoo*: the team ``name`` (created when missing) becomes the only main
    office, with ``users`` as members, ``on_duty`` of them (all by default)
    each on a shared duty shift from an hour ago for ``hours`` hours (its
    other shifts removed). Returns the team."""
    from odoo import Command, fields

    Team = env["crm.team"]
    Team.search([]).write({"is_main_office": False})
    main = Team.search([("name", "=", name)]) or Team.create({"name": name})
    main.write({"is_main_office": True, "member_ids": [Command.set(users.ids)]})
    now = fields.Datetime.now()
    env["crm.duty.shift"].search([("team_id", "=", main.id)]).unlink()
    env["crm.duty.shift"].create(
        [
            {
                "user_id": user.id,
                "team_id": main.id,
                "shared": True,
                "date_start": now - timedelta(hours=1),
                "date_end": now + timedelta(hours=hours),
            }
            for user in (users if on_duty is None else on_duty)
        ]
    )
    return main


# ----------------------------------------------------------------------
# Benchmarks: one step a run, on one database
# ----------------------------------------------------------------------


def bench_main(doc, steps, arguments=()):
    """The command line of a benchmark: ``STEP --db --out --addons-path
    --command`` and ``arguments`` ((flag, argparse options) pairs); Odoo's
    configuration is parsed, then ``steps[STEP](args)`` runs."""
    from odoo.tools import config

    parser = argparse.ArgumentParser(description=doc.split("\n", 1)[0])
    parser.add_argument("step", choices=steps)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True, help="folder of the JSON figures")
    parser.add_argument("--addons-path", default=os.environ.get("ADDONS_PATH"))
    parser.add_argument("--command", default="", help="shown under the table")
    for flag, options in arguments:
        parser.add_argument(flag, **options)
    args = parser.parse_args()
    config.parse_config(
        [f"--addons-path={args.addons_path}", "--log-level=warn", "--no-http"]
    )
    steps[args.step](args)


@contextlib.contextmanager
def odoo_env(db):
    """*Odoo*: an environment of the administrator (English, UTC) on db;
    everything is rolled back at the end."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(db)
    cr = registry.cursor()
    try:
        env = api.Environment(cr, SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        yield api.Environment(cr, admin.id, {"lang": "en_US", "tz": "UTC"})
    finally:
        cr.rollback()
        cr.close()

"""Helpers shared by the Python scripts of tools/ (stress, load, replica), ready
for the benchmarks to adopt. Standard library only, but :func:`connect`
(psycopg2, from the project's virtualenv).

Logging
    ``log(message)``: ``== HH:MM:SS message`` on stderr, flushed.
Figures
    ``percentile(values, pct)``: nearest-rank percentile (0 for no values).
    ``Summary.of(values)``: count, p50, p95, p99, mean and max of a sample.
    ``peak_rss_mb(pids)``: the peak resident memory (VmHWM) of processes, MiB.
Tables
    ``table(headers, rows)``: fixed-width text table, numbers right-aligned.
Databases (the standard ``PG*`` variables apply)
    ``connect(db)``, ``query(db, sql, params)``: one connection, rows back.
    ``psql(sql, db="postgres")``: one statement through psql, text back.
    ``database_exists(db)``, ``drop_database(db)``, ``copy_database(src, dst,
    dst_env)``: a database copied with pg_dump into another server.
Odoo
    ``odoo_command(db, *args)``: the command line of the ``odoo`` function of
    tools/common.sh (project virtualenv, addons path, ``-d``, ``--db-filter``).
    ``addons()``: the addons of this repository.
    ``wait_http(url, seconds)``: wait until a server answers.
Processes
    ``exit_on_signals()``: SIGTERM and SIGHUP raise SystemExit, so that
    ``finally`` blocks and context managers clean up as on Ctrl-C.
"""

import math
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
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


# ----------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------


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


# ----------------------------------------------------------------------
# Odoo
# ----------------------------------------------------------------------


def addons_path():
    """As tools/common.sh: this repository, then Odoo's addons folder."""
    if os.environ.get("ADDONS_PATH"):
        return os.environ["ADDONS_PATH"]
    if (ODOO_SRC / "addons" / "crm" / "__manifest__.py").exists():
        return f"{ROOT},{ODOO_SRC / 'addons'}"
    return f"{ROOT},{ODOO_SRC / 'odoo' / 'addons'}"


def addons():
    """The addons of this repository, as a sorted list of names."""
    return sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))


def odoo_command(db, *args, subcommand=None):
    """The odoo-bin command line of the ``odoo`` function of tools/common.sh."""
    command = [str(PYTHON), str(ODOO_SRC / "odoo-bin")]
    if subcommand:
        command.append(subcommand)
    return [
        *command,
        f"--addons-path={addons_path()}",
        "-d",
        db,
        f"--db-filter=^{db}$",
        *args,
    ]


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

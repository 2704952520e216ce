"""A PostgreSQL cluster of our own, in a folder of var/: what make test's fault
and replica steps restart and stop, and what a fresh machine runs on.

The cluster listens on a Unix socket in its own folder only (no TCP), under
its own port number; as root, its server runs as the ``postgres`` system user
(PostgreSQL refuses root), the superuser role being the current user's name.

Python::

    with PrivateCluster(ROOT / "var" / "pg-stress") as pg:   # initdb, start
        env = pg.env            # {"PGHOST": socket folder, "PGPORT": port}
        pg.restart()            # pg_ctl restart, under load
        with pg.replica(ROOT / "var" / "pg-replica") as standby:  # pg_basebackup -R
            ...
    # stopped and removed, also on an error or Ctrl-C

Shell (tools/pg_private.sh)::

    pgcluster.py answers                  exit 0 when the PG* server answers
    pgcluster.py start PATH               init when new, start; prints PGHOST=, PGPORT=
    pgcluster.py stop PATH | remove PATH
"""

import argparse
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from common import exit_on_signals, log, psql

PORTS = os.environ.get("SFC_PG_PORTS", "55401-55499")
OS_USER = os.environ.get("SFC_PG_OS_USER", "postgres")  # the server's user as root


def bindir():
    """The folder of initdb and pg_ctl: the newest Debian server, else PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name.split(".")[0]),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError(
        "No PostgreSQL server programs (initdb) found: install the server "
        "(Debian: apt-get install postgresql postgresql-contrib)."
    )


def port_free(port):
    """Nothing listens on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def pick_port(exclude=()):
    first, last = (int(p) for p in PORTS.split("-"))
    for port in range(first, last + 1):
        if port not in exclude and port_free(port):
            return port
    raise RuntimeError(f"no free port in {PORTS} (SFC_PG_PORTS)")


def server_answers(env=None):
    """The server of the PG* variables (or env) accepts a connection."""
    try:
        result = subprocess.run(
            ["psql", "-X", "-At", "-d", "postgres", "-c", "SELECT 1"],
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:  # no client yet: nothing answers
        return False
    return result.returncode == 0 and result.stdout.strip() == "1"


class PrivateCluster:
    """A cluster in ``path``: ``data/`` (owned by the server's user), ``run/``
    (its socket), ``server.log``. Used as a context manager it is created and
    started on entry, stopped and removed on exit."""

    def __init__(self, path, port=None, settings=None, keep=False):
        self.path = Path(path).resolve()
        self.data = self.path / "data"
        self.run = self.path / "run"
        self.logfile = self.path / "server.log"
        self.port = port
        self.settings = settings or {}
        self.keep = keep
        self.bin = bindir()
        self.as_root = os.geteuid() == 0
        self.superuser = pwd.getpwuid(os.geteuid()).pw_name
        self._replicas = []

    # ------------------------------------------------------------------
    @property
    def env(self):
        """PG* variables that reach this cluster."""
        return {"PGHOST": str(self.run), "PGPORT": str(self.port)}

    def exists(self):
        return (self.data / "PG_VERSION").exists()

    def _server(self, *command, check=True):
        """Run a server program, as its own user when we are root."""
        prefix = ["runuser", "-u", OS_USER, "--"] if self.as_root else []
        return subprocess.run(
            [*prefix, *(str(c) for c in command)],
            check=check,
            capture_output=True,
            text=True,
        )

    def _own(self, *paths):
        if self.as_root:
            for path in paths:
                shutil.chown(path, OS_USER, OS_USER)

    def _configure(self):
        settings = {
            "port": self.port,
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.run}'",
            "fsync": "off",  # a test cluster: speed over durability
            "full_page_writes": "off",
            "max_connections": 200,
            "shared_buffers": "'128MB'",
            "wal_level": "replica",
            "max_wal_senders": 4,
            "hot_standby": "on",
            **self.settings,
        }
        with open(self.data / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        with open(self.data / "pg_hba.conf", "w", encoding="utf-8") as hba:
            hba.write("local all all trust\nlocal replication all trust\n")

    def init(self):
        """initdb into data/ (no TCP, trust on the socket, our superuser)."""
        self.port = self.port or pick_port()
        self.run.mkdir(parents=True, exist_ok=True)
        self._own(self.path, self.run)
        self._server(
            self.bin / "initdb",
            "-D",
            self.data,
            "-U",
            self.superuser,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self._configure()
        return self

    def _read_port(self):
        for line in (self.data / "postgresql.auto.conf").read_text().splitlines():
            if line.startswith("port ="):
                self.port = int(line.split("=")[1])

    def start(self):
        """pg_ctl start, waiting until it accepts connections."""
        if self.port is None:
            self._read_port()
        if not self.logfile.exists():
            self.logfile.touch()
            self._own(self.logfile)
        self._server(
            self.bin / "pg_ctl", "-D", self.data, "-l", self.logfile, "-w", "start"
        )
        for _attempt in range(100):
            if server_answers(self.env):
                return self
            time.sleep(0.1)
        raise RuntimeError(f"private PostgreSQL in {self.path} does not answer")

    def running(self):
        return (self.data / "postmaster.pid").exists() and (
            self._server(self.bin / "pg_ctl", "-D", self.data, "status", check=False)
        ).returncode == 0

    def restart(self):
        """pg_ctl restart (fast: open connections are cut, as in a crash)."""
        self._server(
            self.bin / "pg_ctl", "-D", self.data, "-l", self.logfile, "-m", "fast",
            "-w", "restart",
        )  # fmt: skip

    def stop(self):
        if self.exists() and self.running():
            self._server(
                self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop",
                check=False,
            )  # fmt: skip

    def remove(self):
        for replica in self._replicas:
            replica.remove()
        self.stop()
        shutil.rmtree(self.path, ignore_errors=True)

    def psql(self, sql, db="postgres"):
        return psql(sql, db=db, env=self.env)

    # ------------------------------------------------------------------
    def replica(self, path, settings=None):
        """A streaming replica of this cluster (pg_basebackup -R), started."""
        standby = PrivateCluster(path, pick_port(exclude={self.port}), settings)
        standby.run.mkdir(parents=True, exist_ok=True)
        standby._own(standby.path, standby.run)
        self._server(
            self.bin / "pg_basebackup", "-h", self.run, "-p", self.port,
            "-U", self.superuser, "-D", standby.data, "-R", "-X", "stream",
            "--no-sync", "-c", "fast",
            "-d", f"host={self.run} port={self.port} application_name=replica",
        )  # fmt: skip
        conf = standby.data / "postgresql.auto.conf"
        conf.write_text(
            "\n".join(
                line
                for line in conf.read_text().splitlines()
                if not line.startswith(("port =", "unix_socket_directories ="))
            )
            + "\n"
        )
        standby._configure()
        self._replicas.append(standby)
        return standby.start()

    def __enter__(self):
        try:
            if not self.exists():
                self.init()
            if not self.running():
                self.start()
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(self, *exc):
        if self.keep:
            self.stop()
        else:
            self.remove()


def main():
    exit_on_signals()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["answers", "start", "stop", "remove"])
    parser.add_argument("path", nargs="?")
    args = parser.parse_args()
    if args.action == "answers":
        return 0 if server_answers() else 1
    cluster = PrivateCluster(args.path)
    if args.action == "start":
        if not cluster.exists():
            log(f"creating a private PostgreSQL cluster in {cluster.path}")
            cluster.init()
        if not cluster.running():
            cluster.start()
        else:
            cluster._read_port()
        for key, value in cluster.env.items():
            print(f"{key}={value}")
    elif args.action == "stop":
        cluster.stop()
    else:
        cluster.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())

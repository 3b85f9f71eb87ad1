"""A throwaway PostgreSQL server for tests: Debian's `postgresql` binaries, a temporary data directory,
loopback only, trust authentication for one user. `make test` installs the package, as it does Chromium."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

USER = "assistant"
DATABASE = "assistant"
START_SECONDS = 60


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
    return Path(found[-1]).parent


def _as_owner(command: list[str], owner: str | None) -> list[str]:
    # PostgreSQL refuses to run as root: run it as the package's own user then.
    return ["runuser", "-u", owner, "--", *command] if owner else command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_postgres() -> Iterator[str]:
    # A folder of its own under /tmp: as root, the server runs as `postgres`, which cannot enter pytest's folders.
    folder = Path(tempfile.mkdtemp(prefix="role-assistant-pg-"))
    bin_dir, data, port = _binaries(), folder / "data", _free_port()
    owner = "postgres" if os.geteuid() == 0 else None
    if owner:
        shutil.chown(folder, owner)
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8"], owner),
                   check=True, capture_output=True)
    server = subprocess.Popen(
        _as_owner([str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(folder),
                   "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"], owner),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    admin = sa.create_engine(f"postgresql+psycopg://{USER}@127.0.0.1:{port}/postgres", isolation_level="AUTOCOMMIT")
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with admin.connect() as connection:
                    connection.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
                break
            except sa.exc.OperationalError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("PostgreSQL did not start") from None
                time.sleep(0.2)
        yield f"postgresql+psycopg://{USER}@127.0.0.1:{port}/{DATABASE}"
    finally:
        admin.dispose()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)

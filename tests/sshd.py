"""A real OpenSSH server on 127.0.0.1 for the dedicated-account tests (root only)."""

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def sshd_unavailable_reason() -> str | None:
    """Why the SSH tests cannot run here, or None when they can."""
    if not Path(SSHD).exists():
        return "OpenSSH's sshd is not installed (.ci/run installs it in CI)"
    if os.getuid() != 0:
        return "sshd needs root to switch to the dedicated account"
    if shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
        return "the OpenSSH client is not installed"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def keypair(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


@dataclass
class SshServer:
    port: int
    authorized_keys: Path

    def command(self, key: Path, *remote: str, tty: bool = False) -> list[str]:
        return [
            "ssh",
            "-tt" if tty else "-T",
            "-i",
            str(key),
            "-p",
            str(self.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "root@127.0.0.1",
            *remote,
        ]


@contextmanager
def running_sshd(folder: Path) -> Iterator[SshServer]:
    """sshd with its own host key and config; the dedicated account is this (root) account,
    allowed in only through forced commands, exactly like a `pilot` account would be."""
    folder.mkdir(parents=True, exist_ok=True)
    host_key = keypair(folder, "host_key")
    authorized = folder / "authorized_keys"
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {host_key}",
                f"AuthorizedKeysFile {authorized}",
                f"PidFile {folder / 'sshd.pid'}",
                "PermitRootLogin forced-commands-only",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitUserEnvironment no",
                "AllowTcpForwarding no",
                "X11Forwarding no",
            ]
        )
        + "\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation directory
    server = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(config)], stderr=(folder / "sshd.log").open("w")
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        else:
            raise RuntimeError((folder / "sshd.log").read_text())
        yield SshServer(port=port, authorized_keys=authorized)
    finally:
        server.terminate()
        server.wait(timeout=10)

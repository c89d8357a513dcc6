"""The dedicated-account mode: SSH keys bound to Pilot users in ``authorized_keys``.

Each line Pilot writes forces its own command, so a key can only open Pilot as one user:
``command="/path/pilot --db /path/team.db --as LOGIN",restrict,pty ssh-ed25519 AAAA… pilot:LOGIN``.
Lines Pilot did not write are kept as they are.
"""

import os
import re
import shlex
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pilot_tui.core.errors import ValidationError
from pilot_tui.i18n import _

KEY_TYPES = re.compile(r"^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-\S+@openssh\.com)$")
_MARK = "pilot:"


@dataclass(frozen=True)
class BoundKey:
    login: str
    key_type: str
    fingerprint_hint: str
    """The end of the key's base64 text, enough to tell keys apart in a listing."""


def read_public_key(path: Path) -> tuple[str, str]:
    """The (type, base64) of the one public key in ``path``; one sentence when it is not one."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(
            _("Cannot read the key file {path}: {reason}.").format(path=path, reason=exc)
        ) from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    parts = lines[0].split() if len(lines) == 1 else []
    if len(parts) < 2 or not KEY_TYPES.match(parts[0]):
        raise ValidationError(
            _(
                "{path} is not one SSH public key (expected a line like 'ssh-ed25519 AAAA… "
                "name'; is it the .pub file?)."
            ).format(path=path)
        )
    return parts[0], parts[1]


def forced_command(pilot: str, db: Path, login: str) -> str:
    return shlex.join([pilot, "--db", str(db), "--as", login])


def _line(pilot: str, db: Path, login: str, key_type: str, key: str) -> str:
    command = forced_command(pilot, db, login).replace('"', '\\"')
    return f'command="{command}",restrict,pty {key_type} {key} {_MARK}{login}'


def _bound(line: str) -> BoundKey | None:
    """The binding a line holds, if Pilot wrote it."""
    parts = line.split()
    if len(parts) < 3 or not parts[-1].startswith(_MARK) or 'command="' not in line:
        return None
    return BoundKey(
        login=parts[-1][len(_MARK) :], key_type=parts[-3], fingerprint_hint="…" + parts[-2][-12:]
    )


def list_keys(authorized_keys: Path) -> list[BoundKey]:
    if not authorized_keys.exists():
        return []
    lines = authorized_keys.read_text(encoding="utf-8").splitlines()
    return [bound for line in lines if (bound := _bound(line)) is not None]


def add_key(authorized_keys: Path, *, pilot: str, db: Path, login: str, key_file: Path) -> None:
    """Bind the key in ``key_file`` to ``login``; a key bound already is refused."""
    key_type, key = read_public_key(key_file)
    lines = _lines(authorized_keys)
    for line in lines:
        if key in line.split():
            owner = _bound(line)
            raise ValidationError(
                _("This key is already in {path}{who}; remove it first.").format(
                    path=authorized_keys,
                    who=_(" for {login}").format(login=owner.login) if owner else "",
                )
            )
    _write(authorized_keys, [*lines, _line(pilot, db, login, key_type, key)])


def remove_keys(authorized_keys: Path, login: str) -> int:
    """Remove every key bound to ``login``; returns how many went."""
    lines = _lines(authorized_keys)
    kept = [line for line in lines if (b := _bound(line)) is None or b.login != login]
    removed = len(lines) - len(kept)
    if removed == 0:
        raise ValidationError(
            _("No key is bound to {login} in {path}.").format(login=login, path=authorized_keys)
        )
    _write(authorized_keys, kept)
    return removed


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _write(path: Path, lines: list[str]) -> None:
    """Replace the file in one rename, mode 0600, so sshd never reads a half-written list."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".authorized_keys.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

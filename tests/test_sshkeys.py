"""Dedicated-account mode: keys bound to users in authorized_keys, with forced commands."""

import subprocess
from pathlib import Path

import pytest

from pilot_tui.cli import main
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.sshkeys import add_key, list_keys, remove_keys


def _keypair(tmp_path: Path, name: str) -> Path:
    key = tmp_path / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key.with_suffix(".pub")


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    db = tmp_path / "team.db"
    assert main(["init", "--db", str(db)]) == 0
    assert main(["users", "add", "sam", "--role", "rep", "--name", "Sam", "--db", str(db)]) == 0
    return db


def test_add_key_writes_a_forced_command_line_and_keeps_other_lines(tmp_path: Path) -> None:
    keys = tmp_path / "ssh" / "authorized_keys"
    keys.parent.mkdir()
    keys.write_text("ssh-ed25519 AAAAexisting admin@laptop\n")
    add_key(
        keys,
        pilot="/usr/bin/pilot",
        db=Path("/srv/pilot/team.db"),
        login="sam",
        key_file=_keypair(tmp_path, "sam"),
    )
    lines = keys.read_text().splitlines()
    assert lines[0] == "ssh-ed25519 AAAAexisting admin@laptop"
    assert lines[1].startswith(
        'command="/usr/bin/pilot --db /srv/pilot/team.db --as sam",restrict,pty ssh-ed25519 '
    )
    assert lines[1].endswith(" pilot:sam")
    assert keys.stat().st_mode & 0o777 == 0o600
    assert [k.login for k in list_keys(keys)] == ["sam"]


def test_the_same_key_cannot_be_bound_twice(tmp_path: Path) -> None:
    keys = tmp_path / "authorized_keys"
    pub = _keypair(tmp_path, "sam")
    add_key(keys, pilot="pilot", db=Path("t.db"), login="sam", key_file=pub)
    with pytest.raises(ValidationError, match="already in .* for sam"):
        add_key(keys, pilot="pilot", db=Path("t.db"), login="ria", key_file=pub)


def test_a_private_key_or_junk_is_refused(tmp_path: Path) -> None:
    pub = _keypair(tmp_path, "sam")
    with pytest.raises(ValidationError, match="is it the .pub file"):
        add_key(
            tmp_path / "ak",
            pilot="pilot",
            db=Path("t.db"),
            login="sam",
            key_file=pub.with_suffix(""),
        )
    assert not (tmp_path / "ak").exists()


def test_remove_keys_removes_only_that_users_lines(tmp_path: Path) -> None:
    keys = tmp_path / "authorized_keys"
    add_key(keys, pilot="pilot", db=Path("t.db"), login="sam", key_file=_keypair(tmp_path, "a"))
    add_key(keys, pilot="pilot", db=Path("t.db"), login="ria", key_file=_keypair(tmp_path, "b"))
    assert remove_keys(keys, "sam") == 1
    assert [k.login for k in list_keys(keys)] == ["ria"]
    with pytest.raises(ValidationError, match="No key is bound to sam"):
        remove_keys(keys, "sam")


def test_cli_add_key_needs_an_existing_user(
    team_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = tmp_path / "authorized_keys"
    pub = _keypair(tmp_path, "k")
    common = ["--db", str(team_db), "--authorized-keys", str(keys)]
    assert main(["admin", "add-key", "zoe", str(pub), *common]) == 1
    assert "no Pilot user 'zoe'" in capsys.readouterr().err
    assert main(["admin", "add-key", "sam", str(pub), *common]) == 0
    assert f"--db {team_db.resolve()} --as sam" in keys.read_text()
    assert main(["admin", "list-keys", *common]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("sam\tssh-ed25519\t…")
    assert main(["admin", "remove-key", "sam", *common]) == 0

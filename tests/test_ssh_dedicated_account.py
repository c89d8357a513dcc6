"""The dedicated-account mode over a real SSH server: a key opens Pilot as one user, no shell."""

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pilot_tui.cli import main
from pilot_tui.core.coaching import add_coaching_note
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import create_deal
from pilot_tui.core.store.users import get_user
from sshd import SshServer, keypair, running_sshd, sshd_unavailable_reason
from terminal import needs_tmux, terminal

pytestmark = pytest.mark.skipif(
    sshd_unavailable_reason() is not None, reason=sshd_unavailable_reason() or ""
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[SshServer, dict[str, Path]]]:
    db = tmp_path / "team.db"
    assert main(["init", "--db", str(db)]) == 0
    assert main(["users", "add", "sam", "--role", "rep", "--name", "Sam", "--db", str(db)]) == 0
    assert main(["users", "add", "mia", "--role", "manager", "--name", "Mia", "--db", str(db)]) == 0
    assert main(["users", "add", "ria", "--role", "rep", "--name", "Ria", "--db", str(db)]) == 0
    with Store.open(db) as store:
        mia = get_user(store, "mia")
        assert mia is not None
        create_deal(
            store,
            mia,
            {"name": "Ria big deal", "owner": "ria", "stage": "proposal", "amount_minor": 100_000},
        )
        add_coaching_note(store, mia, "ria", "Ria: rehearse the pricing call.")
        add_coaching_note(store, mia, "sam", "Sam: ask for the budget owner early.")
    with running_sshd(tmp_path / "sshd") as sshd:
        keys = {login: keypair(tmp_path, login) for login in ("sam", "mia")}
        pilot = shutil.which("pilot") or str(Path(sys.executable).with_name("pilot"))
        for login, key in keys.items():
            from pilot_tui.core.sshkeys import add_key

            add_key(
                sshd.authorized_keys,
                pilot=pilot,
                db=db,
                login=login,
                key_file=key.with_suffix(".pub"),
            )
        yield sshd, keys


def test_a_key_runs_pilot_and_never_the_command_asked_for(
    server: tuple[SshServer, dict[str, Path]],
) -> None:
    sshd, keys = server
    asked = subprocess.run(
        sshd.command(keys["sam"], "echo", "SHELL-REACHED", ";", "id"),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "SHELL-REACHED" not in asked.stdout + asked.stderr
    assert "uid=" not in asked.stdout
    # Without a terminal, the forced `pilot --as sam` explains itself and stops.
    assert "needs a terminal" in asked.stderr
    assert asked.returncode == 1


def test_an_unbound_key_is_refused(
    server: tuple[SshServer, dict[str, Path]], tmp_path: Path
) -> None:
    sshd, _ = server
    stranger = keypair(tmp_path, "stranger")
    refused = subprocess.run(
        sshd.command(stranger, "true"),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.returncode == 255
    assert "Permission denied" in refused.stderr


@needs_tmux
@pytest.mark.parametrize(
    ("login", "expected"),
    [("sam", ("sam (rep)", "rep sam", "My open deals")), ("mia", ("mia (manager)", "Stuck"))],
)
def test_over_ssh_a_rep_lands_on_their_own_view_and_a_manager_on_the_team(
    server: tuple[SshServer, dict[str, Path]], login: str, expected: tuple[str, ...]
) -> None:
    sshd, keys = server
    command = " ".join(sshd.command(keys[login], tty=True))
    with terminal(f"pilot-ssh-{login}", command) as screen:
        for text in expected:  # the title comes first, the data when its worker is done
            screen.wait_for(text)
        screen.keys("q")


@needs_tmux
def test_over_ssh_a_rep_cannot_mark_another_reps_deal_won(
    server: tuple[SshServer, dict[str, Path]],
) -> None:
    sshd, keys = server
    command = " ".join(sshd.command(keys["sam"], tty=True))
    with terminal("pilot-ssh-refusal", command) as screen:
        # Each key waits for the screen it needs: on a loaded machine the session, a screen's
        # data or a focus change can come late, and a key typed early does something else
        # (the letters of a search typed before its input has focus are shortcuts).
        screen.wait_for("My open deals")  # the session arrived and the dashboard is loaded
        screen.keys("p", then="owner sam")  # a rep's deals list opens on their own deals
        screen.keys("x", then="Ria big deal")  # the team's, with their data
        screen.keys("/", then="Search deal or account")  # the search input is open, focused
        screen.keys("Ria big", "Enter", then="search “Ria big”")  # applied; the table focused
        screen.keys("Enter", then="Deal #1")
        shown = screen.keys("w", then="belongs")  # refused at once: no form to fill in vain
        toast = " ".join(line.split("▌", 1)[1] for line in shown.splitlines() if "▌" in line)
        assert "sam is a rep and can only change their own deals" in " ".join(toast.split())
        assert "Edit deal #1" not in shown
    with Store.open(sshd.authorized_keys.parent.parent / "team.db") as store:
        assert store.scalar("SELECT stage FROM deals WHERE id = 1") == "proposal"


@needs_tmux
def test_over_ssh_a_rep_reads_their_own_coaching_notes_and_not_another_reps(
    server: tuple[SshServer, dict[str, Path]],
) -> None:
    sshd, keys = server
    command = " ".join(sshd.command(keys["sam"], tty=True))
    with terminal("pilot-ssh-notes", command) as screen:
        screen.wait_for("My open deals")  # the session arrived: keys now reach the app
        shown = screen.keys("C", then="ask for the budget owner early")
        assert "rehearse the pricing call" not in shown
        shown = screen.keys("Up", then="private to ria and the managers")
        assert "rehearse the pricing call" not in shown

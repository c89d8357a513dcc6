"""Pipeline stages and the defaults a new database starts with."""

from pilot_tui.core.models import Stage, StageKind
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _

_DEFAULTS = (  # key, label, kind, default p(win), rot days
    ("prospecting", _("Prospecting"), StageKind.OPEN, 0.05, 14),
    ("qualification", _("Qualification"), StageKind.OPEN, 0.10, 14),
    ("discovery", _("Discovery"), StageKind.OPEN, 0.25, 21),
    ("proposal", _("Proposal"), StageKind.OPEN, 0.50, 21),
    ("negotiation", _("Negotiation"), StageKind.OPEN, 0.75, 14),
    ("won", _("Won"), StageKind.WON, 1.0, None),
    ("lost", _("Lost"), StageKind.LOST, 0.0, None),
)
DEFAULT_STAGES: tuple[Stage, ...] = tuple(
    Stage(key=key, label=label, position=position, kind=kind, default_probability=p, rot_days=rot)
    for position, (key, label, kind, p, rot) in enumerate(_DEFAULTS, start=1)
)


def list_stages(store: Store) -> list[Stage]:
    """All stages in pipeline order."""
    return [
        Stage.model_validate(row) for row in store.rows("SELECT * FROM stages ORDER BY position")
    ]


def add_default_stages(writer: Writer) -> None:
    for stage in DEFAULT_STAGES:
        writer.insert("stages", stage.model_dump(mode="json"))

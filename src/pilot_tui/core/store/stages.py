"""Pipeline stages and their defaults (DESIGN §3b)."""

from pilot_tui.core.models import Stage, StageKind
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _

DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage(
        key="prospecting",
        label=_("Prospecting"),
        position=1,
        kind=StageKind.OPEN,
        default_probability=0.05,
        rot_days=14,
    ),
    Stage(
        key="qualification",
        label=_("Qualification"),
        position=2,
        kind=StageKind.OPEN,
        default_probability=0.10,
        rot_days=14,
    ),
    Stage(
        key="discovery",
        label=_("Discovery"),
        position=3,
        kind=StageKind.OPEN,
        default_probability=0.25,
        rot_days=21,
    ),
    Stage(
        key="proposal",
        label=_("Proposal"),
        position=4,
        kind=StageKind.OPEN,
        default_probability=0.50,
        rot_days=21,
    ),
    Stage(
        key="negotiation",
        label=_("Negotiation"),
        position=5,
        kind=StageKind.OPEN,
        default_probability=0.75,
        rot_days=14,
    ),
    Stage(key="won", label=_("Won"), position=6, kind=StageKind.WON, default_probability=1.0),
    Stage(key="lost", label=_("Lost"), position=7, kind=StageKind.LOST, default_probability=0.0),
)


def list_stages(store: Store) -> list[Stage]:
    """All stages in pipeline order."""
    return [
        Stage.model_validate(row) for row in store.rows("SELECT * FROM stages ORDER BY position")
    ]


def add_default_stages(writer: Writer) -> None:
    for stage in DEFAULT_STAGES:
        writer.insert("stages", stage.model_dump(mode="json"))

"""The adjustments: the small vocabulary of changes a finding suggests and a conversion
analysis chooses from. One list for diagnostics, rituals, the CLI and the app.

The keys are what ``pilot diagnose --json`` prints (docs/diagnostics-json.md) and what a
chosen adjustment is stored under (``ritual_items.subject`` 'adjustment:KEY'). Ritual runs
saved before the two lists became one used ``add_ritual`` and ``refocus``: those keys still
read as the same adjustments.
"""

from enum import StrEnum

from pilot_tui.core.errors import ValidationError
from pilot_tui.i18n import _


class Adjustment(StrEnum):
    """One adjustment, by key; ``label`` is what people read."""

    CHANGE_PITCH = "change_pitch"
    REVISE_STEP = "revise_step"
    STRENGTHEN_TRAINING = "strengthen_training"
    ADD_FOLLOW_UP_RITUAL = "add_follow_up_ritual"
    REQUALIFY = "requalify"
    REFOCUS = "refocus_priorities"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def _missing_(cls, value: object) -> "Adjustment | None":
        """Keys stored by earlier versions of the ritual engine read as today's."""
        return _FORMER_KEYS.get(str(value))

    @classmethod
    def parse(cls, key: str) -> "Adjustment":
        """The adjustment ``key`` names (a former key too); ``ValidationError`` otherwise."""
        try:
            return cls(key)
        except ValueError:
            raise ValidationError(
                _("'{key}' is not an adjustment; use one of {known}.").format(
                    key=key, known=", ".join(cls)
                )
            ) from None


_LABELS = {
    Adjustment.CHANGE_PITCH: _("Change the pitch"),
    Adjustment.REVISE_STEP: _("Revise a step of the process"),
    Adjustment.STRENGTHEN_TRAINING: _("Strengthen training"),
    Adjustment.ADD_FOLLOW_UP_RITUAL: _("Add a follow-up ritual"),
    Adjustment.REQUALIFY: _("Requalify the pipeline"),
    Adjustment.REFOCUS: _("Refocus on priority offers or segments"),
}

_FORMER_KEYS = {
    "add_ritual": Adjustment.ADD_FOLLOW_UP_RITUAL,
    "refocus": Adjustment.REFOCUS,
}
"""Keys the rituals used before sharing this list, as stored in older runs."""

"""Settings: environment (``PILOT_*``), then the TOML file in the XDG config dir, then defaults.

Command-line options override all of these; the CLI passes them in as init arguments.
"""

from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from pilot_tui import locations


class DiagnosticThresholds(BaseModel):
    """When a diagnostic rule calls a change real (DESIGN §6)."""

    baseline_weeks: int = 12
    """Weeks before the window that form the baseline."""
    rate_drop_points: float = 10.0
    """A rate 'dropped' when it is at least this many points lower than the baseline..."""
    rate_drop_p_value: float = 0.10
    """...and the two-proportion test gives a p-value below this."""
    min_events: int = 10
    """A rate on fewer events than this is 'too few to say'."""
    cycle_growth: float = 0.20
    """The cycle 'lengthened' when its median grew by at least this share."""
    rhythm_cv: float = 0.30
    """Weekly rhythm is 'irregular' when its coefficient of variation reaches this."""
    rep_spread_points: float = 25.0
    """Rep variability: best and worst rep at one stage differ by at least this many points."""
    slippage_share: float = 0.20
    """Slippage when at least this share of the deals due in the period were pushed."""
    hygiene_floor: float = 60.0
    """Hygiene is 'too poor to trust' below this score."""
    window_weeks: int = 4
    """Without ``--period``, diagnostics look at the last this many weeks up to today."""
    stable_points: float = 5.0
    """A rate is 'fine' when it is no more than this many points below its comparison."""
    new_opps_drop: float = 0.5
    """Thin top of funnel: new opportunities fell to at most this share of the usual pace
    (and a Poisson test says the fall is not chance, p below ``rate_drop_p_value``)."""
    cycle_window_weeks: int = 13
    """Cycle lengthening compares the deals won in the last this many weeks..."""
    cycle_baseline_weeks: int = 52
    """...with those won in this many weeks before (won deals are rarer than stage exits)."""
    variability_weeks: int = 13
    """Rep variability compares stage conversion per rep over this many weeks."""
    thin_coverage_default: float = 3.0
    """Coverage is 'thin' below 1 / win rate, or below this multiple when the rate is unknown."""
    weak_qualification_share: float = 0.30
    """Weak qualification: at least this share of the losses are late-stage losses for lack
    of fit or budget (and the share rose against the baseline)."""
    weak_qualification_reasons: list[str] = Field(default_factory=lambda: ["no fit", "no budget"])
    """Lost reasons that mean the deal should not have passed qualification."""
    next_step_floor: float = 0.80
    """Missing next steps: the share of open deals with a future next step is below the
    scope's 'next_step_coverage' quality objective, else below this."""
    stuck_min_deals: int = 3
    """Stuck deals: at least this many stuck deals..."""
    stuck_share: float = 0.10
    """...making at least this share of the open deals."""
    coherence_floor: float = 0.70
    """Objectives and actions are incoherent when the planned activities cover less than
    this share of what the objectives need."""


class VerdictThresholds(BaseModel):
    """When the banner says AHEAD, ON PACE or BEHIND (DESIGN §5)."""

    ahead_at: float = 1.05
    """AHEAD when the forecast is at least this share of the target..."""
    behind_below: float = 0.95
    """...BEHIND when under this share; ON PACE in between, and whenever the forecast's
    range runs from under ``behind_below`` to ``ahead_at`` or more."""
    first_days: float = 0.15
    """Before this share of the period's working days, the banner leads with the forecast
    and last period's result: pace means nothing yet."""


class Settings(BaseSettings):
    """Pilot's settings; each field documents itself."""

    model_config = SettingsConfigDict(
        env_prefix="PILOT_",
        env_nested_delimiter="__",
        toml_file=str(locations.config_file()),
        extra="ignore",
    )

    db: Path = Field(default_factory=locations.default_db_path)
    """The team database (``--db`` or ``PILOT_DB``)."""
    today: date | None = None
    """Fix 'today' for everything (``--today`` or ``PILOT_TODAY``), for demos and tests."""
    as_login: str | None = None
    """Act as this Pilot user (``--as``); honoured only for the database file's owner."""
    mouse: bool = True
    """Let the app use the mouse (``--no-mouse`` turns it off)."""
    low_bandwidth: bool = False
    """For slow links (``--low-bandwidth``): no animations, live refresh every 5 s."""
    locale: str = "en"
    """Language and number format."""
    holidays: list[date] = Field(default_factory=list)
    """Days off that are not working days (pace and 'expected to date'); weekends never are."""
    team_playbooks: Path | None = None
    """A directory of the team's own playbook entries; they override shipped ones by id."""
    diagnostics: DiagnosticThresholds = Field(default_factory=DiagnosticThresholds)
    verdict: VerdictThresholds = Field(default_factory=VerdictThresholds)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

"""Settings: environment (``PILOT_*``), then the TOML file in the XDG config dir, then defaults.

Command-line options override all of these; the CLI passes them in as init arguments.
"""

from datetime import date
from pathlib import Path

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from pilot_tui import locations
from pilot_tui.core.context import Calendar, Context, DiagnosticThresholds, VerdictThresholds


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
    """When a diagnostic rule calls a change real."""
    verdict: VerdictThresholds = Field(default_factory=VerdictThresholds)
    """When the banner says AHEAD, ON PACE or BEHIND."""
    import_max_mb: int = Field(default=200, gt=0)
    """The largest file ``pilot import`` (and the Import screen) reads, in MB."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Keys of your own: binding id → keys (comma-separated for several), e.g. a ``[keymap]``
    table with ``"go.pipeline" = "P"`` or ``"pipeline.search" = "ctrl+f,slash"``. Ids are
    ``go.<screen>`` and ``app.<action>`` for the keys that work everywhere, else
    ``<screen>.<action>`` (``deal.edit``, ``ritual.next``…); an unknown id is ignored."""

    def with_demo_until_team_db(self) -> "Settings":
        """These settings, reading the demo's database when no database was named (``--db``,
        ``PILOT_DB``, the settings file), no team database exists yet and ``pilot demo``
        built one; otherwise these settings unchanged. A team database, once made, wins."""
        if "db" in self.model_fields_set or self.db.exists():
            return self
        demo = locations.demo_db_path()
        if not demo.exists():
            return self
        return self.model_copy(update={"db": demo})

    def context(self) -> Context:
        """The one context core computes in for these settings: the calendar with
        ``holidays``, ``locale``, the ``diagnostics`` and ``verdict`` thresholds and
        ``today`` when fixed."""
        return Context(
            calendar=Calendar.of(self.holidays),
            locale=self.locale,
            thresholds=self.diagnostics,
            verdict=self.verdict,
            fixed_today=self.today,
        )

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

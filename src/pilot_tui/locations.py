"""Every directory Pilot uses. Nobody else builds paths."""

from pathlib import Path

from xdg_base_dirs import xdg_cache_home, xdg_config_home, xdg_data_home


def data_dir() -> Path:
    """Where Pilot keeps its databases by default (``$XDG_DATA_HOME/pilot``)."""
    return xdg_data_home() / "pilot"


def config_dir() -> Path:
    """Where Pilot reads its settings file (``$XDG_CONFIG_HOME/pilot``)."""
    return xdg_config_home() / "pilot"


def config_file() -> Path:
    """The optional TOML settings file."""
    return config_dir() / "config.toml"


def default_db_path() -> Path:
    """The team database used when neither ``--db`` nor ``PILOT_DB`` names one."""
    return data_dir() / "pilot.db"


def demo_db_path() -> Path:
    """The database ``pilot demo`` builds and opens unless told otherwise."""
    return data_dir() / "demo.db"


def import_dir() -> Path:
    """Where the Import screen writes the mapping it proposes and the bad-rows report
    (``$XDG_DATA_HOME/pilot/import``), never beside the user's own export."""
    return data_dir() / "import"


def cache_dir() -> Path:
    """What Pilot can rebuild at any time, such as the last verdict (``$XDG_CACHE_HOME/pilot``)."""
    return xdg_cache_home() / "pilot"

"""Where reader keeps its files. Nothing is created at import time.

Each location can be overridden by an environment variable (handy for tests
and for keeping several profiles apart); the CLI's `--state` wins over all.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"


def data_dir() -> Path:
    """Directory for user data; `READER_DATA_DIR` overrides it."""
    override = os.environ.get("READER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Directory for configuration; `READER_CONFIG_DIR` overrides it."""
    override = os.environ.get("READER_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def state_file(cli_value: str | None = None, configured: Path | None = None) -> Path:
    """The read/starred state file: `--state`, else `READER_STATE`, else the
    one config.toml names (`configured`: a synced folder), else the default."""
    chosen = cli_value or os.environ.get("READER_STATE")
    if chosen:
        return Path(chosen).expanduser()
    return configured if configured is not None else data_dir() / "state.json"


def archive_file() -> Path:
    """The archive of every paper seen (SQLite): `READER_ARCHIVE`, else in the
    data directory. Its word index is a folder beside it (`archive_index`)."""
    override = os.environ.get("READER_ARCHIVE")
    return Path(override).expanduser() if override else data_dir() / "archive.sqlite"


def archive_index(archive: Path) -> Path:
    """The folder of the archive's word index."""
    return archive.with_name(archive.stem + "-index")


def export_dir() -> Path:
    """Where in-app exports are written; `READER_EXPORT_DIR` overrides it."""
    override = os.environ.get("READER_EXPORT_DIR")
    if override:
        return Path(override)
    from platformdirs import user_documents_path

    return user_documents_path() / "reader-exports"


def config_file() -> Path:
    """The TOML configuration file."""
    return config_dir() / "config.toml"

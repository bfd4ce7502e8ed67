"""The config file: unknown settings are named by line, odd values refused,
and a key remapped onto another command's key refused, naming both."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.bindings import keymap_problems
from reader.core.config import load_config
from reader.core.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_unknown_settings_are_named_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\nread_after = 3\nrefresh_aftr_minutes = 5\n\n[keys]\n")
    config = load_config(path)
    assert config.read_after == 3.0
    (warning,) = config.warnings
    assert warning.startswith(f"{path}:3: unknown setting 'refresh_aftr_minutes'")
    assert "did you mean 'refresh_after_minutes'?" in warning
    assert config.where("keys.star") == str(path)  # not in the file: no line


@pytest.mark.parametrize(
    ("value", "kept"), [('"60%"', "60%"), ("100", "100"), ('"45%"', "45%"), ('"120"', "120")]
)
def test_list_width_takes_columns_or_a_share(tmp_path: Path, value: str, kept: str) -> None:
    assert load_config(write(tmp_path, f"list_width = {value}\n")).list_width == kept


@pytest.mark.parametrize("value", ['"90%"', '"10%"', "12", '"wide"', "true", "1.5"])
def test_an_odd_list_width_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="list_width"):
        load_config(write(tmp_path, f"list_width = {value}\n"))


def test_a_key_already_bound_is_refused_naming_both_commands(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\nstar = "j"\nnosuchcommand = "x"\nraed = "R"\n')
    config = load_config(path)
    warnings, errors = keymap_problems(config.keys, config.where)
    assert errors == [
        f"{path}:2: star = 'j' is already the key of cursor_down (Move to the next paper) in "
        "the list; choose another key, or give cursor_down another key too"
    ]
    assert warnings[0].startswith(f"{path}:3: no command 'nosuchcommand', ignored")
    assert warnings[1].endswith("did you mean 'read'?")
    # Moving both keys is fine; so is a key that is free, and one per scope.
    assert keymap_problems({"star": "f", "for_you": "F"}, str) == ([], [])
    assert keymap_problems({"star": "s,asterisk"}, str) == ([], [])
    assert keymap_problems({"triage_star": "r"}, str) == ([], [])  # r is free in triage

"""The README's keys table and commands match the code."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from reader.bindings import all_bindings, key_display
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_keys() -> list[tuple[str, str]]:
    section = README.split("## Keys", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        match = re.match(r"^\| (.+?) \| (.+?) \|$", line)
        if match and match.group(1) not in ("key", "---"):
            keys = " / ".join(re.findall(r"`([^`]+)`", match.group(1)))
            rows.append((keys, match.group(2)))
    return rows


def test_keys_table_matches_the_bindings() -> None:
    expected = [(key_display(b.key), b.tooltip) for b in all_bindings()]
    assert readme_keys() == expected


def test_every_binding_has_an_id_and_a_description() -> None:
    ids = [b.id for b in all_bindings()]
    assert all(ids) and len(set(ids)) == len(ids)
    assert all(b.tooltip for b in all_bindings())


def test_readme_gives_the_two_commands() -> None:
    assert "python -m pip install . && reader" in README
    assert "python -m pip install '.[test]' && python -m pytest" in README


def test_the_config_example_is_read_as_it_says(tmp_path: Path) -> None:
    """The README's config.toml, written out, holds no setting reader would
    warn about, and each does what its comment says."""
    from reader.bindings import keymap_problems
    from reader.core.config import configured_state, load_config

    example = README.split("Configuration, all optional:", 1)[1]
    text = example.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    assert config.warnings == ()
    assert keymap_problems(config.keys, config.where) == ([], [])
    assert (config.list_width, config.read_after, config.keys["star"]) == ("60%", 2.0, "s,asterisk")
    state = configured_state(path)
    assert state is not None and state[0] == Path("~/Sync/reader/state.json").expanduser()


def test_the_command_line_block_names_every_subcommand_and_its_options() -> None:
    """Each subcommand has its line in the README's command line, and every
    option that line shows is one the command takes."""
    from reader.cli import SUBCOMMANDS

    block = README.split("## Command line", 1)[1].split("```", 2)[1]
    lines: dict[str, str] = {}
    for line in block.splitlines():
        if match := re.match(r"^reader (\w+)", line):
            lines[match.group(1)] = line
            last = match.group(1)
        elif line.startswith(" ") and lines:
            lines[last] += line
    assert set(SUBCOMMANDS) <= set(lines), set(SUBCOMMANDS) - set(lines)
    for name, line in lines.items():
        if name not in SUBCOMMANDS:
            continue
        options = options_of(SUBCOMMANDS[name].parser())
        shown = set(re.findall(r"(--[a-z][a-z-]*|-[a-zA-Z])\b", line))
        assert shown <= options, (name, shown - options)


def options_of(parser: argparse.ArgumentParser) -> set[str]:
    """Every option of a parser and of its subcommands (`reader archive prune`)."""
    found = set()
    for action in parser._actions:
        found |= set(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= options_of(sub)
    return found

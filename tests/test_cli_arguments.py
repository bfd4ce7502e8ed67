"""Every option of every command, given a value it cannot take: exit 2, never a traceback.

The table names the bad values of each option; a test checks that it names
every option the parsers have, so that a new option cannot be left out.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import SAMPLE

BASE: dict[str, list[str]] = {
    "": [],
    "list": ["list", str(SAMPLE)],
    "fetch": ["fetch", "hf:2026-11-27"],
    "export": ["export"],
    "mark": ["mark", "--star", "2405.13786"],
    "stats": ["stats"],
    "serve": ["serve"],
    "paths": ["paths"],
    "completion": ["completion", "bash"],
    "import": ["import", str(SAMPLE)],
    "archive": ["archive"],
    "archive stats": ["archive", "stats"],
    "archive prune": ["archive", "prune", "--older-than", "30"],
    "subscriptions": ["subscriptions"],
}
"""Each command with what else it needs, so that only the option under test is wrong."""

DATE = ["", "2026-13-01", "tomorrow"]
BAD: dict[str, dict[str, list[str]]] = {
    "": {
        "SOURCE": [""],
        "--state": [""],
        "--date": DATE,
        "--read-after": ["", "-1", "nan", "inf", "soon"],
    },
    "list": {
        "SOURCE": [""],
        "--state": [""],
        "--date": DATE,
        "--format": ["", "xml"],
        "--query": [""],
        "--search": [""],
        "--sort": ["", "random"],
    },
    "fetch": {"SPEC": [""], "--state": [""]},
    "export": {
        "SOURCE": [""],
        "--tag": [""],
        "--since": ["", "2026-02-30", "last week"],
        "--format": ["", "docx"],
        "--output": [""],
        "--state": [""],
        "--date": DATE,
    },
    "mark": {
        "ID": ["", "  "],
        "--state": [""],
        "--note": ["\x1b[31mred", "bell\x07"],
        "--tag": ["", "!!", "#"],
        "--untag": ["", "!?"],
    },
    "stats": {"--state": [""], "--days": ["", "0", "-3", "abc", "1.5", "99999"]},
    "serve": {
        "SOURCE": [""],
        "--host": [""],
        "--port": ["", "0", "-1", "99999", "http"],
        "--token": ["", "short", "sixteen chars but spaces"],
        "--state": [""],
        "--date": DATE,
    },
    "paths": {"--state": [""]},
    "completion": {"shell": ["", "tcsh"]},
    "import": {"FILE": ["", "no-such-snapshot.jsonl"], "--state": [""]},
    "archive": {"ACTION": ["", "shrink"]},
    "archive stats": {"--state": [""]},
    "archive prune": {"--older-than": ["", "0", "-1", "soon", "1.5"], "--state": [""]},
    "subscriptions": {"--state": [""]},
}


def parser_of(command: str) -> argparse.ArgumentParser:
    """The parser of a command, or of an action of one ("archive prune")."""
    from reader.cli import SUBCOMMANDS
    from reader.cli.app import parser

    if not command:
        return parser()
    name, _, action = command.partition(" ")
    found = SUBCOMMANDS[name].parser()
    if action:
        (actions,) = [a for a in found._actions if isinstance(a, argparse._SubParsersAction)]
        found = actions.choices[action]
    return found


def valued(parser: argparse.ArgumentParser) -> set[str]:
    """The options (by their longest flag) and positionals that take a value."""
    names = set()
    for action in parser._actions:
        if action.nargs == 0 or isinstance(action, argparse._HelpAction | argparse._VersionAction):
            continue
        if action.option_strings:
            names.add(max(action.option_strings, key=len))
        else:
            names.add(action.metavar if isinstance(action.metavar, str) else action.dest)
    return names


@pytest.mark.parametrize("command", sorted(BASE))
def test_the_table_names_every_option_that_takes_a_value(command: str) -> None:
    assert valued(parser_of(command)) == set(BAD[command]), command


def argv_for(command: str, option: str, value: str) -> list[str]:
    base = BASE[command]
    if option.startswith("-"):
        return [*base, f"{option}={value}"]
    if command in ("", "list", "export", "serve") and option == "SOURCE":
        return [*base[:1], value] if command else [value]
    if command == "archive" or command == "import":
        return [*base[:1], value]
    return [*base[:1], *(["--star"] if command == "mark" else []), value]


def test_bad_values_exit_2_without_a_traceback() -> None:
    cases = [
        (command, option, value)
        for command, options in BAD.items()
        for option, values in options.items()
        for value in values
    ]

    def run(case: tuple[str, str, str]) -> tuple[tuple[str, str, str], int, str]:
        command, option, value = case
        out = subprocess.run(
            [sys.executable, "-m", "reader", *argv_for(command, option, value)],
            capture_output=True,
            text=True,
            timeout=30,
            env=os.environ.copy(),
        )
        return case, out.returncode, out.stderr

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, cases))
    wrong = [
        (case, code, stderr[-300:])
        for case, code, stderr in results
        if code != 2 or "Traceback" in stderr or not stderr.strip()
    ]
    assert not wrong, wrong
    assert len(results) >= 50

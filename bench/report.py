"""The benchmark's table: one row per figure, headless and terminal side by side."""

from __future__ import annotations

import sys


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, figure: str, headless: str, terminal: str, goal: str, verdict: str = "") -> None:
        self.rows.append((figure, headless, terminal, goal, verdict))
        print(f"{figure:<52} {headless:<26} {terminal:<26} {goal:<24} {verdict}", file=sys.stderr)

    def goal(self, figure: str, headless: str, terminal: str, goal: str, met: bool) -> None:
        self.add(figure, headless, terminal, goal, "met" if met else "NOT MET")

    def print(self) -> None:
        print("\n| figure | headless, ms: median / p99 / worst | terminal, same | goal | |")
        print("|---|---|---|---|---|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")

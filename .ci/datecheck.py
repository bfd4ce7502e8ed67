"""Run the date-sensitive tests (`-m dates`) at the moments that break date code.

Each moment is a UTC instant, run in time zones where the local day differs
from UTC's; libfaketime (`apt-get install faketime`) moves the process's clock
there. Without faketime the check is skipped, saying so.

    python .ci/datecheck.py [pytest arguments]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

MOMENTS = [
    # (UTC instant, time zones): local time and UTC fall on different days in the second
    ("2026-12-31 23:59:00", ("UTC", "Pacific/Kiritimati")),  # UTC+14: already 2027 there
    ("2027-01-01 00:01:00", ("UTC", "America/Adak")),  # UTC-10: still 2026 there
    ("2027-02-28 12:00:00", ("UTC",)),
    ("2028-02-29 12:00:00", ("UTC", "Pacific/Kiritimati")),  # a leap day; March 1st in UTC+14
]


def main() -> int:
    if shutil.which("faketime") is None:
        print("date check skipped: faketime is not installed (apt-get install faketime)")
        return 0
    failed = []
    for instant, zones in MOMENTS:
        moment = datetime.fromisoformat(instant).replace(tzinfo=UTC)
        for zone in zones:
            local = moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S")
            began = time.monotonic()
            command = ["faketime", local, sys.executable, "-m", "pytest", "-q", "-m", "dates"]
            command += ["-p", "no:cacheprovider", "-p", "no:randomly", *sys.argv[1:]]
            out = subprocess.run(
                command, env={**os.environ, "TZ": zone}, capture_output=True, text=True
            )
            tail = out.stdout.strip().splitlines()[-1:] or ["(no output)"]
            took = time.monotonic() - began
            print(f"{instant} UTC, local {local} {zone}: {tail[0]} ({took:.0f} s)", flush=True)
            if out.returncode != 0:
                failed.append((instant, zone))
                print(out.stdout[-4000:], out.stderr[-2000:], sep="\n")
    if failed:
        print(f"date check FAILED at {len(failed)} moments: {failed}")
        return 1
    print("date check passed at every moment")
    return 0


if __name__ == "__main__":
    sys.exit(main())

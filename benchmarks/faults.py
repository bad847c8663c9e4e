#!/usr/bin/env python3
"""Faults under load against the real server on PostgreSQL (on demand; a short version runs in the e2e tests).

    .venv/bin/python benchmarks/faults.py                    # every case on the demo data
    .venv/bin/python benchmarks/faults.py --only restart,kill --data small

Cases: `restart` (PostgreSQL restarted with -m fast while users click), `outage` (PostgreSQL stopped for
--outage seconds), `kill` (a gunicorn worker SIGKILLed during a large import and during a PDF) and `disk`
(the disk full during exports and an upload). Each starts a throw-away PostgreSQL cluster of its own from the
installed server binaries; nothing else is touched. A table per case says how many requests were sent and
failed, for how long, what users saw and whether the data held. The exit code is 1 when a case did not hold.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samordna.stats import bench_faults

CASES = ("restart", "outage", "kill", "disk")


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(CASES), help=f"fall, kommaseparerat: {','.join(CASES)}")
    parser.add_argument("--data", choices=["demo", "small"], default="demo", help="demodata eller en liten värld")
    parser.add_argument("--duration", type=float, default=30, help="sekunder med användare per omstartsfall")
    parser.add_argument("--outage", type=float, default=5, help="sekunder som PostgreSQL är nere i fallet outage")
    parser.add_argument("--rows", type=int, default=10_000, help="rader i importen som avbryts")
    options = parser.parse_args(arguments)
    chosen = [c.strip() for c in options.only.split(",") if c.strip()]
    if unknown := [c for c in chosen if c not in CASES]:
        parser.error(f"okänt fall: {', '.join(unknown)}")
    dataset = bench_faults.DEMO if options.data == "demo" else bench_faults.SMALL
    try:
        results = bench_faults.run(dataset, chosen, duration=options.duration, outage=options.outage, rows=options.rows)
    except RuntimeError as exc:
        print(f"Felmätningen kunde inte köras: {exc}", file=sys.stderr)
        return 2
    print()
    print(bench_faults.conditions())
    print(bench_faults.format_results(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

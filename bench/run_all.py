"""``make bench``: run every benchmark under bench/, then print all figures as one table.

Each benchmark merges its figures into bench/results.json (a flat object, figure → number),
so a later run can be compared with this one: the previous file is kept as results.prev.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


def main() -> int:
    # locustfile.py is the scenario capacity.py drives, not a benchmark of its own.
    scripts = sorted(
        p
        for p in HERE.glob("*.py")
        if not p.name.startswith(("_", "run_all")) and p.name != "locustfile.py"
    )
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if RESULTS.exists():
        RESULTS.replace(HERE / "results.prev.json")
    failed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        env = {**os.environ, "BENCH_RESULTS": str(RESULTS)}
        if subprocess.run([sys.executable, str(script)], env=env, check=False).returncode:
            failed.append(script.name)
    figures = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    width = max((len(name) for name in figures), default=10)
    print(f"\n{'figure':<{width}}  {'this run':>12}  {'previous':>12}")
    for name in sorted(figures):
        before = previous.get(name)
        shown = "" if before is None else f"{before:>12}"
        print(f"{name:<{width}}  {figures[name]:>12}  {shown}")
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

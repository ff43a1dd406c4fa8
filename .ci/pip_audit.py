"""pip-audit on the installed environment: fail on any known vulnerability.

pip-audit asks PyPI about each package; where PyPI's vulnerability data cannot be reached
it skips the package and still exits 0, so the packages it could not audit are listed here
and counted, so a run that checked nothing says so instead of passing quietly.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        result = subprocess.run(
            [
                str(BIN / "pip-audit"),
                "--local",
                "--skip-editable",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(report),
            ],
            check=False,
        )
        data = json.loads(report.read_text()) if report.exists() else {"dependencies": []}
    dependencies = data.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"VULNERABLE {dependency['name']} {dependency.get('version', '')}: {ids}")
    audited = len(dependencies) - len(skipped)
    print(f"pip-audit: {audited} packages audited, {len(vulnerable)} vulnerable", end="")
    if skipped:
        print(f", {len(skipped)} could not be audited (vulnerability data unreachable?)")
    else:
        print()
    if result.returncode != 0 or vulnerable:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

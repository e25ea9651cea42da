"""``python -m kerasnb.migrate PATH... [--diff | --write | --json]`` (see kerasnb.migrate.cli).

>>> import subprocess, sys
>>> subprocess.run([sys.executable, "-m", "kerasnb.migrate", "--help"],
...                capture_output=True).returncode
0
"""

from __future__ import annotations

import sys

from kerasnb.migrate.cli import main

if __name__ == "__main__":
    sys.exit(main())

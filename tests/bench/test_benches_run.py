"""Each benchmark still runs, at a tiny size, on the database this suite uses (its own fresh one).

No time is asserted: the figures are the benchmarks' business. This only keeps them from rotting
between the sessions that quote them.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TINY = {
    "import.py": ["--rows", "300", "--enterprises", "20"],
    "campaign.py": ["--assessments", "300", "--chunk", "100"],
    "demo.py": ["--scale", "T"],
    "contracts.py": ["--contracts", "6", "--processes", "1"],
    "disputes.py": ["--cases", "300", "--enterprises", "20", "--repeat", "1"],
    "wages.py": ["--projects", "12", "--workers", "5", "--months", "3", "--owing", "0.5"],
}


@pytest.mark.parametrize("script", sorted(TINY))
def test_the_benchmark_runs(script, tmp_path):
    env = {**os.environ, "HEXIE_VAR_DIR": str(tmp_path), "HEXIE_SIGNING_DIR": str(tmp_path / "signing")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *TINY[script]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "/s" in done.stdout

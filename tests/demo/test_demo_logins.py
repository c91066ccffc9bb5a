"""What `make run` prints before serving: the demo logins. The Makefile runs it in a fresh
Python process, before Django is set up, so this test does the same."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_prints_the_demo_logins_from_a_fresh_process():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            'from demo.logins import print_demo_logins; print_demo_logins("http://127.0.0.1:8000")',
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},  # as the Makefile runs it
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Staff pages: http://127.0.0.1:8000/staff/" in done.stdout
    assert "owner@sklep-krakow.example" in done.stdout

"""Score the demo corpus against the golden file and print a Markdown table for the README.

    python bench/golden.py            # runs `newsfuse digest` on examples/putin-kim-2024
    python bench/golden.py --digest out/digest.json
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--digest", type=Path, help="score this digest JSON instead of running the demo")
    args = ap.parse_args()
    if not (SHARED / "score.py").exists():
        print("../shared/eval is missing: nothing to score against", file=sys.stderr)
        return 1
    digest = args.digest
    if digest is None:
        digest = Path(tempfile.mkdtemp()) / "digest.json"
        subprocess.run([sys.executable, "-m", "newsfuse.cli", "digest", str(ROOT / "examples" / "putin-kim-2024"),
                        "--json", str(digest), "--quiet"], check=True)
    done = subprocess.run([sys.executable, str(SHARED / "score.py"), str(digest),
                           str(SHARED / "putin-kim-2024.golden.json"), "--json", "--report-only"],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout[: done.stdout.rindex("}") + 1])
    sys.path.insert(0, str(SHARED))
    from score import TARGETS  # the scorer's own targets

    print("| metric | value | target | |")
    print("|---|---:|---:|---|")
    for name, value in result["metrics"].items():
        print(f"| `{name}` | {value:.3f} | {TARGETS.get(name, 1.0):.2f} | {'ok' if result['met'][name] else 'below'} |")
    print(f"\n**{sum(result['met'].values())}/{len(result['met'])} metrics at target.**")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

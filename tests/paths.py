"""Where the shared data lies: `shared/` sits beside the repository (locally and in CI)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "armenia-azerbaijan-2021-11-17.txt"

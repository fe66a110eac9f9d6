"""Command line: ``python -m cbe_dash validate [DIR]`` checks a data folder and lists every problem."""
from __future__ import annotations

import argparse
import sys

from cbe_dash.data import load_available, resolve_data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cbe_dash", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check every data file; exit 1 when any problem is found")
    check.add_argument("data_dir", nargs="?", help="folder with the CSV files (default: $CBE_DASH_DATA_DIR or data/)")
    args = parser.parse_args(argv)

    directory = resolve_data_dir(args.data_dir)
    ds = load_available(directory)
    for problem in ds.problems:
        print(problem)
    if ds.problems:
        print(f"{len(ds.problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    rows = sum(len(f) for f in ds.tables.values())
    print(f"OK: {len(ds.tables)} tables, {rows} rows in {directory} (data version {ds.version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

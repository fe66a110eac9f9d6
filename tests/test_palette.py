"""Specification of the palette: category order, fixed colours, classification and legibility.

Colour distance is CAM02-UCS delta-E (colorspacious). About 1 unit is a just-noticeable difference
between large, side-by-side patches; map classes are small, far apart (a Rhode Island against a Texas)
and shown through projectors that compress contrast, so we require 10 units, an order of magnitude
above that, as "clearly a different class", under full deuteranopia, protanopia and tritanopia as well
as normal vision.
"""
from __future__ import annotations

import colorspacious
import numpy as np
import pandas as pd
import pytest

from cbe_dash.palette import (
    ABSENCE_COLOR,
    NO_DATA,
    NO_DATA_COLOR,
    SCALES,
    Bins,
    Scale,
    classify,
    contrast_ratio,
    text_color_on,
)

MIN_DELTA_E = 10.0
VISION = [None, "deuteranomaly", "protanomaly", "tritanomaly"]  # severity 100 = dichromacy
ALL_SCALES = list(SCALES.values())
BINNED = [s for s in ALL_SCALES if s.bins is not None]


def _rgb1(color: str) -> np.ndarray:
    return np.array([int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]) / 255


def _seen(color: str, cvd: str | None) -> np.ndarray:
    """The colour as a viewer with `cvd` sees it (sRGB 0-1)."""
    if cvd is None:
        return _rgb1(color)
    space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
    return np.clip(colorspacious.cspace_convert(_rgb1(color), space, "sRGB1"), 0, 1)


def _delta_e(a: str, b: str, cvd: str | None) -> float:
    return float(colorspacious.deltaE(_seen(a, cvd), _seen(b, cvd), input_space="sRGB1"))


def _lightness(color: str) -> float:
    return float(colorspacious.cspace_convert(_rgb1(color), "sRGB1", "CIELab")[0])


def _chroma(color: str) -> float:
    _, a, b = colorspacious.cspace_convert(_rgb1(color), "sRGB1", "CIELab")
    return float(np.hypot(a, b))


def _grey(color: str) -> float:
    """The grey a black-and-white printer or greyscale screen makes of a colour (Rec. 601 luma, 0-1)."""
    r, g, b = _rgb1(color)
    return 0.299 * r + 0.587 * g + 0.114 * b


@pytest.mark.parametrize("scale", ALL_SCALES, ids=lambda s: s.key)
class TestEveryScale:
    def test_has_one_unique_colour_per_category(self, scale: Scale) -> None:
        assert len(scale.categories) == len(set(scale.categories)) == len(scale.colors)
        assert len({c.lower() for c in scale.colors}) == len(scale.colors)

    def test_no_data_is_not_a_category_and_its_grey_is_not_a_category_colour(self, scale: Scale) -> None:
        assert NO_DATA not in scale.categories
        assert NO_DATA_COLOR.lower() not in {c.lower() for c in scale.colors}

    def test_colour_map_is_in_scale_order_with_no_data_last(self, scale: Scale) -> None:
        assert list(scale.color_map()) == [*scale.categories, NO_DATA]
        assert scale.legend_order() == (*scale.categories, NO_DATA)
        assert scale.color_map()[NO_DATA] == NO_DATA_COLOR

    def test_order_reads_from_lightness_light_to_dark(self, scale: Scale) -> None:
        lightness = [_lightness(c) for c in scale.colors]
        assert lightness == sorted(lightness, reverse=True)
        assert all(a - b >= 10 for a, b in zip(lightness, lightness[1:]))

    def test_weakest_class_is_lighter_and_less_saturated_than_the_strongest(self, scale: Scale) -> None:
        """Strength grows in darkness and saturation: the eye goes to the strongest category, not to "none"."""
        weakest, strongest = scale.colors[0], scale.colors[-1]
        assert _lightness(weakest) - _lightness(strongest) >= 40
        assert _chroma(weakest) < _chroma(strongest)
        assert _lightness(strongest) >= 10

    def test_order_survives_greyscale_printing(self, scale: Scale) -> None:
        """Printed or projected in black and white, the classes still go light -> dark, and "No data"
        is never as light as the lightest class (so it cannot pass for absence)."""
        greys = [_grey(c) for c in scale.colors]
        assert greys == sorted(greys, reverse=True)
        assert all(a - b >= 0.04 for a, b in zip(greys, greys[1:]))
        assert greys[0] - _grey(NO_DATA_COLOR) >= 0.15

    def test_absence_is_the_light_near_neutral_colour_where_the_scale_has_one(self, scale: Scale) -> None:
        if scale.absence is None:
            assert _lightness(scale.colors[0]) >= 85
            return
        assert scale.categories[0] == scale.absence and scale.colors[0] == ABSENCE_COLOR
        assert _lightness(ABSENCE_COLOR) >= 90 and _chroma(ABSENCE_COLOR) <= 6

    @pytest.mark.parametrize("cvd", VISION, ids=lambda v: v or "normal")
    def test_adjacent_classes_stay_distinct(self, scale: Scale, cvd: str | None) -> None:
        for low, high in zip(scale.colors, scale.colors[1:]):
            assert _delta_e(low, high, cvd) >= MIN_DELTA_E, (scale.key, low, high, cvd)

    @pytest.mark.parametrize("cvd", VISION, ids=lambda v: v or "normal")
    def test_no_data_grey_stays_distinct_from_every_class(self, scale: Scale, cvd: str | None) -> None:
        for color in scale.colors:
            assert _delta_e(color, NO_DATA_COLOR, cvd) >= MIN_DELTA_E, (scale.key, color, cvd)

    def test_tile_label_colour_has_wcag_aa_contrast_on_every_fill(self, scale: Scale) -> None:
        for fill in (*scale.colors, NO_DATA_COLOR):
            assert contrast_ratio(fill, text_color_on(fill)) >= 4.5


def test_no_data_colour_is_a_neutral_mid_grey() -> None:
    r, g, b = _rgb1(NO_DATA_COLOR)
    assert r == g == b
    assert 60 <= _lightness(NO_DATA_COLOR) <= 75


ABSENCE = {"credit_policy": "none", "diploma_policy": "none", "league_districts": "None known", "count_gap": "0"}


@pytest.mark.parametrize("key", sorted(ABSENCE))
def test_absence_is_pale_and_far_from_no_data_in_every_vision_and_in_greyscale(key: str) -> None:
    """"The state has none" and "we do not know" must never be confused: same pale colour for "none"
    on every map, far from the No data grey for every viewer and in black and white."""
    scale = SCALES[key]
    assert scale.absence == ABSENCE[key]
    absence = scale.color_map()[ABSENCE[key]]
    assert absence == ABSENCE_COLOR
    for cvd in VISION:
        assert _delta_e(absence, NO_DATA_COLOR, cvd) >= 20, cvd
    assert _lightness(absence) - _lightness(NO_DATA_COLOR) >= 25


def test_the_expected_scales_exist_in_order() -> None:
    assert SCALES["credit_policy"].categories == ("none", "limited", "permitted", "required")
    assert SCALES["diploma_policy"].categories == ("none", "optional", "statewide")
    assert SCALES["snapshot_category"].categories == ("Not Yet", "Emerging", "Developing", "Advanced")
    assert SCALES["league_districts"].label == "Known League districts"
    assert {"percent_meeting", "count_gap", "usd_per_mbps", "pct_no_home_internet"} <= set(SCALES)
    assert SCALES["credit_policy"].bins is None


BOUNDARIES = {
    "league_districts": [(0, "None known"), (1, "1 district"), (2, "2-3 districts"), (3, "2-3 districts"),
                         (4, "4-6 districts"), (6, "4-6 districts"), (7, "7+ districts"),
                         (40, "7+ districts")],
    "percent_meeting": [(0, "Under 50%"), (49.9, "Under 50%"), (50, "50-74.9%"), (74.9, "50-74.9%"),
                        (75, "75-89.9%"), (89.9, "75-89.9%"), (90, "90-99.9%"), (99.9, "90-99.9%"),
                        (100, "100%")],
    "count_gap": [(0, "0"), (1, "1-999"), (999, "1-999"), (1000, "1,000-9,999"), (9999, "1,000-9,999"),
                  (10_000, "10,000-99,999"), (99_999, "10,000-99,999"), (100_000, "100,000+"),
                  (21_000_000, "100,000+")],
    "usd_per_mbps": [(0.65, "Under $3"), (2.99, "Under $3"), (3, "$3-6.99"), (6.99, "$3-6.99"),
                     (7, "$7-14.99"), (14.99, "$7-14.99"), (15, "$15+")],
    "pct_no_home_internet": [(7.73, "Under 10%"), (9.99, "Under 10%"), (10, "10-14.9%"),
                             (14.9, "10-14.9%"), (15, "15-19.9%"), (19.99, "15-19.9%"), (20, "20%+"),
                             (24.44, "20%+")],
}


@pytest.mark.parametrize("key", sorted(BOUNDARIES))
def test_classify_puts_boundary_values_in_the_bin_they_open(key: str) -> None:
    values, expected = zip(*BOUNDARIES[key])
    result = classify(pd.Series(values, dtype=float), SCALES[key])
    assert result.tolist() == list(expected)


def test_every_binned_scale_has_its_boundaries_specified() -> None:
    assert sorted(BOUNDARIES) == sorted(s.key for s in BINNED)


@pytest.mark.parametrize("scale", BINNED, ids=lambda s: s.key)
def test_classify_keeps_missing_values_missing(scale: Scale) -> None:
    values = pd.Series([5, None, np.nan, 250_000], index=["AL", "AK", "AZ", "AR"], dtype=object)
    values["AK"] = pd.NA
    result = classify(values, scale)
    assert result.isna().tolist() == [False, True, True, False]
    assert list(result.index) == ["AL", "AK", "AZ", "AR"]
    assert isinstance(result.dtype, pd.CategoricalDtype) and result.dtype.ordered
    assert tuple(result.cat.categories) == scale.categories


def test_classify_accepts_nullable_numbers() -> None:
    values = pd.Series([0, pd.NA, 3], dtype="Int64")
    assert classify(values, SCALES["league_districts"]).tolist()[0::2] == ["None known", "2-3 districts"]
    assert pd.isna(classify(values, SCALES["league_districts"]).iloc[1])


def test_classify_refuses_a_purely_categorical_scale() -> None:
    with pytest.raises(ValueError):
        classify(pd.Series([1.0]), SCALES["credit_policy"])


def test_scale_and_bins_reject_inconsistent_definitions() -> None:
    with pytest.raises(ValueError):
        Scale("x", ("a", "b"), ("#000000",), "X")
    with pytest.raises(ValueError):
        Bins((2, 1), ("a", "b", "c"))
    with pytest.raises(ValueError):
        Scale("x", ("a", "b"), ("#000000", "#ffffff"), "X", bins=Bins((1,), ("b", "a")))


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert text_color_on("#000000") == "#ffffff"
    assert text_color_on("#ffffff") == "#000000"

"""Suggested citations credit the original producers first, then CBE Dash, the data version and the access
date; figures carry the short form inside them; share links and embed snippets reopen the view safely."""
import dataclasses
import datetime as dt
from html.parser import HTMLParser
from types import MappingProxyType
from urllib.parse import parse_qs, urlsplit


from cbe_dash import maps, view_data
from cbe_dash.citation import (STATE_GOVERNMENT, citation, credits, figure_source_line, producer, short_citation,
                               source_ids_in)
from cbe_dash.ui.sharing import embed_snippet, view_link

DAY = dt.date(2026, 12, 1)


def _cite(ds, kind, *args):
    table = view_data.displayed(ds, kind, *args)
    return citation(ds, source_ids_in(table.frame), accessed=DAY, title=table.title)


def test_citation_names_producers_first_then_cbe_dash_version_and_access_date(ds):
    text = _cite(ds, "league", 2016)
    assert text.startswith("Source: Digital Promise (")
    assert text.index("Digital Promise") < text.index("compiled in CBE Dash")
    assert text.endswith(f"data version {ds.version}, accessed 2026-12-01.")


def test_each_view_credits_its_own_producers(ds):
    assert _cite(ds, "connectivity", "pct_districts_meeting_100kbps", 2015).startswith("Source: EducationSuperHighway")
    assert _cite(ds, "policy", "snapshot_category", 2019).startswith("Source: Aurora Institute")
    assert _cite(ds, "connectivity", "home_internet", 2019).startswith("Source: U.S. Census Bureau")
    assert STATE_GOVERNMENT in _cite(ds, "policy", "credit_policy", 2019)


def test_imprints_and_copies_are_credited_to_their_producer():
    assert producer("CompetencyWorks (Aurora Institute)") == "Aurora Institute"
    assert producer("iNACOL (now Aurora Institute)") == "Aurora Institute"
    assert producer("Arizona State Board of Education (copy on Justia)") == "Arizona State Board of Education"
    assert producer("Benton Partnership (repost of an EducationSuperHighway post)") == "EducationSuperHighway"


def test_primary_sources_rank_before_secondary_when_sources_say_which(ds):
    ids = ["thejournal-2017-01-connectivity-leaders"] * 3 + ["census-regions-divisions-fips"]
    untagged = dataclasses.replace(ds, tables=MappingProxyType(
        {**ds.tables, "sources": ds.sources.drop(columns=["kind"], errors="ignore")}))
    assert credits(untagged, ids)[0].name == "THE Journal"  # without `kind`: most-used first
    assert credits(ds, ids)[0].name == "U.S. Census Bureau"  # the shipped sources say which is primary
    sources = ds.sources.assign(kind=lambda f: f["source_id"].map(
        {"census-regions-divisions-fips": "primary"}).fillna("secondary"))
    tagged = dataclasses.replace(ds, tables=MappingProxyType({**ds.tables, "sources": sources}))
    assert credits(tagged, ids)[0].name == "U.S. Census Bureau"


def test_short_form_has_fewer_names_and_no_years(ds):
    ids = source_ids_in(view_data.displayed(ds, "cross", 2019).frame)
    short = short_citation(ds, ids, accessed=DAY)
    assert short.startswith("Source: ") and "(20" not in short.split(";")[0]
    assert short.endswith(f"compiled in CBE Dash, data version {ds.version}, accessed 2026-12-01")
    assert len(short) < len(citation(ds, ids, accessed=DAY))


def test_without_sources_the_citation_still_names_cbe_dash_and_version(ds):
    broken = dataclasses.replace(ds, tables=MappingProxyType({k: v for k, v in ds.tables.items() if k != "sources"}))
    text = citation(broken, ["census-regions-divisions-fips"], accessed=DAY)
    assert "sources.csv" in text and f"data version {ds.version}" in text


def test_exported_map_images_carry_the_short_citation(ds):
    today = dt.date.today().isoformat()
    for fig in (maps.policy_figure(ds, "credit_policy", 2019), maps.league_figure(ds, 2016),
                maps.connectivity_figure(ds, "home_internet", 2019)):
        text = " ".join(a.text for a in fig.layout.annotations if a.text)
        assert "compiled in CBE Dash, data version" in text.replace("<br>", " ")
        assert today in text and ds.version in text
    assert figure_source_line("Aurora Institute", "1.0.0", DAY) == (
        "Source: Aurora Institute; compiled in CBE Dash, data version 1.0.0, accessed 2026-12-01")


def test_copy_link_keeps_every_setting_and_embed_adds_embed_mode():
    pairs = [("layer", "diploma_policy"), ("year", "2019"), ("states", "KY,NH"), ("embed", "true")]
    link = view_link("http://host/Policy", pairs)
    assert link == "http://host/Policy?layer=diploma_policy&year=2019&states=KY,NH"
    snippet = embed_snippet("http://host/Policy", pairs, "Mastery-based diploma, 2019")
    assert snippet.startswith('<iframe src="http://host/Policy?layer=diploma_policy&amp;year=2019')
    assert "present=1&amp;embed=true" in snippet and snippet.endswith("</iframe>")


def test_a_crafted_setting_cannot_break_out_of_the_embed_snippet():
    crafted = '"><script>alert(1)</script>'
    snippet = embed_snippet("http://host/Policy", [("year", crafted)], 'x" onload="y')
    tags: list[tuple[str, dict]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    Collect().feed(snippet)
    assert [t for t, _ in tags] == ["iframe"]
    attrs = tags[0][1]
    assert set(attrs) == {"src", "title", "width", "height", "style", "loading"}
    assert attrs["title"] == 'x" onload="y'
    assert parse_qs(urlsplit(attrs["src"]).query)["year"] == [crafted]

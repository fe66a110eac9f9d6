"""A shared link reopens the same view; a bad or hostile link is ignored with a notice, never an error."""
from cbe_dash import urlstate

SPECS = [
    urlstate.choice("layer", ["credit_policy", "diploma_policy"], "credit_policy"),
    urlstate.choice("year", range(2012, 2026), 2025),
    urlstate.states(),
    urlstate.flag("present"),
]


def test_valid_link_round_trips():
    values = {"layer": "diploma_policy", "year": 2016, "states": ("KY", "NH"), "present": "1"}
    query = urlstate.write(values, SPECS)
    assert query == {"layer": "diploma_policy", "year": "2016", "states": "KY,NH", "present": "1"}
    read, notices = urlstate.read(query, SPECS)
    assert read == {"layer": "diploma_policy", "year": 2016, "states": ("KY", "NH"), "present": "1"}
    assert notices == []


def test_defaults_are_left_out_of_links():
    assert urlstate.write({"layer": "credit_policy", "year": 2025, "states": (), "present": "0"}, SPECS) == {}


def test_unknown_parameter_is_ignored_with_a_notice():
    values, notices = urlstate.read({"colour": "red"}, SPECS)
    assert values == {}
    assert notices == ["The link setting 'colour' is not used on this page and was ignored."]


def test_malformed_values_are_dropped():
    values, notices = urlstate.read({"year": "20x6", "layer": "credit"}, SPECS)
    assert values == {}
    assert len(notices) == 2


def test_state_list_keeps_valid_codes_only():
    values, notices = urlstate.read({"states": "ky,XX,nh,KY"}, SPECS)
    assert values == {"states": ("KY", "NH")}
    assert notices == ["Part of the link setting 'states' was not an allowed value and was ignored."]


def test_hostile_strings_never_reach_the_notice():
    hostile = "<script>alert(1)</script>"
    values, notices = urlstate.read({hostile: "1", "layer": hostile, "year": "../../etc/passwd"}, SPECS)
    assert values == {}
    assert all("<" not in n and "passwd" not in n for n in notices)
    assert notices[0] == "A link setting this page does not use was ignored."

"""The plugin matrix of ``make test``: each plugin combination users can
configure besides "all" (the whole suite runs with every plugin), with the
focused tests run with it: the tests of the plugins it loads that do not need
a missing one, chosen to go through each branch where the core asks a
plugin interface that may have no implementation (participants, hidden
reasons, scheduled tasks, action descriptions, CLI commands, the trust
plugin's publication gate and the market's conditions without the other,
the community's posts without the trust plugin's refusals).

``python tests/matrix.py combinations`` prints ``name plugins...`` lines;
``python tests/matrix.py tests NAME`` the pytest arguments of one
combination (scripts/test.sh reads both; ``TDPF_PLUGINS="..."
scripts/test.sh PATHS`` runs any tests with any plugins)."""
from __future__ import annotations

import sys

# The core and the CKAN plugins it builds on (no harvesting: that is the
# harvesters package, loaded with "all").
CORE = "tdpf scheming_datasets scheming_organizations dcat activity"

# ckanext-envvars comes last, as in the ini template (CKAN runs update_config
# from the last plugin, so environment overrides are in place for the others)
COMBINATIONS: dict[str, str] = {
    "core": f"{CORE} envvars",
    "core+trust": f"{CORE} tdpf_trust envvars",
    "core+market": f"{CORE} tdpf_market envvars",
    "core+community": f"{CORE} tdpf_community envvars",
}

_EVERY = ["tests/test_plugin_matrix.py", "tests/test_features.py"]

TESTS: dict[str, list[str]] = {
    "core": [*_EVERY, "tests/tdpf/dcat/test_odrl.py", "tests/tdpf/dcat/test_endpoints.py",
             "tests/tdpf/logic/test_activity.py", "tests/tdpf/test_visibility.py",
             # the zero-result page without the community's data requests
             "tests/tdpf/search/test_zero_results.py::TestPage"],
    # MFA's "must use it" by member type asks the market's profiles
    "core+trust": [*_EVERY, "tests/tdpf_trust/test_warranty.py",
                   "tests/tdpf_trust/test_suspension.py", "tests/tdpf_trust/test_tombstone.py",
                   "tests/tdpf_trust/test_review.py", "tests/tdpf_trust/test_mfa.py",
                   "tests/tdpf_trust/test_pages_terms.py", "tests/tdpf_trust/test_leave.py",
                   "--deselect=tests/tdpf_trust/test_mfa.py::test_who_must_use_mfa"],
    "core+market": [*_EVERY, "tests/tdpf_market/test_conditions.py",
                    "tests/tdpf_market/test_requests.py", "tests/tdpf_market/test_members.py",
                    "tests/tdpf_market/test_ratelimit.py"],
    # posts of suspended users (participants.refusal) without trust answer "nobody"
    "core+community": [*_EVERY, "tests/tdpf_community/test_requests.py",
                       "tests/tdpf_community/test_comments.py",
                       # the zero-result page's data request link (IDataRequestOffer)
                       "tests/tdpf/search/test_zero_results.py::TestPage"],
}


def main(argv: list[str]) -> int:
    if argv[1:] == ["combinations"]:
        for name, plugins in COMBINATIONS.items():
            print(name, plugins)
        return 0
    if len(argv) == 3 and argv[1] == "tests" and argv[2] in TESTS:
        print(" ".join(TESTS[argv[2]]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

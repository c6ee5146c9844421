#!/usr/bin/env python3
"""Rewrite tests/.test_durations (pytest-split's balance of the suite's two
halves, scripts/test.sh) from the JUnit reports of a whole-suite run.

    python scripts/durations.py var/junit-tdpf_test-*.xml
"""
from __future__ import annotations

import json
import pathlib
import sys
from typing import Any

from defusedxml import ElementTree

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / ".test_durations"


def node_id(case: Any) -> str:
    """pytest's node id of a <testcase> (classname is the dotted module path,
    then any class)."""
    parts = case.get("classname", "").split(".")
    path = []
    while parts and not parts[0][:1].isupper():
        path.append(parts.pop(0))
    return "::".join(["/".join(path) + ".py", *parts, case.get("name", "")])


def main(reports: list[str]) -> None:
    durations: dict[str, float] = {}
    for report in reports:
        for case in ElementTree.parse(report).iter("testcase"):
            seconds = float(case.get("time", 0))
            if 0 <= seconds < 3600:  # a test under a frozen clock reports nonsense
                durations[node_id(case)] = round(seconds, 3)
    if not durations:
        sys.exit("no test cases in " + " ".join(reports))
    OUT.write_text(json.dumps(dict(sorted(durations.items())), indent=1) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {len(durations)} tests, {sum(durations.values()) / 60:.1f} min in all")


if __name__ == "__main__":
    main(sys.argv[1:])

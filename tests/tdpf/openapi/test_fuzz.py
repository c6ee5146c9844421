"""The running app fuzzed from its own OpenAPI description (issue 15,
finding 8): every operation of ``/api/3/openapi.json`` gets requests built
from its schema (valid ones, and ones that break it: wrong types, missing
required parameters, values out of range), anonymously and with a
sysadmin's API token; no answer may be a 500, and every answer must be one
the description declares (status code, content type, the envelope's
shape). A new action that answers 500 to some input fails here.

Deterministic (Hypothesis derandomized, no example database): CI does not
flip. Mutations run in this module's own throwaway database. Each id-like
parameter sometimes gets a real id of the world (a dataset, its resource,
the organisation, users, an activity), so the fuzz reaches past "not found".
"""
from __future__ import annotations

import logging
import os
import time
import traceback

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

import ckan.logic
import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import _get_test_app, call_action

from ckanext.tdpf import params

from tests.factories import Dataset

# examples per operation and mode; TDPF_FUZZ_EXAMPLES=200 fuzzes deeper (locally)
_N = int(os.environ.get("TDPF_FUZZ_EXAMPLES", "12"))
# TDPF_FUZZ_ONLY=tdpf_showcase,tdpf_notice fuzzes only the operations whose id contains
# one of them (a new feature's)
_ONLY = [part for part in os.environ.get("TDPF_FUZZ_ONLY", "").split(",") if part] or [""]
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: _N, schemathesis.GenerationMode.NEGATIVE: _N}
# A third as many where inputs reach little new code: the GET twin of a
# read action (the same action as its POST, fuzzed in full; only the query
# string's parsing is new) and an anonymous call of a writing action (its
# auth function refuses whatever the body holds). Keeps the suite's time.
_FEW = max(2, _N // 3)
CHECKS = [getattr(schemathesis.checks, name) for name in (
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_schema_conformance")]
# Hypothesis: the same examples every run; no shrinking (the first failing
# input is reported), which keeps the run time bounded
SETTINGS = settings(derandomize=True, database=None, deadline=None, print_blob=False,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def world(reset_db, migrate_db_for):
    from tests.conftest import reset_tdpf_db

    reset_tdpf_db(reset_db, migrate_db_for)
    admin = ckan_factories.Sysadmin()
    member = ckan_factories.User()
    org = ckan_factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    dataset = Dataset(owner_org=org["id"], user=admin,
                      resources=[{"url": "https://example.jp/a.csv", "format": "CSV"}])
    activity = call_action("package_activity_list", id=dataset["id"])[0]
    ids = [dataset["id"], dataset["name"], dataset["resources"][0]["id"], org["id"],
           org["name"], admin["name"], member["id"], member["name"], activity["id"]]
    token = ckan_factories.APIToken(user=admin["name"])["token"]
    return {"ids": ids, "headers": {"anonymous": {}, "sysadmin": {"Authorization": token}}}


@pytest.fixture(scope="module")
def app(world):
    return _get_test_app().app  # the whole WSGI stack, middleware included


@pytest.fixture(scope="module")
def api(world, app):
    schema = schemathesis.openapi.from_wsgi("/api/3/openapi.json", app)
    with_real_ids(schema, world["ids"])
    return schema


def with_real_ids(schema, ids: list[str]) -> None:
    """Id-like parameters (``params.is_id_key``) sometimes get a real id."""
    def swapped(values):
        if not isinstance(values, dict):
            return st.just(values)
        keys = [k for k in values if isinstance(k, str) and params.is_id_key(k)]
        if not keys:
            return st.just(values)
        return st.tuples(*[st.one_of(st.just(values[k]), st.sampled_from(ids)) for k in keys]
                         ).map(lambda picked: {**values, **dict(zip(keys, picked, strict=True))})

    schema.hook("flatmap_body")(lambda context, body: swapped(body))
    schema.hook("flatmap_query")(lambda context, query: swapped(query))


class _LastError(logging.Handler):
    """The place of the last exception the Action API logged (its 500s)."""
    where = ""

    def emit(self, record):
        if record.exc_info:
            frames = traceback.extract_tb(record.exc_info[2])[-2:]
            self.where = " <- ".join(f"{f.filename.split('site-packages/')[-1]}:{f.lineno} "
                                     f"{f.line}" for f in reversed(frames))
            self.where += f": {record.exc_info[0].__name__}: {record.exc_info[1]}"


@pytest.fixture(scope="module")
def last_error():
    handler = _LastError(level=logging.ERROR)
    logger = logging.getLogger("ckan.views.api")
    # the ini's logging config disabled it; its records go to this handler only
    state = logger.disabled, logger.propagate
    logger.disabled, logger.propagate = False, False
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.disabled, logger.propagate = state


def _examples(operation, mode, who: str) -> int:
    writes = "get" not in operation.schema.raw_schema["paths"][operation.path]
    if operation.method.upper() == "GET" or (who == "anonymous" and writes):
        return _FEW
    return EXAMPLES[mode]


def _fuzz(operation, mode, headers: dict, last_error: _LastError,
          examples: int | None = None) -> str | None:
    """The first failure of ``operation`` in ``mode``, or None."""
    @settings(SETTINGS, max_examples=examples or EXAMPLES[mode])
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        last_error.where = ""
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        return None  # nothing to break: an operation without parameters, in negative mode
    except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - reported, then the next
        return (f"{operation.label} ({mode.value}): {str(error)[:1500]}\n"
                f"{last_error.where}")
    return None


@pytest.mark.parametrize("who", ["anonymous", "sysadmin"])
def test_no_operation_answers_500_or_off_its_description(api, world, last_error, who):
    failures, started = [], time.monotonic()
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) > 70
    operations = [op for op in operations
                  if any(part in (op.definition.raw.get("operationId") or "") for part in _ONLY)]
    assert operations, f"no operation matches TDPF_FUZZ_ONLY={_ONLY!r}"
    for operation in operations:
        for mode in EXAMPLES:
            failure = _fuzz(operation, mode, world["headers"][who], last_error,
                            _examples(operation, mode, who))
            if failure:
                failures.append(failure)
    print(f"{who}: {len(operations)} operations in {time.monotonic() - started:.0f} s")
    assert not failures, "\n\n".join(failures)


def test_the_fuzz_catches_a_planted_500(app, last_error, monkeypatch):
    """An action that breaks on some input fails the fuzz without anyone
    writing a test for it."""
    @tk.side_effect_free
    def tdpf_planted_show(context, data_dict):
        """A planted action.

        :param id: anything
        """
        return {"length": len(data_dict["id"])}  # KeyError without id, TypeError for 1

    monkeypatch.setitem(ckan.logic._actions, "tdpf_planted_show", tdpf_planted_show)
    schema = schemathesis.openapi.from_wsgi("/api/3/openapi.json", app)
    operation = next(result.ok() for result in schema.get_all_operations()
                     if result.ok().label == "POST /api/3/action/tdpf_planted_show")
    failure = _fuzz(operation, schemathesis.GenerationMode.POSITIVE, {}, last_error)
    assert failure and "Received: 500" in failure and "KeyError" in failure

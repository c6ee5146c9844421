"""The trust audit log: append-only in the database, hash-chained, and
`ckan tdpf audit verify` finds a row changed behind the application's back."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.cli.cli import ckan as ckan_cli

from ckanext.tdpf_trust.audit import chain as audit


def _append_three():
    for n in range(3):
        audit.record("warranty.create", actor="user-1", object_type="package",
                     object_id=f"pkg-{n}", detail={"terms_version": "1", "n": n})
    model.Session.commit()


@pytest.mark.usefixtures("clean_db")
def test_records_chain_and_verify_clean(cli, ckan_config):
    _append_three()
    rows = audit.records(object_type="package")
    assert [r.object_id for r in rows] == ["pkg-2", "pkg-1", "pkg-0"]
    assert rows[0].prev_hash == rows[1].hash and rows[2].prev_hash == audit.GENESIS
    assert list(audit.verify()) == []
    result = cli.invoke(ckan_cli, ["tdpf", "audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


@pytest.mark.usefixtures("clean_db")
def test_database_refuses_update_and_delete():
    _append_three()
    for statement in ("UPDATE tdpf_trust_audit SET actor = 'x'",
                      "DELETE FROM tdpf_trust_audit"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            model.Session.execute(sa.text(statement))
        model.Session.rollback()
    assert len(audit.records()) == 3


@pytest.mark.usefixtures("clean_db")
def test_verify_detects_tampered_and_removed_rows(cli):
    _append_three()
    first, second = sorted(r.id for r in audit.records())[:2]
    # someone with database rights bypasses the trigger
    model.Session.execute(sa.text(
        "ALTER TABLE tdpf_trust_audit DISABLE TRIGGER tdpf_trust_audit_append_only"))
    model.Session.execute(sa.text(
        "UPDATE tdpf_trust_audit SET detail = '{\"terms_version\": \"0\"}' WHERE id = :id"),
        {"id": first})
    model.Session.commit()
    problems = list(audit.verify())
    assert [p.record_id for p in problems] == [first]
    result = cli.invoke(ckan_cli, ["tdpf", "audit", "verify"])
    assert result.exit_code == 1
    assert f"record {first}" in result.output

    model.Session.execute(sa.text("DELETE FROM tdpf_trust_audit WHERE id = :id"),
                          {"id": second})
    model.Session.commit()
    assert {p.record_id for p in audit.verify()} >= {first, second + 1}

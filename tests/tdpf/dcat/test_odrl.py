"""ODRL offers generated from the stored conditions (open and conditional)."""
from __future__ import annotations

import json

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ckanext.tdpf.dcat import odrl
from ckanext.tdpf.dcat.namespaces import ODRL

from .conftest import dataset_graph

PURPOSE = "https://w3id.org/tdpf/purpose/"
NDA = URIRef("https://w3id.org/tdpf/odrl/concludeNDA")


def the_offer(g: Graph):
    [policy] = g.subjects(RDF.type, ODRL.Offer)
    [permission] = g.objects(policy, ODRL.permission)
    return policy, permission


def constraints(g: Graph, rule) -> dict[str, tuple[str, set[str]]]:
    """leftOperand name -> (operator name, right operands)."""
    out = {}
    for c in g.objects(rule, ODRL.constraint):
        left = str(g.value(c, ODRL.leftOperand)).rsplit("/", 1)[-1]
        op = str(g.value(c, ODRL.operator)).rsplit("/", 1)[-1]
        out[left] = (op, {str(v) for v in g.objects(c, ODRL.rightOperand)})
    return out


def duties(g: Graph, rule) -> dict[URIRef, object]:
    return {g.value(d, ODRL.action): d for d in g.objects(rule, ODRL.duty)}


def test_open_licence_permits_use_without_constraints(open_dataset):
    g = dataset_graph(open_dataset)
    policy, permission = the_offer(g)
    assert str(policy) == f"http://test.ckan.net/dataset/{open_dataset['id']}/policy.jsonld"
    assert (policy, RDF.type, ODRL.Policy) in g
    assert g.value(policy, ODRL.uid) == policy
    assert str(g.value(policy, ODRL.target)).endswith("/dataset/" + open_dataset["id"])
    assert str(g.value(policy, ODRL.assigner)).endswith("/organization/" + open_dataset["owner_org"])
    assert set(g.objects(permission, ODRL.action)) == {
        ODRL.use, ODRL.reproduce, ODRL.distribute, ODRL.derive}
    assert constraints(g, permission) == {}
    # PDL1.0 is an attribution licence: credit is a duty, not a constraint
    assert set(duties(g, permission)) == {ODRL.attribute}
    assert not odrl.is_conditional(open_dataset)


def test_conditional_data_constraints_and_duties(conditional_dataset):
    g = dataset_graph(conditional_dataset)
    policy, permission = the_offer(g)
    assert set(g.objects(permission, ODRL.action)) == {ODRL.use}
    assert constraints(g, permission) == {
        "purpose": ("isAnyOf", {PURPOSE + "research", PURPOSE + "public"}),
        "recipient": ("isA", {"https://w3id.org/tdpf/disclosure/own_company"}),
        "spatial": ("eq", {"http://publications.europa.eu/resource/authority/country/JPN"}),
        "elapsedTime": ("lteq", {"P1Y"}),
    }
    assert (URIRef(PURPOSE + "research"), RDFS.label, Literal("研究", lang="ja")) in g
    by_action = duties(g, permission)
    assert set(by_action) == {ODRL.compensate, NDA}
    assert constraints(g, by_action[ODRL.compensate]) == {"payAmount": ("eq", {"50000"})}
    [pay] = g.objects(by_action[ODRL.compensate], ODRL.constraint)
    assert g.value(pay, ODRL.rightOperand).datatype == XSD.decimal
    assert str(g.value(pay, ODRL.unit)) == "http://dbpedia.org/resource/Japanese_yen"
    assert (NDA, ODRL.includedIn, ODRL.use) in g
    assert str(g.value(policy, RDFS.seeAlso)) == conditional_dataset["haspolicy_url"]
    assert odrl.is_conditional(conditional_dataset)


def _offer(**fields):
    pkg = {"id": "x", "license_id": "cc-by-4.0", **fields}
    g = odrl.offer_graph(pkg, target=URIRef("http://example.org/ds"))
    return g, the_offer(g)[1]


def test_no_limit_values_add_no_constraint():
    g, rule = _offer(trading_policy_use_application=["制限なし"], scope_of_disclosure="制限なし",
                     terms_of_use_permissible_region="制限なし", fee="無償",
                     trading_policy_nda="求めない")
    assert constraints(g, rule) == {}
    assert ODRL.distribute in set(g.objects(rule, ODRL.action))


def test_free_text_other_values_stay_literal():
    g, rule = _offer(trading_policy_use_application=["その他(自治体の防災訓練)"],
                     terms_of_use_permissible_region="その他(EU域内)")
    found = constraints(g, rule)
    assert found["purpose"] == ("isAnyOf", {"その他(自治体の防災訓練)"})
    assert found["spatial"] == ("eq", {"その他(EU域内)"})


def test_price_range_text_is_kept_as_comment_without_amount():
    g, rule = _offer(license_id="conditional", fee="有償", pricing_price_range="1万円〜5万円")
    pay = duties(g, rule)[ODRL.compensate]
    assert constraints(g, pay) == {}
    assert Literal("1万円〜5万円", lang="ja") in set(g.objects(pay, RDFS.comment))


def test_period_until_a_date_and_share_alike_and_cc0():
    g, rule = _offer(license_id="cc-by-sa-4.0",
                     usage_license_period={"expirationPeriodType": "date", "date": "2027-03-31"})
    assert constraints(g, rule) == {"dateTime": ("lteq", {"2027-03-31"})}
    assert set(duties(g, rule)) == {ODRL.attribute,
                                    URIRef("http://creativecommons.org/ns#ShareAlike")}
    g, rule = _offer(license_id="cc-zero")
    assert duties(g, rule) == {} and constraints(g, rule) == {}


def test_policy_jsonld_parses_back_to_the_same_offer(conditional_dataset):
    doc = json.loads(odrl.policy_jsonld(conditional_dataset))
    assert "@context" in doc
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    _policy, permission = the_offer(g)
    assert constraints(g, permission)["recipient"][1] == {"https://w3id.org/tdpf/disclosure/own_company"}

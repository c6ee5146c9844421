"""ODRL usage policies generated from a dataset's stored conditions.

One ``odrl:Offer`` per dataset, built from the licence and the conditions
as ``ckanext.tdpf.conditions`` reads them for the market's checks (fee,
trading_policy_use_application, scope_of_disclosure,
terms_of_use_permissible_region, trading_policy_nda, usage_license_period):
an open licence gives a permission without constraints; conditional data
gives constraints on purpose, recipient and region, a licence period, and
duties to pay and to conclude an NDA. The DCAT profile attaches the offer to
every distribution (``odrl:hasPolicy``); ``views.dcat_policy`` serves
``policy_jsonld`` at ``/dataset/<id>/policy.jsonld``."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

import ckan.plugins.toolkit as tk

from ckanext.dcat.utils import dataset_uri

from .. import conditions
from ..vocab import choices, licences
from .namespaces import DISCLOSURE, EU_COUNTRY, ODRL, ODRL_PROFILE, PURPOSE

__all__ = ["add_offer", "is_conditional", "offer_graph", "policy_jsonld", "policy_uri", "price"]

CC = "http://creativecommons.org/ns#"
JPY = URIRef("http://dbpedia.org/resource/Japanese_yen")
OPEN_ACTIONS = (ODRL.use, ODRL.reproduce, ODRL.distribute, ODRL.derive)
NDA = ODRL_PROFILE.concludeNDA

# CADDE values -> concept keys of ours (the Japanese value stays the label).
PURPOSES = {"商用": "commercial", "研究": "research", "教育": "education",
            "公共": "public", "医業利用": "medical", "個別調整": "negotiated",
            "その他": "other"}
DISCLOSURES = {"担当者限り": "assignee_only", "自部門": "own_department",
               "自社": "own_company", "グループ会社": "group_companies",
               "個別相談": "negotiated", "その他": "other"}
_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D"}

JSONLD_CONTEXT = {"odrl": str(ODRL), "rdfs": str(RDFS), "xsd": str(XSD),
                  "tdpf-odrl": str(ODRL_PROFILE), "dct": "http://purl.org/dc/terms/"}


def policy_uri(pkg: dict[str, Any]) -> URIRef:
    """Where the policy is served (and its uid): /dataset/<id>/policy.jsonld."""
    site = tk.config.get("ckan.site_url", "").rstrip("/")
    return URIRef(f"{site}/dataset/{pkg['id']}/policy.jsonld")


def _base_value(value: str) -> tuple[str, str]:
    """"その他(自由記述)" -> ("その他", "自由記述")."""
    m = re.fullmatch(r"(.+?)[(（](.*)[)）]", value.strip())
    return (m.group(1), m.group(2)) if m else (value.strip(), "")


def is_conditional(pkg: dict[str, Any]) -> bool:
    """True when the licence is not open or any condition restricts use."""
    if not licences.is_open(pkg.get("license_id")):
        return True
    c = conditions.of(pkg)
    return bool(c["access_level"] in conditions.GATED or c["purposes"]
                or _disclosure(c) or _region(c) or c["licence_period"]
                or pkg.get("fee") == "有償" or c["nda"])


def _disclosure(c: dict[str, Any]) -> str:
    value = c["scope_of_disclosure"]
    return "" if value == conditions.NO_LIMIT else value


def _region(c: dict[str, Any]) -> str:
    return "" if c["region"] == conditions.NO_LIMIT else c["region"]


def _concept(g: Graph, namespace, table: dict[str, str], value: str):
    """A concept URI for a CADDE value, or the value itself for free text."""
    base, detail = _base_value(value)
    if base in table and not detail:
        uri = namespace[table[base]]
        g.add((uri, RDFS.label, Literal(base, lang="ja")))
        return uri
    return Literal(value, lang="ja")


def _constraint(g: Graph, rule, left, operator, rights: list) -> BNode:
    node = BNode()
    g.add((rule, ODRL.constraint, node))
    g.add((node, RDF.type, ODRL.Constraint))
    g.add((node, ODRL.leftOperand, left))
    g.add((node, ODRL.operator, operator))
    for right in rights:
        g.add((node, ODRL.rightOperand, right))
    return node


def _duration(period: dict[str, Any]) -> str | None:
    try:
        value = int(period["value"])
    except (KeyError, TypeError, ValueError):
        return None
    unit = _UNITS.get(str(period.get("unit", "")).lower().rstrip("s"))
    return f"P{value}{unit}" if unit and value >= 0 else None


def _add_period(g: Graph, rule, period: dict[str, Any]) -> None:
    kind = period.get("expirationPeriodType")
    inner = period.get("period") or {}
    if kind == "period" and _duration(inner):
        node = _constraint(g, rule, ODRL.elapsedTime, ODRL.lteq,
                           [Literal(_duration(inner), datatype=XSD.duration)])
        if inner.get("referenceDate"):
            g.add((node, RDFS.comment,
                   Literal(f"from {inner['referenceDate']}", lang="en")))
        return
    end = period.get("date") or period.get("endDate") or inner.get("date")
    if end and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(end)):
        _constraint(g, rule, ODRL.dateTime, ODRL.lteq, [Literal(end, datatype=XSD.date)])


def _price(text: str | None) -> Literal | None:
    """A plain amount ("1,000円", "1000") as xsd:decimal; ranges stay text."""
    m = re.fullmatch(r"\s*[¥￥]?\s*([\d,]+)\s*円?\s*", text or "")
    return Literal(m.group(1).replace(",", ""), datatype=XSD.decimal) if m else None


def _add_duty(g: Graph, rule, action) -> BNode:
    duty = BNode()
    g.add((rule, ODRL.duty, duty))
    g.add((duty, RDF.type, ODRL.Duty))
    g.add((duty, ODRL.action, action))
    return duty


def _fee_amount(pkg: dict[str, Any]) -> Literal | None:
    """The market's fee_amount (whole yen) when set, else a plain price."""
    amount = conditions.fee_amount(pkg)
    if amount is not None:
        return Literal(str(amount), datatype=XSD.decimal)
    return _price(pkg.get("pricing_price_range"))


def _add_payment(g: Graph, rule, pkg: dict[str, Any]) -> None:
    duty = _add_duty(g, rule, ODRL.compensate)
    amount = _fee_amount(pkg)
    if pkg.get("fee_unit"):
        g.add((duty, RDFS.comment, Literal(choices.label("fee_unit", pkg["fee_unit"], "en"),
                                           lang="en")))
    if amount is not None:
        node = _constraint(g, duty, ODRL.payAmount, ODRL.eq, [amount])
        g.add((node, ODRL.unit, JPY))
    for key in ("pricing_price_range", "pricing_notices_of_price"):
        if pkg.get(key) and (key != "pricing_price_range" or amount is None):
            g.add((duty, RDFS.comment, Literal(pkg[key], lang="ja")))



def price(g: Graph, ref) -> tuple[int | None, str | None]:
    """The whole-yen amount and fee unit of the dataset's offer, as
    ``_add_payment`` wrote them (the parse side: a harvested paid record
    keeps the machine-readable price the market requires)."""
    units = {en: key for key, _ja, en in choices.FEE_UNITS}
    for policy in g.subjects(ODRL.target, ref):
        for rule in g.objects(policy, ODRL.permission):
            for duty in g.objects(rule, ODRL.duty):
                if (duty, ODRL.action, ODRL.compensate) not in g:
                    continue
                amounts = [g.value(c, ODRL.rightOperand) for c in g.objects(duty, ODRL.constraint)
                           if g.value(c, ODRL.leftOperand) == ODRL.payAmount]
                unit = next((units[str(c)] for c in g.objects(duty, RDFS.comment)
                             if str(c) in units), None)
                return (_whole_yen(amounts[0]) if amounts else None), unit
    return None, None


def _whole_yen(value: Any) -> int | None:
    """An xsd:decimal amount ("50000.0" once serialised) as whole yen."""
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return None
    if not (amount.is_finite() and 0 <= amount < 10**12):  # no 1e999999 in int()
        return None
    return int(amount) if amount == amount.to_integral_value() else None


def _licence_duties(g: Graph, rule, license_id: str | None) -> None:
    kind = licences.licence_type(license_id)
    if kind in ("Attribution", "ShareAlike"):
        _add_duty(g, rule, ODRL.attribute)
    if kind == "ShareAlike":
        _add_duty(g, rule, URIRef(CC + "ShareAlike"))


def _add_conditions(g: Graph, rule, pkg: dict[str, Any]) -> None:
    c = conditions.of(pkg)
    if c["purposes"]:
        _constraint(g, rule, ODRL.purpose, ODRL.isAnyOf,
                    [_concept(g, PURPOSE, PURPOSES, v) for v in c["purposes"]])
    if _disclosure(c):
        _constraint(g, rule, ODRL.recipient, ODRL.isA,
                    [_concept(g, DISCLOSURE, DISCLOSURES, _disclosure(c))])
    if c["eligible_member_types"]:
        _constraint(g, rule, ODRL.recipient, ODRL.isAnyOf,
                    [Literal(choices.label("member_type", m), lang="ja")
                     for m in c["eligible_member_types"]])
    region = _region(c)
    if region:
        right = EU_COUNTRY.JPN if region == "日本" else Literal(region, lang="ja")
        _constraint(g, rule, ODRL.spatial, ODRL.eq, [right])
    _add_period(g, rule, c["licence_period"])
    if pkg.get("fee") == "有償":
        _add_payment(g, rule, pkg)
    if c["nda"]:
        _add_duty(g, rule, NDA)
        g.add((NDA, RDF.type, ODRL.Action))
        g.add((NDA, ODRL.includedIn, ODRL.use))
        g.add((NDA, RDFS.label, Literal("秘密保持契約（NDA）の締結", lang="ja")))
        g.add((NDA, RDFS.label, Literal("Conclude a non-disclosure agreement", lang="en")))


def add_offer(g: Graph, pkg: dict[str, Any], policy: URIRef, target: URIRef,
              assigner: URIRef | None = None) -> URIRef:
    """Add the dataset's offer to ``g`` as ``policy`` and return it."""
    g.add((policy, RDF.type, ODRL.Offer))
    g.add((policy, RDF.type, ODRL.Policy))  # no inference in SHACL checks
    g.add((policy, ODRL.uid, policy))
    g.add((policy, ODRL.profile, URIRef(str(ODRL_PROFILE))))
    g.add((policy, ODRL.target, target))
    if assigner is not None:
        g.add((policy, ODRL.assigner, assigner))
    if pkg.get("haspolicy_url"):
        g.add((policy, RDFS.seeAlso, URIRef(pkg["haspolicy_url"])))
    rule = BNode()
    g.add((policy, ODRL.permission, rule))
    g.add((rule, RDF.type, ODRL.Permission))
    g.add((rule, ODRL.target, target))
    if is_conditional(pkg):
        g.add((rule, ODRL.action, ODRL.use))
        _add_conditions(g, rule, pkg)
        if pkg.get("terms_of_use_notices"):
            g.add((policy, RDFS.comment, Literal(pkg["terms_of_use_notices"], lang="ja")))
    else:
        for action in OPEN_ACTIONS:
            g.add((rule, ODRL.action, action))
    _licence_duties(g, rule, pkg.get("license_id"))
    return policy


def offer_graph(pkg: dict[str, Any], target: URIRef | None = None,
                assigner: URIRef | None = None) -> Graph:
    """The offer of a ``package_show`` dict as a graph of its own."""
    g = Graph()
    g.bind("odrl", ODRL)
    g.bind("tdpf-odrl", ODRL_PROFILE)
    add_offer(g, pkg, policy_uri(pkg), target or URIRef(dataset_uri(pkg)), assigner)
    return g


def policy_jsonld(pkg: dict[str, Any]) -> str:
    """The offer serialised as JSON-LD (compact, ODRL prefixes)."""
    return offer_graph(pkg).serialize(format="json-ld", context=JSONLD_CONTEXT, indent=2)

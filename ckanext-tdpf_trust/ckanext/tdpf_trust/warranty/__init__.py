"""表明保証 (provider warranties).

An editor or admin of a dataset's organisation warrants the dataset as it
is now: the personal-data statement is true, consent was obtained where
needed, data and metadata are accurate, the organisation may provide it,
providing it is lawful. A warranty is *current* while the dataset still has
the fingerprint it was given for and the terms version is still the
configured ``ckanext.tdpf_trust.warranty.terms_version``.

What the fingerprint covers (:data:`.rules.FINGERPRINT_FIELDS`,
:data:`.rules.RESOURCE_FIELDS`): what the promise is about. The data itself
(each resource's id, URL or uploaded file name, hash, size, last
modification: a replaced file changes it) and the statements the provider
attests to (title and description, licence, organisation, the
personal-data, warranty and legal-compliance keys). Classification and
bookkeeping (tags, themes, contact, data rate, harvest and modification
dates) are left out: correcting a tag does not undo a promise about the
data. A change of a covered field makes the warranty stale; the
publication gate then asks for a new one before the dataset is published
or gains/changes a resource while public.

Sysadmins may warrant (they act for the organisation; the record names
them) but are not exempt: a public dataset needs a warranty whoever
publishes it. Harvested records are exempt (their source catalog is
responsible), see :func:`.rules.is_harvested`.
"""
from __future__ import annotations

# the publication gate asks each feature package (gate.problems)
from .rules import publication_problems

__all__ = ["publication_problems"]

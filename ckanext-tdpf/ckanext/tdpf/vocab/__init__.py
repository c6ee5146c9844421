"""Controlled vocabularies shared by every TDPF plugin (public facade).

Trust, market and the harvesters read licences, municipality codes,
provider types, themes and the CADDE value lists from here, so that one
value means the same thing everywhere."""

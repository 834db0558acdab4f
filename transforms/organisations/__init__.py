"""Organisations: one home for names, keys, aliases, countries, mentions in text and masking.

- ``names``: the name part of a partner-list entry, its role, legal forms, the plain key;
- ``aliases``: one key per organisation across languages and scripts (a lookup, as data);
- ``country``: the organisation's country from its name, its text and the portal;
- ``mentions``: organisations named in running text (legal forms, known names, type words);
- ``facts``: what the warehouse's organisations table needs per name;
- ``mask``: names blanked out so that other fields are not read inside them.
"""

from transforms.organisations.aliases import known_organisation, organisation_key
from transforms.organisations.country import name_language, organisation_country
from transforms.organisations.facts import (
    ORGANISATION_TYPES,
    OrganisationFacts,
    describe_organisation,
)
from transforms.organisations.mask import mask_organisations
from transforms.organisations.mentions import OrganisationMention, find_organisation_mentions
from transforms.organisations.names import (
    LEGAL_FORMS,
    LEGAL_FORMS_WRITTEN,
    ROLE_WORDS,
    legal_form_of,
    matching_key,
    organisation_name,
    organisation_role,
    split_acronym,
)

__all__ = [
    "LEGAL_FORMS",
    "LEGAL_FORMS_WRITTEN",
    "ORGANISATION_TYPES",
    "ROLE_WORDS",
    "OrganisationFacts",
    "OrganisationMention",
    "describe_organisation",
    "find_organisation_mentions",
    "known_organisation",
    "legal_form_of",
    "mask_organisations",
    "matching_key",
    "name_language",
    "organisation_country",
    "organisation_key",
    "organisation_name",
    "organisation_role",
    "split_acronym",
]

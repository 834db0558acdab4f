"""What can only be worked out once a record has its English text (after translation).

Policy areas and target groups read the English text as well as the original; so do ESID's
social-innovation criteria (si_*); safety flags cover the English fields too (a model can echo
markup it was given); completeness counts the English text. Pure: called by the translation
asset on every record, translated or not.
"""

from __future__ import annotations

import json
from typing import Any

from transforms.completeness import completeness
from transforms.organisations import mask_organisations
from transforms.safety import safety_flags
from transforms.si_criteria import CriteriaScores, score_criteria
from transforms.topics import classify_topics

ENGLISH_FIELDS = ("title_en", "body_en")


def enrich_translated(record: dict[str, Any]) -> None:
    """Fill policy_areas, target_groups, the si_* criteria, safety_flags (English part) and
    completeness."""
    original = "\n".join(filter(None, (record.get("title"), record.get("body"))))
    # No claims from names: the "Ministry of Labour, Social Affairs and Family" names no
    # target group "families".
    names = [*(record.get("organisations") or []), *(record.get("organisations_text") or [])]
    original = mask_organisations(original, names)
    english = "\n".join(filter(None, (record.get(name) for name in ENGLISH_FIELDS)))
    areas, groups = classify_topics(original, record.get("language"), english or None)
    record.update(_criteria(original, record.get("language"), english, names).columns())
    record["policy_areas"] = sorted(areas)
    record["target_groups"] = sorted(groups)
    provenance = json.loads(record.get("field_provenance") or "{}")
    provenance |= {"policy_areas": areas or None, "target_groups": groups or None}
    record["field_provenance"] = json.dumps(provenance, ensure_ascii=False, sort_keys=True)
    kept = [f for f in record.get("safety_flags") or [] if f.split(":")[0] not in ENGLISH_FIELDS]
    record["safety_flags"] = kept + safety_flags({n: record.get(n) for n in ENGLISH_FIELDS})
    record["completeness"] = completeness(record)


def _criteria(original: str, lang: str | None, english: str, names: list[str]) -> CriteriaScores:
    """ESID's criteria from the (masked) original and, where it is a translation, the English
    (an English page's English fields repeat it; untranslated ones may copy the original)."""
    texts: list[tuple[str, str | None]] = [(original, lang)]
    if english and lang != "en" and english.strip() != original.strip():
        texts.append((mask_organisations(english, names), "en"))
    return score_criteria(texts)

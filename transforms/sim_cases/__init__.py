"""Social Innovation Match cases: one per initiative, SIM's template fields with evidence."""

from transforms.sim_cases.case import CASE_RECORD_COLUMNS, build_case, case_document
from transforms.sim_cases.lexicon import SECTIONS
from transforms.sim_cases.sections import case_sections, classify, record_sentences

__all__ = [
    "CASE_RECORD_COLUMNS",
    "SECTIONS",
    "build_case",
    "case_document",
    "case_sections",
    "classify",
    "record_sentences",
]

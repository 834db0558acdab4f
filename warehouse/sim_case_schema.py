"""The ``sim_cases`` table, defined once: Parquet schema, DuckDB DDL and documentation."""

from __future__ import annotations

import pyarrow as pa

from transforms.schema import Field

SENTENCE_TYPE = pa.struct([
    ("record_id", pa.string()), ("position", pa.int64()), ("lang", pa.string()),
    ("text", pa.string()), ("text_en", pa.string()), ("cues", pa.list_(pa.string())),
])  # fmt: skip
PARTNER_TYPE = pa.struct([
    ("org_id", pa.string()), ("name", pa.string()), ("role", pa.string()),
    ("country", pa.string()),
])  # fmt: skip
EVIDENCE_TYPE = pa.struct([
    ("field", pa.string()), ("record_id", pa.string()), ("via", pa.string()),
    ("text", pa.string()), ("lang", pa.string()),
])  # fmt: skip

CRITERION_EVIDENCE_TYPE = pa.struct([
    ("criterion", pa.string()), ("score", pa.int64()), ("record_id", pa.string()),
    ("sentence", pa.string()), ("lang", pa.string()), ("cues", pa.list_(pa.string())),
])  # fmt: skip
_CRITERION = ("ESID criterion {what}, 0-2 (docs/si-criteria.md): the initiative's "
              "(initiatives.si_{name}, the highest its records reach).")  # fmt: skip

_SECTION = ("Sentences of its records' bodies classified as {what} (cue lexicons of "
            "transforms/lexicons/sim_sections.yml, headings, position), in page order: record, "
            "position among its body sentences, language, original, English (null: not "
            "translated), cues.")  # fmt: skip
SIM_CASE_FIELDS: tuple[Field, ...] = (
    Field("initiative_id", pa.string(), "The initiative (initiatives.initiative_id).",
          required=True),
    Field("title", pa.string(), "Title: an English one where a record has it or a translation, "
          "else the original."),
    Field("title_lang", pa.string(), "Language of title (not en: shown in the original)."),
    Field("title_original", pa.string(), "The title as its record wrote it."),
    Field("problem", pa.list_(SENTENCE_TYPE), _SECTION.format(what="the problem addressed")),
    Field("solution", pa.list_(SENTENCE_TYPE), _SECTION.format(what="the innovative solution")),
    Field("results", pa.list_(SENTENCE_TYPE), _SECTION.format(what="key results and benefits")),
    Field("transfer", pa.list_(SENTENCE_TYPE),
          _SECTION.format(what="lessons learned and potential for transfer")),
    Field("problem_text", pa.string(), "Problem addressed as one text (English where translated)."),
    Field("solution_text", pa.string(), "Innovative solution as one text."),
    Field("results_text", pa.string(), "Key results and benefits as one text."),
    Field("transfer_text", pa.string(), "Lessons learned and potential for transfer as one text."),
    Field("lead_organisation", pa.string(), "Display name of its lead (role lead)."),
    Field("partners", pa.list_(PARTNER_TYPE), "Lead organisation and partners with their roles "
          "and countries (initiative_organisations, organisations), lead first."),
    Field("countries", pa.list_(pa.string()), "ISO 3166-1 alpha-2 (the initiative's)."),
    Field("level_of_action", pa.string(), "transnational (two or more countries), national, "
          "regional or local (the text's cues)."),
    Field("funding", pa.list_(pa.string()), "Source of funding: the initiative's programmes."),
    Field("budget_amount", pa.float64(), "Budget its records state most (a range's maximum)."),
    Field("budget_min", pa.float64(), "A stated range's minimum, or an 'at least' sum."),
    Field("budget_max", pa.float64(), "A stated range's maximum, or an 'up to' sum."),
    Field("budget_currency", pa.string(), "ISO 4217 code of the budget."),
    Field("budget_text", pa.string(), "The budget as written."),
    Field("programming_period", pa.string(), "2014-2020, 2021-2027 ...: from the project's "
          "dates (2014-2020 spending stayed eligible to 2023), else a period the text names, "
          "else a programme of one period (ESF+)."),
    Field("start_date", pa.string(), "Project start (the initiative's)."),
    Field("end_date", pa.string(), "Project end (the initiative's)."),
    Field("initiative_type", pa.string(), "Type of initiative: the record type most of its "
          "own pages give, with the kind its text names most ('project: competence_centre')."),
    Field("target_groups", pa.list_(pa.string()), "Target groups (its records' target_groups)."),
    Field("themes", pa.list_(pa.string()), "Themes: ESF+ policy areas (its records')."),
    Field("languages", pa.list_(pa.string()), "Languages of its records."),
    Field("untranslated", pa.list_(pa.string()), "Fields shown in the original language only "
          "(no English translation): title, problem, solution, results, transfer."),
    Field("evidence", pa.list_(EVIDENCE_TYPE), "Each field's evidence: field, record, how "
          "('field budget_text', 'sentence 4', 'dates', 'initiative_organisations'), the text "
          "and the language it was read in."),
    Field("si_objectives", pa.int64(), _CRITERION.format(what="objectives", name="objectives")),
    Field("si_actors", pa.int64(), _CRITERION.format(what="actors and actor interactions",
                                                      name="actors")),
    Field("si_outputs", pa.int64(), _CRITERION.format(what="outputs and outcomes",
                                                       name="outputs")),
    Field("si_innovativeness", pa.int64(), _CRITERION.format(what="innovativeness",
                                                              name="innovativeness")),
    Field("si_score", pa.int64(), "Sum of the four ESID criteria, 0-8."),
    Field("si_evidence", pa.list_(CRITERION_EVIDENCE_TYPE), "The sentences behind each "
          "criterion's score: criterion, score, record, sentence as written, the language it "
          "was read in (en: its English translation), the cue words found."),
)  # fmt: skip
SIM_CASE_KEY = ("initiative_id",)

// Search, filters, sorting and paging over the records held in memory. The semantics are
// plain so that DuckDB can give the same counts on the same file (tests/test_release_site.py):
// - search: every whitespace-separated term, lower-cased, is a substring of the lower-cased
//   title, English title, body or English body;
// - country: the portal's country or one the text names; list fields: the value is listed;
// - period: the record's years (start..end, one standing for both when the other is missing)
//   overlap the years asked for; records without dates are left out.

export const FILTERS = [
  { key: 'country', label: 'Country', values: r => unique([r.source_country, ...(r.countries || [])]) },
  { key: 'lang', label: 'Language', values: r => [r.language] },
  { key: 'source', label: 'Source', values: r => [r.source_id] },
  { key: 'type', label: 'Record type', values: r => [r.record_type] },
  { key: 'area', label: 'Policy area', values: r => r.policy_areas || [] },
  { key: 'group', label: 'Target group', values: r => r.target_groups || [] },
  { key: 'prog', label: 'Programme', values: r => r.funding_programmes || [] },
]

export const SORTS = {
  title: { label: 'Title (A–Z)' },
  newest: { label: 'Newest first' },
  source: { label: 'Source' },
  language: { label: 'Language' },
  completeness: { label: 'Most complete first' },
}
export const PAGE_SIZE = 20

function unique(values) {
  return [...new Set(values.filter(v => v !== null && v !== undefined && v !== ''))]
}

export function displayTitle(record) {
  return record.title_en || record.title || '(untitled)'
}

const year = text => (text && /^\d{4}/.test(text) ? Number(text.slice(0, 4)) : null)

/** Index structures built once per release: facet values, years, search text. */
export function prepare(records) {
  for (const r of records) {
    r.facets = FILTERS.map(f => f.values(r))
    const start = year(r.start_date) ?? year(r.end_date)
    const end = year(r.end_date) ?? year(r.start_date)
    r.years = start === null ? null : [start, end]
    r.hay = [r.title, r.title_en].filter(Boolean).join('\n').toLowerCase()
  }
}

/** Add body and English body to the search text of rows ``start``.. (see data.loadTexts). */
export function addTexts(records, start, texts) {
  texts.forEach((t, i) => {
    const r = records[start + i]
    r.hay = [r.title, r.title_en, t.body, t.body_en].filter(Boolean).join('\n').toLowerCase()
  })
}

export function terms(q) {
  return (q || '').toLowerCase().split(/\s+/).filter(Boolean)
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true })
const orders = new Map()

/** Record positions in the order asked for, sorted once per release and order. */
function order(records, sort) {
  if (orders.has(sort)) return orders.get(sort)
  const idx = records.map((_, i) => i)
  const date = r => r.published_at || r.start_date || r.end_date || ''
  const by = {
    title: (a, b) => collator.compare(displayTitle(a), displayTitle(b)),
    newest: (a, b) => (date(b) > date(a) ? 1 : date(b) < date(a) ? -1 : 0),
    source: (a, b) => collator.compare(a.source_id || '', b.source_id || '') || collator.compare(displayTitle(a), displayTitle(b)),
    language: (a, b) => collator.compare(a.language || '', b.language || '') || collator.compare(displayTitle(a), displayTitle(b)),
    completeness: (a, b) => (b.completeness ?? -1) - (a.completeness ?? -1),
  }[sort] || (() => 0)
  idx.sort((i, j) => by(records[i], records[j]) || i - j)
  orders.set(sort, idx)
  return idx
}

/**
 * The matching records in order, and for each filter its values' counts among the records
 * that pass every other filter (so a chosen value still shows its alternatives).
 */
export function run(records, state) {
  const words = terms(state.q)
  const chosen = FILTERS.map(f => state[f.key] || '')
  const from = state.from ? Number(state.from) : null
  const to = state.to ? Number(state.to) : null
  const counts = FILTERS.map(() => new Map())
  const hits = []
  const sorted = order(records, SORTS[state.sort] ? state.sort : 'title')
  for (const i of sorted) {
    const r = records[i]
    if (words.length && !words.every(w => r.hay.includes(w))) continue
    if (from !== null || to !== null) {
      if (!r.years) continue
      if (from !== null && r.years[1] < from) continue
      if (to !== null && r.years[0] > to) continue
    }
    let failed = -1
    let failures = 0
    for (let f = 0; f < FILTERS.length; f++) {
      if (chosen[f] && !r.facets[f].includes(chosen[f])) {
        failures++
        failed = f
        if (failures > 1) break
      }
    }
    if (failures > 1) continue
    for (let f = 0; f < FILTERS.length; f++) {
      if (failures === 1 && f !== failed) continue
      for (const v of r.facets[f]) counts[f].set(v, (counts[f].get(v) || 0) + 1)
    }
    if (failures === 0) hits.push(r)
  }
  return { hits, counts }
}

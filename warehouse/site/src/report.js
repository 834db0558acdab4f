// The report: what the release holds, charted from stats.json, index.json, sources.json and
// the tables read for browsing.
import { barChart, stackedChart } from './charts.js'
import { fmt, h, nav } from './dom.js'
import { query } from './state.js'

const entries = counts => Object.entries(counts || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))

function tally(values) {
  const counts = new Map()
  for (const v of values) counts.set(v, (counts.get(v) || 0) + 1)
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])
}

export function report(app) {
  const { stats, records, initiatives, index, sources } = app.release
  const statuses = ['translated', 'source_is_english', 'no_model', 'failed', 'unknown']
  const byLanguage = new Map()
  for (const r of records) {
    const lang = r.language || 'unknown'
    if (!byLanguage.has(lang)) byLanguage.set(lang, {})
    const row = byLanguage.get(lang)
    const status = statuses.includes(r.translation_status) ? r.translation_status : 'unknown'
    row[status] = (row[status] || 0) + 1
  }
  const translation = [...byLanguage.entries()].sort((a, b) => a[0].localeCompare(b[0]))
  const history = (index?.releases || []).map(e => [e.version, { added: e.added, changed: e.changed, removed: e.removed }])
  if (!history.length) {
    history.push([app.release.version, { added: stats.records, changed: 0, removed: 0 }])
  }
  const levels = ['error', 'warning', 'info']
  const issues = Object.entries(sources).map(([id, s]) => [id, s.issues_by_level || {}]).filter(([, l]) => Object.keys(l).length)
  const fill = Object.entries(stats.fill_rates || {})
  const linked = initiatives.filter(i => (i.record_ids || []).length > 0)
  return [
    h('h1', { tabindex: -1 }, `Report: release ${app.release.version}`),
    h('p', {}, `${fmt.format(stats.records)} records, ${fmt.format(initiatives.length)} initiatives, `,
      `${fmt.format(app.release.organisations.length)} organisations from ${fmt.format(Object.keys(stats.by_source || {}).length)} sources. `,
      nav(query({ view: 'sources' }), 'Sources and their crawls'), '.'),
    h('div', { class: 'charts' },
      barChart('chart-country', 'Records per country (portal)', entries(stats.by_country)),
      barChart('chart-language', 'Records per language', entries(stats.by_language)),
      barChart('chart-source', 'Records per source', entries(stats.by_source)),
      barChart('chart-type', 'Records per record type', entries(stats.by_record_type)),
      stackedChart('chart-releases', 'Releases over time: records added, changed, removed', history, ['added', 'changed', 'removed']),
      stackedChart('chart-translation', 'Translation coverage by language', translation, statuses.filter(s => translation.some(([, row]) => row[s]))),
      barChart('chart-fill', 'Fill rate per field', fill, { percent: true }),
      stackedChart('chart-issues', 'Crawl issues per source and level', issues, levels.concat(
        [...new Set(issues.flatMap(([, l]) => Object.keys(l)))].filter(k => !levels.includes(k)))),
      barChart('chart-portals', 'Initiatives by number of portals', tally(linked.map(i => (i.sources || []).length))),
      barChart('chart-languages', 'Initiatives by number of languages', tally(linked.map(i => (i.languages || []).length)))),
  ]
}

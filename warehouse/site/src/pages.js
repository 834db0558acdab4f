// The detail pages: a record, an initiative, an organisation, a source, the sources.
import { loadLinks, readRow } from './data.js'
import { fmt, h, link, list, nav, paragraphs } from './dom.js'
import { displayTitle } from './query.js'
import { query } from './state.js'

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v : [v])]))
}

function table(headers, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' }, h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map(x => h('td', {}, x)))))))
}

function missing(what, id) {
  return [h('h1', { tabindex: -1 }, `No such ${what}`), h('p', {}, `This release has no ${what} `, h('code', {}, id || '(none given)'), '.')]
}

const recordLink = (app, id) => {
  const r = app.recordsById.get(id)
  return nav(query({ view: 'record', id }), r ? displayTitle(r) : id)
}
const period = (start, end) => (start || end ? `${start || '…'} – ${end || '…'}` : null)
const parse = text => { try { return text ? JSON.parse(text) : null } catch { return text } }

/** JSON provenance as nested lists, every key and value as text; record IDs become links. */
function provenance(app, value) {
  if (value === null || value === undefined) return h('span', { class: 'muted' }, '(none)')
  if (Array.isArray(value)) {
    return h('span', {}, value.map((v, i) => [i ? ', ' : '', typeof v === 'string' && app.recordsById.has(v) ? recordLink(app, v) : provenance(app, v)]))
  }
  if (typeof value === 'object') {
    return h('ul', {}, Object.entries(value).map(([k, v]) => h('li', {}, h('strong', {}, k), ': ', provenance(app, v))))
  }
  return String(value)
}

export async function recordPage(app, state) {
  const r = app.recordsById.get(state.id)
  if (!r) return missing('record', state.id)
  const full = await readRow(app.release.files.records, r.idx)
  const translated = Boolean(full.title_en && full.title_en !== full.title) || Boolean(full.body_en && full.body_en !== full.body)
  const showOriginal = state.original === '1'
  const english = h('section', { 'aria-label': 'English' },
    h('div', { class: 'body', id: 'body-en', lang: full.body_en ? 'en' : full.language || null }, paragraphs(full.body_en || full.body)))
  const original = h('section', { id: 'original', class: 'original', lang: full.language || null, hidden: translated && !showOriginal ? true : null },
    h('h2', {}, `Original (${full.language || 'language unknown'})`),
    h('p', {}, h('strong', {}, full.title)),
    h('div', { class: 'body', id: 'body-original' }, paragraphs(full.body)))
  const toggle = translated
    ? h('button', { type: 'button', class: 'secondary', id: 'toggle-original', 'aria-controls': 'original', 'aria-expanded': String(showOriginal),
      onclick: () => app.update({ original: showOriginal ? '' : '1' }, { replace: true }) },
      showOriginal ? 'Hide the original' : `Show the original (${full.language || '?'})`)
    : null
  const organisations = (full.organisations || []).map((name, i) =>
    h('span', { class: 'tag' }, name, full.organisation_roles?.[i] ? ` · ${full.organisation_roles[i]}` : '', full.organisation_countries?.[i] ? ` · ${full.organisation_countries[i]}` : ''))
  const initiative = full.initiative_id && app.initiativesById.get(full.initiative_id)
  return [
    h('h1', { tabindex: -1, id: 'record-title', lang: full.title_en ? 'en' : full.language || null }, displayTitle(full)),
    facts([
      ['Source', nav(query({ view: 'source', id: full.source_id }), full.source_id)],
      ['Page', link(full.url)],
      ['Record type', full.record_type],
      ['Language', full.language],
      ['Translation', [full.translation_status, full.translation_model ? ` (${full.translation_model})` : ''].join('')],
      ['Countries', list(full.countries)],
      ['Programmes', list(full.funding_programmes)],
      ['Period', period(full.start_date, full.end_date)],
      ['Published', full.published_at],
      ['Policy areas', list(full.policy_areas)],
      ['Target groups', list(full.target_groups)],
      ['Organisations', organisations],
      ['Initiative', initiative ? nav(query({ view: 'initiative', id: initiative.initiative_id }), initiative.title || initiative.initiative_id) : null],
      ['Completeness', typeof full.completeness === 'number' ? `${Math.round(full.completeness * 100)}%` : null],
      ['Text flags', list(full.safety_flags)],
      ['Fetched', full.fetched_at],
    ]),
    toggle,
    h('h2', {}, translated ? 'Text (English)' : `Text (${full.language || 'language unknown'})`),
    english,
    translated ? original : null,
    h('details', {}, h('summary', {}, 'Field provenance'), provenance(app, parse(full.field_provenance))),
  ]
}

export async function initiativePage(app, state) {
  const initiative = app.initiativesById.get(state.id)
  if (!initiative) return missing('initiative', state.id)
  const [full, links] = await Promise.all([readRow(app.release.files.initiatives, initiative.idx), loadLinks()])
  const ids = initiative.record_ids || []
  const members = new Set(ids)
  const evidence = []
  for (const id of ids) {
    for (const l of links.get(id) || []) if (l.record_a === id && members.has(l.record_b)) evidence.push(l)
  }
  const roles = app.rolesByInitiative.get(initiative.initiative_id) || []
  return [
    h('h1', { tabindex: -1 }, initiative.title || initiative.initiative_id),
    facts([
      ['Acronym', initiative.acronym],
      ['Period', period(initiative.start_date, initiative.end_date)],
      ['Countries', list(initiative.countries)],
      ['Programmes', list(initiative.funding_programmes)],
      ['Languages', list(initiative.languages)],
      ['Portals', (initiative.sources || []).map((s, i) => [i ? ', ' : '', nav(query({ view: 'source', id: s }), s)])],
      ['ID', initiative.initiative_id],
    ]),
    h('h2', {}, `Records (${ids.length})`),
    table(['Record', 'Source', 'Language', 'Type', 'Page'], ids.map(id => {
      const r = app.recordsById.get(id)
      return [recordLink(app, id), r?.source_id || '', r?.language || '', r?.record_type || '', r ? link(r.url, 'portal page') : '']
    }), { id: 'initiative-records' }),
    h('h2', {}, `Organisations (${roles.length})`),
    roles.length
      ? table(['Organisation', 'Role', 'Country', 'Evidence'], roles.map(role => {
        const o = app.organisationsById.get(role.org_id)
        return [nav(query({ view: 'organisation', id: role.org_id }), o?.display_name || role.org_id), role.role || '', o?.country || '',
          h('details', {}, h('summary', {}, `${(role.evidence || []).length} mention${(role.evidence || []).length === 1 ? '' : 's'}`), h('ul', {}, (role.evidence || []).map(e => h('li', {}, e))))]
      }), { id: 'initiative-organisations' })
      : h('p', { class: 'muted' }, 'No organisation is named.'),
    h('h2', {}, `Link evidence (${evidence.length} links)`),
    evidence.length
      ? h('details', { open: evidence.length <= 12 ? true : null }, h('summary', {}, `What speaks for and against each of the ${evidence.length} links`), table(['Record', 'Linked to', 'Score', 'For', 'Against'], evidence.map(l => [
        recordLink(app, l.record_a), recordLink(app, l.record_b), l.score?.toFixed?.(2) ?? String(l.score),
        h('ul', { class: 'for' }, (l.evidence || []).map(e => h('li', {}, e))),
        h('ul', { class: 'against' }, (l.against || []).map(e => h('li', {}, e)))]), { id: 'link-evidence' }))
      : h('p', { class: 'muted' }, ids.length > 1 ? 'The links of this initiative are not in this release.' : 'A single record: nothing was linked to it.'),
    h('h2', {}, 'Field provenance'),
    h('div', { id: 'initiative-provenance' }, provenance(app, parse(full.field_provenance))),
  ]
}

export function organisationPage(app, state) {
  const o = app.organisationsById.get(state.id)
  if (!o) return missing('organisation', state.id)
  const roles = app.rolesByOrganisation.get(o.org_id) || []
  return [
    h('h1', { tabindex: -1 }, o.display_name || o.org_id),
    facts([
      ['Acronym', o.acronym], ['Country', o.country], ['Type', o.type], ['Legal form', o.legal_form],
      ['Records naming it', fmt.format(o.record_count || (o.record_ids || []).length)], ['ID', o.org_id],
    ]),
    h('h2', {}, `Initiatives (${roles.length})`),
    table(['Initiative', 'Role', 'Countries', 'Period'], roles.map(role => {
      const i = app.initiativesById.get(role.initiative_id)
      return [nav(query({ view: 'initiative', id: role.initiative_id }), i?.title || role.initiative_id), role.role || '',
        (i?.countries || []).join(', '), period(i?.start_date, i?.end_date) || '']
    }), { id: 'organisation-initiatives' }),
    h('h2', {}, 'Names as written'),
    table(['Name', 'Language', 'Script'], (o.names || []).map(n => [h('span', { lang: n.lang || null }, n.name), n.lang || '', n.script || ''])),
  ]
}

const levels = health => Object.entries(health?.issues_by_level || {}).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'

export function sourcePage(app, state) {
  const id = state.id
  const health = app.release.sources[id]
  const records = app.release.records.filter(r => r.source_id === id)
  if (!health && !records.length) return missing('source', id)
  const count = key => Object.entries(records.reduce((m, r) => m.set(r[key] ?? 'unknown', (m.get(r[key] ?? 'unknown') || 0) + 1), new Map()))
  return [
    h('h1', { tabindex: -1 }, id),
    facts([
      ['Country', health?.country],
      ['Records (detail pages)', fmt.format(records.length)],
      ['Last good crawl', health?.last_good_crawl],
      ['Last fetched', health?.last_fetched_at],
      ['First seen', health?.first_seen],
      ['Issues', levels(health)],
      ['Languages', count('language').map(([k, v]) => `${k} ${v}`).join(', ')],
      ['Record types', count('record_type').map(([k, v]) => `${k} ${v}`).join(', ')],
    ]),
    h('p', {}, nav(query({ source: id }), `Browse its ${fmt.format(records.length)} records`)),
    h('h2', {}, 'Issues of the crawl in use'),
    health?.issues?.length
      ? table(['Level', 'When', 'Page', 'Message'], health.issues.map(i => [h('span', { class: `level-${i.level}` }, i.level || ''), i.timestamp || '', link(i.url), i.message || '']), { id: 'source-issues' })
      : h('p', { class: 'muted' }, 'No issues.'),
  ]
}

export function sourcesPage(app) {
  const ids = [...new Set([...Object.keys(app.release.sources), ...Object.keys(app.release.stats.by_source || {})])].sort()
  return [
    h('h1', { tabindex: -1 }, `Sources (${ids.length})`),
    table(['Source', 'Country', 'Records', 'Last good crawl', 'Issues'], ids.map(id => {
      const health = app.release.sources[id]
      return [nav(query({ view: 'source', id }), id), health?.country || '', fmt.format(app.release.stats.by_source?.[id] || 0), health?.last_good_crawl || '', levels(health)]
    }), { id: 'sources' }),
  ]
}

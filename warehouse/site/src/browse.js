// The browse page: search box, filters, sort, the result list (one page of it in the DOM).
import { fmt, h, list, nav } from './dom.js'
import { FILTERS, PAGE_SIZE, SORTS, displayTitle, run } from './query.js'
import { query } from './state.js'

const LABELS = { lang: 'Language', type: 'Record type' }

export function browse(app, state) {
  const { release } = app
  const { hits, counts } = run(release.records, state)
  const pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE))
  const page = Math.min(Math.max(1, Number(state.page) || 1), pages)
  const shown = hits.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)

  const search = h('input', {
    id: 'q', type: 'search', name: 'q', value: state.q || '', autocomplete: 'off',
    placeholder: 'e.g. mentoring, Roma, szociális', 'aria-describedby': 'q-help',
    oninput: event => app.debounce(() => app.update({ q: event.target.value, page: '' }, { replace: true })),
  })
  const form = h('form', { class: 'search', role: 'search', onsubmit: event => {
    event.preventDefault()
    app.update({ q: search.value, page: '' })
  } },
  h('label', { for: 'q' }, 'Search titles and texts, original and English', search),
  h('button', { type: 'submit' }, 'Search'),
  h('p', { id: 'q-help', class: 'muted sr-only' }, 'Every word must appear. Press / to come back here.'))

  const filters = h('fieldset', { class: 'filters' }, h('legend', {}, 'Filters'),
    FILTERS.map((f, n) => {
      const options = [...counts[n].entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
      const chosen = state[f.key] || ''
      if (chosen && !counts[n].has(chosen)) options.unshift([chosen, 0])
      const select = h('select', { id: `f-${f.key}`, name: f.key, onchange: event => app.update({ [f.key]: event.target.value, page: '' }) },
        h('option', { value: '' }, `All (${options.length})`),
        options.map(([value, count]) => h('option', { value, selected: value === chosen }, `${value} (${fmt.format(count)})`)))
      return h('label', { for: `f-${f.key}` }, LABELS[f.key] || f.label, select)
    }),
    h('div', { class: 'period' },
      h('label', { for: 'f-from' }, 'From year',
        h('input', { id: 'f-from', type: 'number', inputmode: 'numeric', min: 1990, max: 2100, value: state.from || '',
          onchange: event => app.update({ from: event.target.value, page: '' }) })),
      h('label', { for: 'f-to' }, 'To year',
        h('input', { id: 'f-to', type: 'number', inputmode: 'numeric', min: 1990, max: 2100, value: state.to || '',
          onchange: event => app.update({ to: event.target.value, page: '' }) }))),
    h('button', { type: 'button', class: 'secondary', id: 'clear', onclick: () => app.update(
      Object.fromEntries([...FILTERS.map(f => [f.key, '']), ['from', ''], ['to', ''], ['q', ''], ['page', '']])) }, 'Clear all'))

  const sort = h('label', { for: 'sort' }, 'Sort ',
    h('select', { id: 'sort', onchange: event => app.update({ sort: event.target.value, page: '' }) },
      Object.entries(SORTS).map(([key, s]) => h('option', { value: key, selected: key === (state.sort || 'title') }, s.label))))

  const summary = h('div', { class: 'summary' },
    h('p', { id: 'result-count', 'data-count': hits.length, 'data-total': release.records.length, 'aria-live': 'polite' },
      `${fmt.format(hits.length)} of ${fmt.format(release.records.length)} records`,
      app.textsReady ? null : h('span', { class: 'muted' }, ' (searching titles only while the texts load)')),
    sort)

  const initiatives = app.initiativesById
  const results = h('ol', { class: 'results', id: 'results', start: (page - 1) * PAGE_SIZE + 1 },
    shown.map(r => {
      const initiative = r.initiative_id && initiatives.get(r.initiative_id)
      const original = r.title_en && r.title && r.title_en !== r.title
      return h('li', { 'data-record': r.record_id },
        h('div', { class: 'title' }, nav(query({ view: 'record', id: r.record_id }), displayTitle(r))),
        original ? h('div', { class: 'meta', lang: r.language || null }, 'Original: ', r.title) : null,
        h('div', { class: 'meta' },
          nav(query({ view: 'source', id: r.source_id }), r.source_id), ' · ',
          r.language || 'language unknown', ' · ', r.record_type || 'type unknown',
          r.countries?.length ? ` · ${r.countries.join(', ')}` : '',
          r.published_at ? ` · ${r.published_at}` : '',
          r.start_date || r.end_date ? ` · ${r.start_date || '…'} – ${r.end_date || '…'}` : ''),
        r.funding_programmes?.length || r.policy_areas?.length ? h('div', {}, list(r.funding_programmes), list(r.policy_areas)) : null,
        initiative && initiative.record_ids.length > 1
          ? h('div', { class: 'meta' }, 'Initiative: ', nav(query({ view: 'initiative', id: initiative.initiative_id }), initiative.title || initiative.initiative_id),
            ` (${initiative.record_ids.length} records, ${(initiative.sources || []).length} portals)`)
          : null)
    }))

  const pager = h('nav', { class: 'pager', 'aria-label': 'Result pages' },
    page > 1 ? nav(app.href({ page: String(page - 1) }), '← Previous') : h('span', { class: 'muted' }, '← Previous'),
    h('span', { id: 'page-of' }, `Page ${page} of ${pages}`),
    page < pages ? nav(app.href({ page: String(page + 1) }), 'Next →') : h('span', { class: 'muted' }, 'Next →'))

  return [
    h('h1', { tabindex: -1 }, 'Records'),
    form,
    h('div', { class: 'browse' }, filters, h('section', { 'aria-label': 'Results' }, summary, results, pager)),
  ]
}

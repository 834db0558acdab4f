// The release site: loads the release, then renders the view the query string names.
import { browse } from './browse.js'
import { loadRelease, loadTexts } from './data.js'
import { clear, h } from './dom.js'
import { initiativePage, organisationPage, recordPage, sourcePage, sourcesPage } from './pages.js'
import { addTexts, prepare } from './query.js'
import { report } from './report.js'
import { query, readState } from './state.js'

const VIEWS = {
  browse,
  record: recordPage,
  initiative: initiativePage,
  organisation: organisationPage,
  source: sourcePage,
  sources: sourcesPage,
  report,
}
const SECTION = { report: 'report', sources: 'sources', source: 'sources' }

const main = document.getElementById('main')
const status = document.getElementById('status')

function say(text, error = false) {
  status.textContent = text
  status.classList.toggle('error', error)
}

function groupBy(rows, key) {
  const map = new Map()
  for (const row of rows) {
    if (!map.has(row[key])) map.set(row[key], [])
    map.get(row[key]).push(row)
  }
  return map
}

window.siteTimings = {}
const app = {
  release: null,
  textsReady: false,
  lastView: null,
  timer: null,

  /** A query string: the current state with ``changes`` applied. */
  href(changes) {
    return query({ ...readState(), ...changes })
  },

  /** Change the state (pushState, or replaceState while typing) and render. */
  update(changes, { replace = false } = {}) {
    const url = this.href(changes)
    history[replace ? 'replaceState' : 'pushState'](null, '', url)
    render()
  },

  debounce(fn, ms = 250) {
    clearTimeout(this.timer)
    this.timer = setTimeout(fn, ms)
  },
}

let rendering = 0
async function render() {
  const state = readState()
  const view = VIEWS[state.view] ? state.view : 'browse'
  const ticket = ++rendering
  const began = performance.now()
  // Re-rendering the same view keeps the focus where it was (typing in the search box).
  const focused = document.activeElement?.id
  const caret = document.activeElement?.selectionStart
  let nodes
  try {
    nodes = await VIEWS[view](app, state)
  } catch (error) {
    console.error(error)
    nodes = [h('h1', { tabindex: -1 }, 'This page could not be shown'), h('p', {}, String(error?.message || error))]
  }
  if (ticket !== rendering) return // a later navigation won
  clear(main).append(...nodes.flat().filter(Boolean))
  for (const a of document.querySelectorAll('header [data-section]')) {
    if (a.dataset.section === (SECTION[view] || 'browse')) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
  const heading = main.querySelector('h1')
  document.title = `${heading?.textContent || 'Release'} · SI Harvest ${app.release.version}`
  const key = `${view}:${state.id}`
  if (key !== app.lastView) {
    app.lastView = key
    if (heading) heading.focus({ preventScroll: false })
  } else if (focused && document.getElementById(focused)) {
    const node = document.getElementById(focused)
    node.focus({ preventScroll: true })
    if (typeof caret === 'number' && node.setSelectionRange && node.type === 'search') node.setSelectionRange(caret, caret)
  }
  document.body.dataset.view = view
  document.body.dataset.rendered = String(ticket)
  // Read by benchmarks/site.py: the last view's query and DOM time.
  window.siteTimings = { ...window.siteTimings, renderMs: performance.now() - began }
}

// In-site links change the state without a reload; modified clicks open new tabs as usual.
document.addEventListener('click', event => {
  const a = event.target.closest?.('a[data-nav]')
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  event.preventDefault()
  history.pushState(null, '', a.getAttribute('href'))
  render()
})
window.addEventListener('popstate', () => render())
// "/" goes to the search box, as on most sites with one.
document.addEventListener('keydown', event => {
  const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName || '')
  if (event.key === '/' && !typing) {
    const box = document.getElementById('q')
    if (box) {
      event.preventDefault()
      box.focus()
    } else {
      event.preventDefault()
      app.update({ view: '', id: '' })
      requestAnimationFrame(() => document.getElementById('q')?.focus())
    }
  }
})

async function start() {
  const started = performance.now()
  try {
    app.release = await loadRelease(say)
  } catch (error) {
    console.error(error)
    say(`The release could not be read: ${error?.message || error}`, true)
    document.body.dataset.failed = 'true'
    return
  }
  const { release } = app
  prepare(release.records)
  app.recordsById = new Map(release.records.map(r => [r.record_id, r]))
  app.initiativesById = new Map(release.initiatives.map(i => [i.initiative_id, i]))
  app.organisationsById = new Map(release.organisations.map(o => [o.org_id, o]))
  app.rolesByInitiative = groupBy(release.roles, 'initiative_id')
  app.rolesByOrganisation = groupBy(release.roles, 'org_id')
  document.getElementById('release-version').textContent = `release ${release.version}`
  await render()
  window.siteTimings.firstRenderMs = performance.now() - started
  say(`${release.records.length.toLocaleString('en')} records loaded; reading the texts for search…`)
  await loadTexts(release, (first, texts) => addTexts(release.records, first, texts))
  app.textsReady = true
  window.siteTimings.textsMs = performance.now() - started
  document.body.dataset.ready = 'true'
  say(`Release ${release.version}: ${release.records.length.toLocaleString('en')} records, full-text search ready.`)
  if ((VIEWS[readState().view] ? readState().view : 'browse') === 'browse') await render()
}

start()

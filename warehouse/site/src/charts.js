// Hand-written SVG bar charts: horizontal bars, plain or stacked, each with its numbers in a
// table beside it (for screen readers and for copying). Labels are text nodes, like all data.
import { fmt, h, s } from './dom.js'

export const PALETTE = ['#0b57a4', '#e07b00', '#1b7a3d', '#b3261e', '#6b4fa0', '#4d6b7a', '#c2185b']
const ROW = 20
const LABEL = 150
const WIDTH = 520

function clip(text, n = 24) {
  const value = String(text)
  return value.length > n ? `${value.slice(0, n - 1)}…` : value
}

function frame(id, title, svg, table, legend) {
  return h('figure', { class: 'chart', id, 'data-chart': id },
    h('figcaption', {}, title),
    legend,
    svg,
    h('details', {}, h('summary', {}, 'Numbers'), h('div', { class: 'table-wrap' }, table)))
}

function dataTable(headers, rows) {
  return h('table', {},
    h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { scope: 'col', class: i ? 'num' : null }, x)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map((x, i) => (i ? h('td', { class: 'num' }, x) : h('th', { scope: 'row' }, x)))))))
}

/** ``data``: [label, value] pairs. ``percent``: values are shares (0..1). */
export function barChart(id, title, data, { percent = false, color = PALETTE[0] } = {}) {
  const max = Math.max(1e-9, ...data.map(([, v]) => v))
  const show = v => (percent ? `${(v * 100).toFixed(1)}%` : fmt.format(v))
  const plot = WIDTH - LABEL - 60
  const height = Math.max(1, data.length) * ROW + 8
  const svg = s('svg', { class: 'plot', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title },
    data.map(([label, value], i) => {
      const y = 4 + i * ROW
      const w = percent ? value * plot : (value / max) * plot
      return s('g', {},
        s('title', {}, `${label}: ${show(value)}`),
        s('text', { x: LABEL - 6, y: y + 13, 'text-anchor': 'end' }, clip(label)),
        s('rect', { x: LABEL, y: y + 2, width: Math.max(w, value ? 1 : 0).toFixed(1), height: ROW - 6, fill: color }),
        s('text', { x: LABEL + w + 4, y: y + 13 }, show(value)))
    }))
  if (!data.length) svg.appendChild(s('text', { x: 4, y: 14 }, 'nothing to show'))
  return frame(id, title, svg, dataTable(['', percent ? 'share' : 'count'], data.map(([l, v]) => [l, show(v)])))
}

/** ``rows``: [label, {series: value}]; one stacked bar per row. */
export function stackedChart(id, title, rows, series) {
  const total = r => series.reduce((sum, k) => sum + (r[1][k] || 0), 0)
  const max = Math.max(1, ...rows.map(total))
  const plot = WIDTH - LABEL - 60
  const height = Math.max(1, rows.length) * ROW + 8
  const svg = s('svg', { class: 'plot', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title },
    rows.map((row, i) => {
      const y = 4 + i * ROW
      let x = LABEL
      const parts = series.map((k, n) => {
        const w = ((row[1][k] || 0) / max) * plot
        const rect = s('rect', { x: x.toFixed(1), y: y + 2, width: w.toFixed(1), height: ROW - 6, fill: PALETTE[n % PALETTE.length] },
          s('title', {}, `${row[0]} · ${k}: ${fmt.format(row[1][k] || 0)}`))
        x += w
        return rect
      })
      return s('g', {},
        s('text', { x: LABEL - 6, y: y + 13, 'text-anchor': 'end' }, clip(row[0])),
        parts,
        s('text', { x: x + 4, y: y + 13 }, fmt.format(total(row))))
    }))
  if (!rows.length) svg.appendChild(s('text', { x: 4, y: 14 }, 'nothing to show'))
  const legend = h('ul', { class: 'legend' }, series.map((k, n) =>
    h('li', {}, s('svg', { class: 'swatch', width: 12, height: 12, 'aria-hidden': 'true' },
      s('rect', { width: 12, height: 12, rx: 2, fill: PALETTE[n % PALETTE.length] })), ` ${k}`)))
  const table = dataTable(['', ...series, 'total'], rows.map(r => [r[0], ...series.map(k => fmt.format(r[1][k] || 0)), fmt.format(total(r))]))
  return frame(id, title, svg, table, legend)
}

// Building the page without ever parsing data as HTML: every value goes in as a text node
// (textContent or createTextNode), every attribute through setAttribute, and links only to
// http(s) URLs. Nothing in this site uses innerHTML, insertAdjacentHTML or document.write.

const SVG = 'http://www.w3.org/2000/svg'

/** An element with attributes and children; strings become text nodes, null is skipped. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  return fill(node, attrs, children)
}

/** The same for SVG elements (charts). */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attrs, children)
}

function fill(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue
    if (name === 'onclick' || name === 'oninput' || name === 'onchange' || name === 'onsubmit') {
      node.addEventListener(name.slice(2), value)
    } else if (name === 'href' && node.namespaceURI !== SVG) {
      throw new Error('use link() or nav() for links')
    } else {
      node.setAttribute(name, value === true ? '' : String(value))
    }
  }
  append(node, children)
  return node
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

/** The URL if it is http(s), else null: a javascript: or data: URL is never a link. */
export function safeUrl(value) {
  if (typeof value !== 'string' || !value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/** A link out of the site; a value that is not an http(s) URL is shown as plain text. */
export function link(url, text) {
  const href = safeUrl(url)
  const label = text ?? url ?? ''
  if (!href) return h('span', { class: 'unsafe-url', title: 'not an http(s) link' }, label)
  const a = h('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }, label)
  a.setAttribute('href', href)
  return a
}

/** A link inside the site: a query string, followed without reloading (see main.js). */
export function nav(query, ...children) {
  const a = h('a', { 'data-nav': '' }, ...children)
  a.setAttribute('href', query)
  return a
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild)
  return node
}

/** Paragraphs of a text kept one paragraph a line. */
export function paragraphs(text) {
  if (!text) return [h('p', { class: 'muted' }, '(none)')]
  return String(text)
    .split('\n')
    .filter(line => line.trim())
    .map(line => h('p', {}, line))
}

export function list(values) {
  return (values || []).map(v => h('span', { class: 'tag' }, v))
}

export const fmt = new Intl.NumberFormat('en')

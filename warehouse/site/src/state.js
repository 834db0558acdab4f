// The page's state lives in the query string, so every view can be shared and reloaded.
export const KEYS = ['view', 'id', 'q', 'country', 'lang', 'source', 'type', 'area', 'group', 'prog', 'from', 'to', 'sort', 'page', 'original']

export function readState(search = location.search) {
  const params = new URLSearchParams(search)
  return Object.fromEntries(KEYS.map(k => [k, params.get(k) || '']))
}

/** A query string of the non-empty values, in a fixed order (stable, shareable URLs). */
export function query(state) {
  const params = new URLSearchParams()
  for (const k of KEYS) if (state[k]) params.set(k, state[k])
  const text = params.toString()
  return text ? `?${text}` : '?'
}

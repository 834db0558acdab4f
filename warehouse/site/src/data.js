// Reading the release over HTTP: its Parquet files with hyparquet (range requests where the
// server answers them, the whole file where it does not), and its JSON files.
import { asyncBufferFromUrl, cachedAsyncBuffer, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

// The site sits in <release>/site/; the release's files are one folder up, the list of
// releases two (releases/index.json), where a server of the whole releases folder has it.
const RELEASE = new URL('../', document.baseURI)
const RELEASES = new URL('../../', document.baseURI)
const DATA = new URL('data/', document.baseURI)

// What the result list, the filters and the charts need: everything but the long texts,
// which are read next (the search index) and row by row (a record's page).
export const LIST_COLUMNS = [
  'record_id', 'source_id', 'url', 'record_type', 'source_country', 'title', 'title_en',
  'language', 'translation_status', 'countries', 'funding_programmes', 'start_date', 'end_date',
  'published_at', 'initiative_id', 'policy_areas', 'target_groups', 'completeness',
]
const TEXT_COLUMNS = ['body', 'body_en']

class Table {
  constructor(file, metadata) {
    this.file = file
    this.metadata = metadata
    this.rows = Number(metadata.num_rows)
    this.columns = parquetSchema(metadata).children.map(c => c.element.name)
    this.rowGroups = metadata.row_groups.map(g => Number(g.num_rows))
  }

  read(options = {}) {
    return parquetReadObjects({ file: this.file, metadata: this.metadata, compressors, ...options })
  }
}

/** A Parquet file of the release, or null when it is not there (organisations, say). */
export async function openParquet(url) {
  let file
  try {
    file = cachedAsyncBuffer(await asyncBufferFromUrl({ url: url.href }))
  } catch (error) {
    if (/ 404\b/.test(String(error?.message))) return null
    throw error
  }
  return new Table(file, await parquetMetadataAsync(file))
}

async function json(url, optional = false) {
  const response = await fetch(url)
  if (!response.ok) {
    if (optional) return null
    throw new Error(`${url.pathname}: HTTP ${response.status}`)
  }
  return response.json()
}

const number = v => (typeof v === 'bigint' ? Number(v) : v)

/** The release as the site holds it: records (list columns), initiatives, organisations. */
export async function loadRelease(progress) {
  progress('Reading stats.json and the Parquet footers…')
  const [stats, records, initiatives, organisations, roles, sources, index] = await Promise.all([
    json(new URL('stats.json', RELEASE)),
    openParquet(new URL('records.parquet', RELEASE)),
    openParquet(new URL('initiatives.parquet', RELEASE)),
    openParquet(new URL('organisations.parquet', RELEASE)),
    openParquet(new URL('initiative_organisations.parquet', RELEASE)),
    json(new URL('sources.json', DATA), true),
    json(new URL('index.json', RELEASES), true),
  ])
  if (!records) throw new Error('records.parquet is missing from this release')
  progress(`Reading ${records.rows.toLocaleString('en')} records…`)
  const rows = await records.read({ columns: LIST_COLUMNS.filter(c => records.columns.includes(c)) })
  rows.forEach((row, i) => {
    row.idx = i
    row.completeness = number(row.completeness)
  })
  progress('Reading initiatives and organisations…')
  const [initiativeRows, organisationRows, roleRows] = await Promise.all([
    initiatives ? initiatives.read({ columns: initiatives.columns.filter(n => n !== 'field_provenance') }) : [],
    organisations ? organisations.read() : [],
    roles ? roles.read() : [],
  ])
  organisationRows.forEach(o => { o.record_count = number(o.record_count) })
  initiativeRows.forEach((row, i) => { row.idx = i })
  return {
    version: RELEASE.pathname.split('/').filter(Boolean).pop(),
    stats,
    sources: sources || {},
    index,
    files: { records, initiatives, organisations },
    records: rows,
    initiatives: initiativeRows,
    organisations: organisationRows,
    roles: roleRows,
  }
}

/** Body and English body, row group by row group: (first row, texts) to ``onTexts``. */
export async function loadTexts(release, onTexts) {
  const table = release.files.records
  const columns = TEXT_COLUMNS.filter(c => table.columns.includes(c))
  let start = 0
  for (const size of table.rowGroups) {
    const texts = await table.read({ columns, rowStart: start, rowEnd: start + size })
    onTexts(start, texts)
    start += size
    // Let the page answer input between row groups.
    await new Promise(resolve => setTimeout(resolve, 0))
  }
}

/** Every column of one row (a record's or an initiative's page). */
export async function readRow(table, index) {
  const [row] = await table.read({ rowStart: index, rowEnd: index + 1 })
  return row
}

let links = null
/** The link evidence (site/data/links.parquet), read once, by record. */
export async function loadLinks() {
  if (links) return links
  const table = await openParquet(new URL('links.parquet', DATA))
  const rows = table ? await table.read() : []
  links = new Map()
  for (const link of rows) {
    for (const id of [link.record_a, link.record_b]) {
      if (!links.has(id)) links.set(id, [])
      links.get(id).push(link)
    }
  }
  return links
}

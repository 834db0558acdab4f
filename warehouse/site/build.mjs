// Bundles the site into dist/: one ES module (app.js) with hyparquet and its zstd
// decompressor inside, plus the page and its style sheet. Nothing is loaded from a CDN.
import { build } from 'esbuild'
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'

const out = new URL('./dist/', import.meta.url)
await rm(out, { recursive: true, force: true })
await mkdir(out, { recursive: true })
await build({
  entryPoints: [new URL('./src/main.js', import.meta.url).pathname],
  outfile: new URL('./app.js', out).pathname,
  bundle: true,
  format: 'esm',
  minify: true,
  // Same sources, same bytes: no source map paths or timestamps in the output.
  legalComments: 'none',
  target: ['es2022'],
  logLevel: 'warning',
})
for (const file of ['index.html', 'site.css']) {
  await copyFile(new URL(`./${file}`, import.meta.url), new URL(file, out))
}
// The bundle drops comments, so the bundled packages' licences travel beside it.
const bundled = ['hyparquet', 'hyparquet-compressors', 'fzstd', 'hysnappy']
const notices = await Promise.all(
  bundled.map(async name => {
    const text = await readFile(new URL(`./node_modules/${name}/LICENSE`, import.meta.url), 'utf8')
    return `== ${name} ==\n${text.trim()}\n`
  }),
)
await writeFile(new URL('THIRD-PARTY-LICENSES.txt', out), notices.join('\n'))
console.log(`site bundled into ${out.pathname}`)

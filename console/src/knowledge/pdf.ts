// PDF → Markdown text in the browser, one "## Page N" section per page. A chunk of its own
// (pdf.js is ~10× the rest of the console), imported only when an owner picks a PDF. The
// worker is a separate file under /admin/assets/: the CSP allows no blob: or inline workers.
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'
import { pageText } from './pdf-text'

GlobalWorkerOptions.workerSrc = workerUrl

export async function pdfToMarkdown(data: ArrayBuffer, title: string): Promise<string> {
  // Text only: no fonts, images or wasm decoders are fetched (pdf.js 6 no longer evals fonts,
  // so the CSP's missing 'unsafe-eval' costs nothing).
  const task = getDocument({ data, stopAtErrors: false })
  const doc = await task.promise
  try {
    const sections = [`# ${title}`]
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const content = await page.getTextContent()
      const text = pageText(content.items)
      if (text) sections.push(`## Page ${n}\n\n${text}`)
      page.cleanup()
    }
    return `${sections.join('\n\n')}\n`
  } finally {
    await task.destroy()
  }
}

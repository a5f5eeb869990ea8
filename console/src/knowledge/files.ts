// Which files the knowledge upload takes, and how a PDF becomes one of them.

export const ACCEPTED = ['.csv', '.json', '.md', '.html', '.htm', '.txt', '.pdf']

export const isPdf = (file: File) => /\.pdf$/i.test(file.name) || file.type === 'application/pdf'

export function isAccepted(name: string) {
  const lower = name.toLowerCase()
  return ACCEPTED.some((ext) => lower.endsWith(ext))
}

/** The form the edge receives: PDFs replaced by their text as `<name>.pdf.md`. */
export async function toUploadForm(
  files: File[],
  extract: (file: File) => Promise<string>,
): Promise<FormData> {
  const form = new FormData()
  for (const file of files) {
    if (isPdf(file)) {
      const text = await extract(file)
      form.append('file', new File([text], `${file.name}.md`, { type: 'text/markdown' }))
    } else form.append('file', file, file.name)
  }
  return form
}

/** Loads the PDF parser on first use. */
export async function extractPdf(file: File): Promise<string> {
  const { pdfToMarkdown } = await import('./pdf')
  return pdfToMarkdown(await file.arrayBuffer(), file.name.replace(/\.pdf$/i, ''))
}

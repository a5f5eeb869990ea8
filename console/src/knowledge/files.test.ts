import { describe, expect, it } from 'vitest'
import { isAccepted, toUploadForm } from './files'
import { pageText } from './pdf-text'

describe('toUploadForm', () => {
  it('sends a PDF as its extracted text named <name>.pdf.md, other files as they are', async () => {
    const pdf = new File(['%PDF-1.4'], 'Returns.pdf', { type: 'application/pdf' })
    const csv = new File(['sku,name'], 'feed.csv', { type: 'text/csv' })
    const form = await toUploadForm([pdf, csv], async () => '## Page 1\n\nThirty days.')
    const files = form.getAll('file') as File[]
    expect(files.map((f) => f.name)).toEqual(['Returns.pdf.md', 'feed.csv'])
    expect(await files[0]?.text()).toBe('## Page 1\n\nThirty days.')
  })
})

describe('isAccepted', () => {
  it('takes feeds, pages, text and PDFs, case-insensitively', () => {
    expect(['a.CSV', 'b.json', 'c.md', 'd.html', 'e.txt', 'f.pdf'].every(isAccepted)).toBe(true)
    expect(isAccepted('g.docx')).toBe(false)
  })
})

describe('pageText', () => {
  it('joins text items and keeps line ends', () => {
    expect(
      pageText([{ str: 'Free  returns' }, { str: ' within', hasEOL: true }, { str: '30 days' }]),
    ).toBe('Free returns within\n30 days')
  })
})

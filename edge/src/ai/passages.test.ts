import { describe, expect, it } from 'vitest'
import { readStatements, splitSentences } from './passages'

// A chunk of the demo shop's product page as the chunker stores it: the page's lines run
// together, headings glued to the text under them.
const tableChunk = [
  'Hollis Oak Dining Table',
  'Dining Hollis Oak Dining Table €1,490 incl. VAT In stock in natural oak — delivered in 5–10 working days SKU: OE-DT-1801 A six-to-eight seater table in solid European oak. Finish: Natural oak Walnut (+€300, made to order) Ash (made to order) - Free delivery in Ireland over €500 - 30-day returns - 10-year guarantee on frames and joints About this piece The Hollis is the table we built first. Care Wipe with a damp, well wrung-out cloth and dry straight away. Dimensions Width: 200 cm Depth: 95 cm Clearance under the rail: 64 cm Seats: 6–8 Weight: 68 kg Delivery and assembly Natural oak: 5–10 working days in Ireland, 7–14 working days to the UK and the EU. Not sure it fits?',
].join('\n')

describe('reading a chunk into statements', () => {
  const statements = readStatements(tableChunk, 'Hollis Oak Dining Table')
  const field = (label: string) => statements.find((s) => s.label === label)

  it('finds the fields inside running text, each with its heading', () => {
    expect(field('Width')).toMatchObject({ value: '200 cm', section: 'Dimensions' })
    expect(field('Clearance under the rail')).toMatchObject({ value: '64 cm' })
    expect(field('Seats')).toMatchObject({ value: '6–8' })
    // The heading after a value is not part of it.
    expect(field('Weight')).toMatchObject({ value: '68 kg', section: 'Dimensions' })
    expect(field('Natural oak')).toMatchObject({ section: 'Delivery and assembly' })
  })

  it('ends a code at its last character and reads on', () => {
    expect(field('SKU')?.value).toBe('OE-DT-1801')
    expect(statements.map((s) => s.text)).toContain(
      'A six-to-eight seater table in solid European oak.',
    )
  })

  it('splits a list run into one line into items', () => {
    expect(statements.filter((s) => s.kind === 'item').map((s) => s.text)).toEqual([
      'Free delivery in Ireland over €500',
      '30-day returns',
      '10-year guarantee on frames and joints',
    ])
  })

  it('drops the title line and questions, and keeps sentences under their heading', () => {
    expect(statements.find((s) => s.text === 'Hollis Oak Dining Table')).toBeUndefined()
    expect(statements.find((s) => s.text.endsWith('?'))).toBeUndefined()
    expect(statements.find((s) => s.text.startsWith('Wipe'))).toMatchObject({ section: 'Care' })
  })

  it('reads a product feed’s `Label: value` lines as fields', () => {
    const feed = readStatements(
      'Essence Mascara Lash Princess\nBrand: Essence\nPrice: $9.99\nWarranty: 1 week warranty\nReturns: No return policy\n\nThe Essence Mascara Lash Princess is a popular mascara.',
      'Essence Mascara Lash Princess',
    )
    expect(feed.map((s) => [s.label, s.value])).toEqual([
      ['Brand', 'Essence'],
      ['Price', '$9.99'],
      ['Warranty', '1 week warranty'],
      ['Returns', 'No return policy'],
      [undefined, undefined],
    ])
  })

  it('keeps a policy line whose label is a list of countries whole', () => {
    const [zone] = readStatements('Belgium, the Netherlands, Luxembourg, France, Germany: €120')
    expect(zone).toMatchObject({
      label: 'Belgium, the Netherlands, Luxembourg, France, Germany',
      value: '€120',
    })
  })

  it('does not take a sentence with a colon for a field', () => {
    const [sentence] = readStatements(
      'Covers come in four colours of stonewashed linen: oat, sage, charcoal and terracotta.',
    )
    expect(sentence?.kind).toBe('sentence')
  })
})

describe('splitting sentences', () => {
  it('does not split after an abbreviation', () => {
    expect(splitSentences('From €1,890 incl. VAT. Made in Co. Wicklow. Ships soon.')).toEqual([
      'From €1,890 incl. VAT.',
      'Made in Co. Wicklow.',
      'Ships soon.',
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { recogniseAttributes, sayValue, splitOptions } from './attributes'

const names = (question: string) => recogniseAttributes(question).map((a) => a.name)

describe('recognising what a question asks', () => {
  it.each([
    ['How much is this?', ['price']],
    ['How much does the Kawasaki Z800 cost?', ['price']],
    ['Is the Samsung Galaxy S8 in stock?', ['availability']],
    ['Is the Volleyball available?', ['availability']],
    ['When will it be back in stock?', ['availability']],
    ['How fast does the iPhone 13 Pro ship?', ['delivery']],
    ['Can I send it back?', ['returns']],
    ['How long is the warranty on the Essence Mascara Lash Princess?', ['warranty']],
    ['How tall is this bookshelf?', ['height']],
    ['How deep is it?', ['depth']],
    ['What are the dimensions of the Table Lamp?', ['dimensions']],
    ['How heavy is it?', ['weight']],
    ['How many people does it seat?', ['capacity']],
    ['What is the seat made of?', ['material']],
    ['What finish does it have?', ['finish']],
    ['What colours does it come in?', ['colour']],
    ['What sizes does it come in?', ['options']],
    ['How do I look after it?', ['care']],
    ['Who makes the Selfie Stick Monopod?', ['brand']],
    ['Which category is the Mug Tree Stand in?', ['category']],
    ['Does it come assembled?', ['assembly']],
  ])('"%s" asks %j', (question, expected) => {
    expect(names(question)).toEqual(expected)
  })

  it('hears both parts of a two-part question, in the order they were asked', () => {
    expect(names('Is this in stock and how long is delivery?')).toEqual([
      'availability',
      'delivery',
    ])
    expect(names('How much is it and when will it ship?')).toEqual(['price', 'delivery'])
    expect(names('What is the warranty and return policy on the Samsung Galaxy S10?')).toEqual([
      'warranty',
      'returns',
    ])
  })

  it('takes "how much is delivery" as what delivery costs, not the product’s price', () => {
    expect(recogniseAttributes('How much is delivery to Germany?')).toEqual([
      { name: 'delivery', at: 12, cost: true },
    ])
    expect(recogniseAttributes('Do you deliver to Germany and what does it cost?')).toEqual([
      { name: 'delivery', at: 7, cost: true },
    ])
  })

  it('does not take a shelf’s load for the product’s weight or price', () => {
    expect(names('How much weight can each shelf hold?')).toEqual([])
    expect(names('How much does the Weir Rattan Pendant Lamp weigh?')).toEqual(['weight'])
  })

  it('keeps return shipping with returns', () => {
    expect(names('Who pays for return shipping?')).toEqual(['returns'])
  })

  it('finds nothing to look up in small talk or an open question', () => {
    expect(names('Which bulb does it take?')).toEqual([])
    expect(names('Do you sell bicycles?')).toEqual([])
  })
})

describe('saying a fact', () => {
  const table = { name: 'Hollis Oak Dining Table', named: false }

  it('names the product in a whole sentence, and says "it" after that', () => {
    expect(sayValue('price', table, '€1,490')).toBe('The **Hollis Oak Dining Table** costs €1,490.')
    expect(sayValue('width', { ...table, named: true }, '200 cm', 'Width')).toBe(
      'It is 200 cm wide.',
    )
    expect(sayValue('height', table, '45 cm', 'Seat height')).toBe(
      'The seat height of the **Hollis Oak Dining Table** is 45 cm.',
    )
  })

  it('says a warranty, a returns policy and stock the way a product feed states them', () => {
    const mascara = { name: 'Essence Mascara Lash Princess', named: false }
    expect(sayValue('warranty', mascara, '1 week warranty')).toBe(
      'The **Essence Mascara Lash Princess** comes with a 1 week warranty.',
    )
    expect(sayValue('warranty', mascara, 'No warranty')).toBe(
      'The **Essence Mascara Lash Princess** comes with no warranty.',
    )
    expect(sayValue('returns', mascara, 'No return policy')).toBe(
      'The **Essence Mascara Lash Princess** has no return policy.',
    )
    expect(sayValue('availability', mascara, 'In Stock (99 left)')).toBe(
      'The **Essence Mascara Lash Princess** is in stock (99 left).',
    )
    expect(sayValue('availability', mascara, 'Pre-order — ships from 11 January')).toBe(
      'The **Essence Mascara Lash Princess** is available to pre-order — ships from 11 January.',
    )
  })

  it('lists the options of a product page’s variant picker', () => {
    expect(splitOptions('Natural oak Walnut (+€300, made to order) Ash (made to order)')).toBe(
      'Natural oak; Walnut (+€300, made to order); Ash (made to order)',
    )
    expect(
      splitOptions('Double, 135 × 190 cm — €1,150 (SKU OE-BF-3101-DB) King, 150 × 200 cm — €1,290'),
    ).toBe('Double, 135 × 190 cm — €1,150; King, 150 × 200 cm — €1,290')
  })
})

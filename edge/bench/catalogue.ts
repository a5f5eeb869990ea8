// A generated, realistic furniture catalogue for the retrieval benchmark: products with woods,
// finishes, colours, dimensions, prices and care/delivery text, plus policy and FAQ documents,
// and shopper questions about them. Deterministic (seeded), so runs are comparable.
import type { DocumentInput } from '../src/services/ingest'

/** mulberry32: a small seeded PRNG. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Random = () => number
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T
const between = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))

interface ProductType {
  name: string
  room: string
  width: [number, number]
  depth: [number, number]
  height: [number, number]
  price: [number, number]
  upholstered?: boolean
  features: string[]
}

const TYPES: ProductType[] = [
  {
    name: 'dining table',
    room: 'Dining',
    width: [140, 260],
    depth: [80, 110],
    height: [74, 76],
    price: [890, 2900],
    features: ['extendable with two leaves', 'through-tenoned legs', 'a bevelled top'],
  },
  {
    name: 'coffee table',
    room: 'Living',
    width: [80, 140],
    depth: [50, 80],
    height: [35, 45],
    price: [290, 980],
    features: ['a slatted lower shelf', 'softened edges', 'a hidden drawer'],
  },
  {
    name: 'side table',
    room: 'Living',
    width: [40, 60],
    depth: [40, 60],
    height: [45, 60],
    price: [160, 420],
    features: ['a round top', 'a magazine shelf', 'tapered legs'],
  },
  {
    name: 'writing desk',
    room: 'Workspace',
    width: [100, 160],
    depth: [55, 75],
    height: [73, 76],
    price: [450, 1400],
    features: ['a soft-close drawer', 'a cable slot', 'a pull-out keyboard shelf'],
  },
  {
    name: 'bookshelf',
    room: 'Storage',
    width: [60, 120],
    depth: [28, 40],
    height: [120, 220],
    price: [420, 1600],
    features: ['adjustable shelves', 'a solid back', 'brass shelf pins'],
  },
  {
    name: 'wardrobe',
    room: 'Bedroom',
    width: [90, 200],
    depth: [55, 65],
    height: [180, 220],
    price: [890, 2400],
    features: ['a hanging rail', 'two drawers below', 'frame-and-panel doors'],
  },
  {
    name: 'bed frame',
    room: 'Bedroom',
    width: [140, 200],
    depth: [200, 220],
    height: [90, 120],
    price: [790, 2200],
    features: ['a slatted headboard', 'under-bed storage drawers', 'a sprung slat base'],
  },
  {
    name: 'chest of drawers',
    room: 'Bedroom',
    width: [70, 140],
    depth: [40, 55],
    height: [70, 120],
    price: [590, 1700],
    features: ['dovetailed drawers', 'six deep drawers', 'turned wooden knobs'],
  },
  {
    name: 'sideboard',
    room: 'Dining',
    width: [120, 200],
    depth: [40, 50],
    height: [70, 90],
    price: [890, 2300],
    features: ['two cupboards', 'a cable hole for a record player', 'sliding doors'],
  },
  {
    name: 'dining chair',
    room: 'Dining',
    width: [44, 56],
    depth: [48, 56],
    height: [76, 84],
    price: [180, 520],
    features: ['a woven paper-cord seat', 'a steam-bent back rail', 'stackable frame'],
  },
  {
    name: 'armchair',
    room: 'Living',
    width: [70, 95],
    depth: [75, 95],
    height: [72, 100],
    price: [690, 1900],
    upholstered: true,
    features: ['pocket-sprung seat', 'wide arms', 'a high back for reading'],
  },
  {
    name: 'sofa',
    room: 'Living',
    width: [160, 300],
    depth: [85, 105],
    height: [75, 90],
    price: [1290, 3900],
    upholstered: true,
    features: ['removable washable covers', 'feather-wrapped cushions', 'a chaise end'],
  },
  {
    name: 'bar stool',
    room: 'Kitchen',
    width: [38, 48],
    depth: [38, 48],
    height: [65, 80],
    price: [140, 390],
    features: ['a footrest rail', 'a swivel seat', 'a saddle-shaped seat'],
  },
  {
    name: 'garden bench',
    room: 'Garden',
    width: [120, 180],
    depth: [55, 70],
    height: [80, 95],
    price: [390, 1200],
    features: ['rain-shedding slats', 'stainless steel fixings', 'folding arms'],
  },
  {
    name: 'bedside table',
    room: 'Bedroom',
    width: [40, 55],
    depth: [35, 45],
    height: [45, 60],
    price: [190, 480],
    features: ['one drawer', 'an open shelf', 'a charging cable hole'],
  },
  {
    name: 'pendant lamp',
    room: 'Lighting',
    width: [30, 60],
    depth: [30, 60],
    height: [25, 45],
    price: [89, 390],
    features: ['an E27 bulb holder', 'a braided cotton flex', 'a dimmable LED'],
  },
  {
    name: 'TV unit',
    room: 'Living',
    width: [120, 200],
    depth: [38, 48],
    height: [45, 60],
    price: [590, 1500],
    features: ['cable management', 'push-to-open doors', 'an open shelf for consoles'],
  },
  {
    name: 'console table',
    room: 'Hallway',
    width: [90, 140],
    depth: [30, 40],
    height: [75, 85],
    price: [340, 950],
    features: ['a slim profile', 'a key drawer', 'a lower shelf for shoes'],
  },
]

const WOODS = [
  { name: 'oak', origin: 'European oak (FSC certified, from France and Germany)', hard: true },
  { name: 'walnut', origin: 'American black walnut from the eastern United States', hard: true },
  { name: 'ash', origin: 'European ash (FSC certified)', hard: true },
  { name: 'beech', origin: 'European beech (PEFC certified)', hard: true },
  { name: 'pine', origin: 'slow-grown Nordic pine (PEFC certified)', hard: false },
  { name: 'teak', origin: 'grade-A plantation teak from Java (FSC certified)', hard: true },
  { name: 'cherry', origin: 'American cherry', hard: true },
  { name: 'maple', origin: 'hard maple from Canada', hard: true },
  { name: 'elm', origin: 'reclaimed English elm', hard: true },
  { name: 'birch', origin: 'Baltic birch (FSC certified)', hard: false },
] as const

const FINISHES = [
  'natural hardwax oil',
  'smoked (fumed) oil',
  'white-oiled',
  'clear matt lacquer',
  'black stain',
  'soft grey paint',
  'honey wax',
]
const FABRICS = ['linen', 'wool bouclé', 'velvet', 'cotton canvas', 'leather', 'recycled tweed']
const COLOURS = [
  'oat',
  'sage',
  'charcoal',
  'terracotta',
  'navy',
  'mustard',
  'cream',
  'rust',
  'forest green',
  'dove grey',
  'blush pink',
  'ink blue',
]
const NAMES = [
  'Hollis',
  'Marlow',
  'Fenwick',
  'Wren',
  'Cask',
  'Thornbury',
  'Weir',
  'Harbour',
  'Ledger',
  'Tavi',
  'Bramble',
  'Alder',
  'Birchley',
  'Corran',
  'Dunmore',
  'Ely',
  'Fallow',
  'Glenn',
  'Hazel',
  'Inver',
  'Juniper',
  'Kestrel',
  'Larch',
  'Moss',
  'Nettle',
  'Orrin',
  'Pell',
  'Quill',
  'Rowan',
  'Sable',
  'Tarn',
  'Umber',
  'Vale',
  'Willow',
  'Yarrow',
  'Ashby',
  'Brook',
  'Clove',
  'Delph',
  'Esker',
]
const COUNTRIES = [
  'Ireland',
  'Northern Ireland',
  'Great Britain',
  'France',
  'Germany',
  'Belgium',
  'the Netherlands',
  'Spain',
  'Italy',
  'Austria',
  'Denmark',
  'Sweden',
  'Poland',
  'Portugal',
  'Finland',
]
const AVAILABILITY = [
  'In stock — delivered in 5–10 working days',
  'Made to order — delivered in 6–8 weeks',
  'Only 3 left — then made to order',
  'Pre-order — next run ships in March',
  'Out of stock — back in April',
]

export interface CatalogueProduct {
  sourceId: string
  name: string
  type: string
  wood: string
  colour: string
  price: number
}

function productDoc(r: Random, i: number): { doc: DocumentInput; product: CatalogueProduct } {
  const type = pick(r, TYPES)
  const wood = pick(r, WOODS)
  const finish = pick(r, FINISHES)
  const altWood = pick(r, WOODS)
  const name = `${pick(r, NAMES)} ${wood.name[0]?.toUpperCase()}${wood.name.slice(1)} ${type.name
    .split(' ')
    .map((w) => (w === 'of' ? w : `${w[0]?.toUpperCase()}${w.slice(1)}`))
    .join(' ')} ${i}`
  const w = between(r, ...type.width)
  const d = between(r, ...type.depth)
  const h = between(r, ...type.height)
  const price = Math.round(between(r, ...type.price) / 10) * 10 - 1
  const weight = Math.max(2, Math.round((w * d * h) / 40000))
  const fabric = pick(r, FABRICS)
  const colour = type.upholstered ? pick(r, COLOURS) : finish.split(' ')[0] || 'natural'
  const colours = type.upholstered
    ? [colour, pick(r, COLOURS), pick(r, COLOURS)].filter((c, j, a) => a.indexOf(c) === j)
    : []
  const feature = pick(r, type.features)
  const feature2 = pick(r, type.features)
  const sku = `OE-${type.name.slice(0, 2).toUpperCase()}-${10000 + i}`
  const lines = [
    type.room,
    name,
    `€${price.toLocaleString('en-IE')} incl. VAT`,
    pick(r, AVAILABILITY),
    `SKU: ${sku}`,
    `${/^[aeiou]/.test(type.name) ? 'An' : 'A'} ${type.name} in solid ${wood.name} with ${feature}${type.upholstered ? `, upholstered in ${colour} ${fabric}` : ''}.`,
    type.upholstered ? `Colour:\n${colours.map((c) => `${c} ${fabric}`).join('\n')}` : '',
    `Finish:\n${finish}\n${altWood.name} (+€${between(r, 5, 40) * 10}, made to order)`,
    '- Free delivery in Ireland over €500\n- 30-day returns\n- 10-year guarantee on frames and joints',
    '',
    'About this piece',
    `The ${name.split(' ')[0]} is made in our workshop with ${feature2} and traditional joinery — mortise and tenon, dovetails and dowels, no metal brackets. ${wood.hard ? `${wood.name[0]?.toUpperCase()}${wood.name.slice(1)} is hard-wearing and takes knocks well.` : `${wood.name[0]?.toUpperCase()}${wood.name.slice(1)} is soft and dents more easily than oak; small dents lift with a damp cloth and a warm iron.`} It suits a ${type.room.toLowerCase()} room of any size and pairs well with pieces in ${altWood.name}.`,
    '',
    'Materials and finish',
    `Solid ${wood.origin}. Finished in ${finish}${type.upholstered ? `; upholstery in ${fabric}, ${between(r, 300, 800)} g/m²` : ''}.`,
    '',
    'Care',
    wood.name === 'teak'
      ? 'Leave it outside; teak needs no treatment. Clean with teak cleaner in spring.'
      : `Wipe with a damp, well wrung-out cloth and dry straight away. ${finish.includes('oil') ? 'Re-oil once or twice a year with the care kit.' : 'The finish needs no oiling.'} Keep at least 50 cm from radiators.`,
    '',
    'Dimensions',
    `Width: ${w} cm\nDepth: ${d} cm\nHeight: ${h} cm\nWeight: ${weight} kg`,
    '',
    'Delivery and assembly',
    `${between(r, 3, 7)}–${between(r, 8, 14)} working days in Ireland, 7–14 working days to the UK and the EU. ${r() < 0.5 ? 'Arrives fully assembled.' : `Flat-packed; assembly takes about ${between(r, 2, 9) * 10} minutes.`}`,
  ].filter((l) => l !== undefined)
  return {
    doc: {
      sourceType: 'product',
      sourceId: `product:${sku.toLowerCase()}`,
      title: name,
      url: `/products/${sku.toLowerCase()}.html`,
      content: lines.join('\n'),
      metadata: { sku, price, currency: 'EUR' },
    },
    product: {
      sourceId: `product:${sku.toLowerCase()}`,
      name,
      type: type.name,
      wood: wood.name,
      colour,
      price,
    },
  }
}

const POLICY_TOPICS = [
  [
    'Returns',
    'You can return any standard piece within 30 days of delivery for a full refund, for any reason. Tell us by email with your order number; you then have 14 days to send it back or book a collection.',
  ],
  [
    'Return shipping',
    'For a change-of-mind return you pay for return shipping; we collect for a fixed fee of €60 in Ireland and €120 elsewhere. Faulty items are collected free.',
  ],
  [
    'Refunds',
    'We refund to your original payment method within 14 days of receiving the item back. Klarna refunds adjust your remaining instalments.',
  ],
  [
    'Delivery fees',
    'Delivery is free in Ireland on orders over €500, otherwise €45. Great Britain and Northern Ireland €95, France and Germany €120, rest of the EU €180.',
  ],
  [
    'Damaged items',
    'Check your delivery before the team leaves and email photos of any damage within 48 hours. We repair, replace or refund at our cost.',
  ],
  [
    'Guarantee',
    'Frames and joints carry a 10-year guarantee; upholstery, fabrics and lighting two years. Normal wear, scratches and sun fading are not covered.',
  ],
  [
    'Payment',
    'We accept Visa, Mastercard, American Express, Apple Pay, Google Pay, PayPal and SEPA bank transfer. Pay in three interest-free instalments with Klarna on orders over €300.',
  ],
  [
    'Custom orders',
    'Custom sizes and bespoke designs cannot be returned or cancelled once production has started, unless faulty. Custom pieces start at 10% above the standard price.',
  ],
] as const

function policyDoc(r: Random, i: number): DocumentInput {
  const [topic, text] = pick(r, POLICY_TOPICS)
  const country = pick(r, COUNTRIES)
  return {
    sourceType: i % 2 ? 'policy' : 'faq',
    sourceId: `${i % 2 ? 'policy' : 'faq'}:${topic.toLowerCase().replace(/\W+/g, '-')}-${i}`,
    title: `${topic} — ${country}`,
    url: `/help/${topic.toLowerCase().replace(/\W+/g, '-')}-${i}.html`,
    content: `${topic} for customers in ${country}\n\n${text}\n\nCustomers in ${country} can reach our care team by email within one working day; ask for help in English, French or German.`,
  }
}

/** Documents for roughly `chunks` chunks: ~92% products, the rest policy and FAQ variants. */
export function generateCatalogue(
  documents: number,
  seed = 42,
): { docs: DocumentInput[]; products: CatalogueProduct[] } {
  const r = createRandom(seed)
  const docs: DocumentInput[] = []
  const products: CatalogueProduct[] = []
  for (let i = 0; i < documents; i++) {
    if (i % 12 === 11) docs.push(policyDoc(r, i))
    else {
      const p = productDoc(r, i)
      docs.push(p.doc)
      products.push(p.product)
    }
  }
  return { docs, products }
}

const TYPOS: [RegExp, string][] = [
  [/ea/, 'ae'],
  [/ture/, 'tur'],
  [/ie/, 'ei'],
  [/ll/, 'l'],
  [/oo/, 'o'],
  [/ss/, 's'],
  [/ph/, 'f'],
]

function misspell(r: Random, text: string): string {
  const [pattern, replacement] = pick(r, TYPOS)
  return pattern.test(text)
    ? text.replace(pattern, replacement)
    : text.replace(/(\w)(\w)\b/, '$2$1')
}

/** Shopper questions over the generated catalogue (unlabelled: latency and recall only). */
export function generateQuestions(products: CatalogueProduct[], n: number, seed = 7): string[] {
  const r = createRandom(seed)
  const templates: ((p: CatalogueProduct) => string)[] = [
    (p) => `do you have a ${p.wood} ${p.type} under ${Math.ceil(p.price / 500) * 500} euro`,
    (p) => `how wide is the ${p.name.split(' ')[0]} ${p.type}?`,
    (p) => `${p.type} in ${p.colour} ${p.wood}`,
    (p) => `is the ${p.name} in stock`,
    (p) => `what are the dimensions of the ${p.wood} ${p.type}`,
    (p) => `can I return a ${p.type} if it doesn't fit`,
    (p) => `how do I look after a ${p.wood} ${p.type}?`,
    (p) => `does the ${p.type} come assembled or flat-packed`,
    (p) => `looking for a ${p.colour} ${p.type} for a small flat`,
    (p) => `how much is delivery for a ${p.type} to ${pick(r, COUNTRIES)}`,
    () => 'can I pay in instalments with Klarna',
    () => 'what does the guarantee cover',
    (p) => `is ${p.wood} furniture sustainable, where does the wood come from`,
    (p) => `cheapest ${p.type} you sell`,
  ]
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const q = pick(r, templates)(pick(r, products))
    out.push(i % 5 === 4 ? misspell(r, q) : q)
  }
  return out
}

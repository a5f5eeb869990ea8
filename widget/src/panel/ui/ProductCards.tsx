// The products a search found, as a row of cards under the answer: a list that scrolls
// sideways by touch, trackpad or keyboard (the row takes focus; arrow keys scroll it).
import type { Strings } from '../i18n'
import type { Product } from '../store/tools'

interface Props {
  products: Product[]
  t: Strings
  lang?: string | undefined
  /** The page has a cart action: each card offers "Add to cart" (confirmed in the chat). */
  onAdd?: ((product: Product) => void) | undefined
}

export function formatPrice(p: Product, lang?: string): string {
  if (typeof p.price !== 'number') return ''
  try {
    return new Intl.NumberFormat(lang, {
      style: 'currency',
      currency: p.currency || 'USD',
      maximumFractionDigits: p.price % 1 ? 2 : 0,
    }).format(p.price)
  } catch {
    // not an ISO 4217 code: the number and whatever the shop wrote
    return `${p.price} ${p.currency ?? ''}`.trim()
  }
}

/** A comparison: the products as columns, linked to their pages; the shared attributes as rows. */
export function Compare({ products, rows }: { products: Product[]; rows: unknown }) {
  return (
    <table class="cmp">
      <tr>
        <td />
        {products.map((p) => (
          <th scope="col" key={p.url}>
            <a href={p.url}>{p.name}</a>
          </th>
        ))}
      </tr>
      {Array.isArray(rows) &&
        rows.map(
          ([name, ...values]: unknown[]) =>
            typeof name === 'string' && (
              <tr key={name}>
                <th scope="row">{name}</th>
                {values.map((v) => (
                  <td>{String(v)}</td>
                ))}
              </tr>
            ),
        )}
    </table>
  )
}

export function ProductCards({ products, t, lang, onAdd }: Props) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable row must be reachable by keyboard
    <ul class="cards" aria-label={t.products} tabIndex={0}>
      {products.map((p) => {
        // schema.org's InStock reads the label inStock; others their words ("Made To Order")
        const a = p.availability
        const stock = a && (t[(a[0]?.toLowerCase() + a.slice(1)) as keyof Strings] as string)
        return (
          <li class="card" key={p.url}>
            {p.image && (
              // sized and lazy: the row never shifts, off-screen cards cost nothing
              <img
                src={p.image}
                alt=""
                width={160}
                height={120}
                loading="lazy"
                onError={(event) => {
                  event.currentTarget.style.visibility = 'hidden'
                }}
              />
            )}
            <a href={p.url} dir="auto">
              {p.name}
            </a>
            <span>{formatPrice(p, lang)}</span>
            {a && <span class="note">{stock || a.replace(/\B(?=[A-Z])/g, ' ')}</span>}
            {onAdd ? (
              <button type="button" class="chip" onClick={() => onAdd(p)}>
                {t.addToCart}
              </button>
            ) : (
              <a href={p.url} class="note">
                {t.addOnPage}
              </a>
            )}
          </li>
        )
      })}
    </ul>
  )
}

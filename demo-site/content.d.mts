// Types for content.mjs: the documents match POST /v1/admin/bots/:id/documents.
export type DemoSourceType = 'product' | 'page_content' | 'faq' | 'policy'

export interface ProductMetadata {
  sku: string
  /** The lowest price on the page (AggregateOffer lowPrice, cheapest variant). */
  price?: number
  /** Present when the page offers a price range. */
  highPrice?: number
  currency?: string
  /** schema.org ItemAvailability without the vocabulary URL, e.g. "InStock". */
  availability?: string
  brand?: string
}

export interface DemoDocument {
  sourceType: DemoSourceType
  /** Stable: "product:<slug>", "page:<id>", "faq:<anchor>", "policy:<anchor>". */
  sourceId: string
  title: string
  /** A site path such as "/products/oak-dining-table.html" or "/faq.html#warranty". */
  url: string
  content: string
  metadata?: ProductMetadata
}

export declare function listDemoDocuments(options?: { publicDir?: string }): Promise<DemoDocument[]>
export declare function htmlToText(html: string): string
export declare function extractMain(html: string): string
export declare function decodeEntities(text: string): string
export declare function readJsonLd(html: string): unknown[]
export declare function findProduct(blocks: unknown[]): Record<string, unknown> | null
export declare function readOffer(product: Record<string, unknown>): {
  price?: number
  highPrice?: number
  currency?: string
  availability?: string
}

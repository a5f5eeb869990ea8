// addToCart: a client-side tool. The model may propose it (it has no execute here); the widget
// asks the shopper to confirm, runs the shop's cart action in the host page, and sends the
// outcome back as the tool's result, stored with the answer so the next turn knows.
import { tool, zodSchema } from 'ai'
import { z } from 'zod'

export const cartItemSchema = z
  .object({
    sku: z.string().trim().min(1).max(100).optional(),
    // Shopify variant ids and WooCommerce product ids are numbers
    variantId: z
      .string()
      .regex(/^\d{1,20}$/, 'variantId is the number of the product variant')
      .optional(),
    quantity: z.number().int().min(1).max(99),
    url: z.string().max(2048),
  })
  .strict()
  .refine((item) => item.sku || item.variantId, 'name the product by variantId or sku')

export type CartItem = z.infer<typeof cartItemSchema>

export const cartResultSchema = z
  .object({
    ok: z.boolean(),
    message: z.string().max(500).optional(),
    cartCount: z.number().int().nonnegative().max(100_000).optional(),
  })
  .strict()

export type CartResult = z.infer<typeof cartResultSchema>

const CART_ITEM_SCHEMA = zodSchema(cartItemSchema)
const CART_RESULT_SCHEMA = zodSchema(cartResultSchema)

export function addToCartTool() {
  return tool({
    description:
      "Propose adding a product to the shopper's cart (use the variantId or sku and the url from searchProducts). The shopper confirms in the chat before anything is added; the result tells whether it was added.",
    inputSchema: CART_ITEM_SCHEMA,
    outputSchema: CART_RESULT_SCHEMA,
  })
}

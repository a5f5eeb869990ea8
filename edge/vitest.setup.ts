// As the Node entry does at start: token counts are exact from the first test on.
import { loadTokenizer } from './src/ai/tokens'

await loadTokenizer()

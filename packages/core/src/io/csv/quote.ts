/**
 * The quoting rule of every CSV writer here: a field is quoted when it contains the delimiter,
 * the quote character, CR or LF, or starts or ends with a space or a tab (so that readers that
 * trim keep it); inside quotes, a quote is doubled. Every other field is written as is.
 */
export function quoteField(text: string, delimiter: string, quote: string): string {
  return needsQuotes(text, delimiter.charCodeAt(0), quote.charCodeAt(0)) ? quote + text.split(quote).join(quote + quote) + quote : text;
}

export function needsQuotes(text: string, delimiter: number, quote: number): boolean {
  const n = text.length;
  if (n === 0) return false;
  if (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(n - 1))) return true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === delimiter || c === quote || c === 10 || c === 13) return true;
  }
  return false;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

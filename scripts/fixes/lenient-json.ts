/**
 * Parses JSON that may carry trailing commas before `}` or `]` (the one liberty vendor examples
 * take), and nothing else: any other syntax error still throws.
 *
 * @throws {SyntaxError} when the text is not JSON even without its trailing commas.
 */
export function parseJsonWithTrailingCommas(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(withoutTrailingCommas(text));
  }
}

/** Removes every comma that is followed, after whitespace, by `}` or `]`, outside strings. */
export function withoutTrailingCommas(text: string): string {
  let result = "";
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (inString) {
      if (char === "\\") {
        result += text.slice(index, index + 2);
        index++;
        continue;
      }
      if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === ",") {
      let next = index + 1;
      while (next < text.length && /\s/.test(text.charAt(next))) next++;
      if (text.charAt(next) === "}" || text.charAt(next) === "]") continue;
    }
    result += char;
  }
  return result;
}

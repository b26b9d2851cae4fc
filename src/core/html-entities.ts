import { decodeHTML } from 'entities';

/**
 * Undoes HTML character references as a browser does: every named reference of the HTML
 * standard (`&eacute;`, `&lrm;`, `&amp;`), decimal and hexadecimal ones (`&#39;`, `&#x2F;`),
 * with the standard's rules for references without the closing semicolon and for numbers
 * that are not characters. The table and rules are those of the `entities` package.
 */
export function decodeEntities(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}

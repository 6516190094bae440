// A library's `color_scheme` (the SimplyE names) as the accent of its page: dark shades, so
// white text on them passes WCAG AA (contrast ≥ 4.5:1). Unknown names get the directory's own.
const ACCENTS: Record<string, string> = {
  red: "#b71c1c", blue: "#0d47a1", gray: "#424242", gold: "#7a5d00", green: "#1b5e20", teal: "#00695c",
  purple: "#4a148c", amber: "#7a4f01", black: "#1b1b1b", bluegray: "#37474f", brown: "#4e342e",
  cyan: "#006064", darkorange: "#a23b00", darkpurple: "#311b92", indigo: "#1a237e", lightblue: "#01579b",
  orange: "#a63c00", pink: "#880e4f",
};
export const DEFAULT_ACCENT = "#1f4e79";

export function accentOf(colorScheme: string | undefined): string {
  return (colorScheme && ACCENTS[colorScheme.toLowerCase()]) || DEFAULT_ACCENT;
}

// What the layout needs of a page, worked out by each template from its builder's data.
import type { Raw } from "./html.ts";

export interface PageShell {
  title: string;
  heading: string;
  directoryTitle: string;
  home: string;
  tagline?: string;
  description?: string;
  accent?: string;
  feed?: string;
  opensearch?: string;
  script?: string;
  footer: (string | Raw)[];
}

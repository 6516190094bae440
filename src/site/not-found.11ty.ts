// dist/404.html, the page a browser gets for a missing address (every host serves it: registry
// serve, nginx and the worker to browsers; GitHub Pages, Netlify and Cloudflare Pages by convention).
import type { NotFoundPage } from "../directory/web/not-found-page.ts";
import { renderNotFoundPage } from "./not-found-page.ts";
import { pagedTemplate } from "./paged-template.ts";

export default pagedTemplate<NotFoundPage>("notFoundPages", "notFoundPage", renderNotFoundPage);

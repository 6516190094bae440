// One page per library listed in QA: info/{uuid}.html.
import type { LibraryPage } from "../directory/web/library-pages.ts";
import { renderLibraryPage } from "./library-page.ts";
import { pagedTemplate } from "./paged-template.ts";

export default pagedTemplate<LibraryPage>("libraryPages", "libraryPage", renderLibraryPage);

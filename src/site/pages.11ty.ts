// The pages of the full list: index.html and qa.html are their first pages.
import type { ListPage } from "../directory/web/list-pages.ts";
import { renderListPage } from "./list-page.ts";
import { pagedTemplate } from "./paged-template.ts";

export default pagedTemplate<ListPage>("listPages", "listPage", renderListPage);

// The Eleventy layout of every human page: the shared document (layout.ts) around the template's
// content, with the shell its page data describes.
import type { ListPage } from "../../directory/web/list-pages.ts";
import type { LibraryPage } from "../../directory/web/library-pages.ts";
import type { NotFoundPage } from "../../directory/web/not-found-page.ts";
import { listShell } from "../list-page.ts";
import { libraryShell } from "../library-page.ts";
import { notFoundShell } from "../not-found-page.ts";
import { renderDocument } from "../layout.ts";

export default class BaseLayout {
  render(data: { content: string; listPage?: ListPage; libraryPage?: LibraryPage; notFoundPage?: NotFoundPage }): string {
    const s = data.listPage ? listShell(data.listPage) : data.libraryPage ? libraryShell(data.libraryPage) : notFoundShell(data.notFoundPage!);
    return renderDocument(s, data.content);
  }
}

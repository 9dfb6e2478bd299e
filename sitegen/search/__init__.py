"""Site search: every question and answer, found with Pagefind in the reader's browser.

``records`` turns a post's view into search records (pure; the build computes them while
it renders each page); ``documents`` turns records into the documents Pagefind indexes
(pure); ``bundle`` runs Pagefind and places the index in the built site (the I/O edge);
``store`` keeps each post's records beside the build cache; ``standalone`` indexes an
already built site from its sources. The page side is
``templates/_search.html``, ``templates/search.html`` and ``static/js/search.js``.
"""

from __future__ import annotations

from sitegen.search import store
from sitegen.search.bundle import FOLDER, SearchIndex, enabled, write_index
from sitegen.search.records import SearchPost, SearchRecord, search_post

__all__ = ["FOLDER", "SearchIndex", "SearchPost", "SearchRecord", "enabled", "search_post",
           "store", "write_index"]

"""Pelican peer: one page per post, an index of all posts, one Atom feed."""
AUTHOR = "bench"
SITENAME = "Benchmark blog"
SITEURL = "https://bench.example"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "theme"
THEME_STATIC_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DEFAULT_PAGINATION = False
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
ARTICLE_URL = ARTICLE_SAVE_AS = "{slug}.html"
FEED_ALL_ATOM = "feed.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None

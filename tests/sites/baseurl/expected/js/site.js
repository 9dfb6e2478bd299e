/* sitegen default theme: progressive enhancements; the pages work without this file. */

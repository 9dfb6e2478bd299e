"""sitegen: a static site generator for blogs of Q&A transcripts."""

__version__ = "0.1.0"

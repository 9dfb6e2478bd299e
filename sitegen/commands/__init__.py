"""One module per ``sitegen`` sub-command; see ``sitegen.cli``."""

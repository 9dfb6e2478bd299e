"""``sitegen publish``: commit the built site to a branch (gh-pages) with git, and push it.

Layers, lowest first: ``git`` runs git; ``tree`` turns a folder into git objects without
touching the user's working tree, index or branches; ``remote`` talks to the remote and
decides which commit the new one builds on; ``plan`` compares the site with the branch;
``publisher`` puts them in order.
"""

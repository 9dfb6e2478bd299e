"""Importers: ChatGPT and Claude data exports become ordinary Markdown posts.

The stages, each in its own module: ``archive`` opens an export safely; ``chatgpt`` and
``claude`` read each conversation into the ``model``; ``thread`` picks the exchanges to
write; ``writer`` renders the post text; ``privacy`` finds secrets; ``sync`` matches
existing posts by ``conversation_id`` and protects edited ones; ``plan`` ties them
together. ``sitegen.commands.import_`` is the command line on top.
"""

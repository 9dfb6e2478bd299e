"""The text of synthetic Q&A posts: sentences, lists, code blocks, exchanges, titles.

All randomness flows through one seeded ``random.Random`` in a fixed order, so a seed gives
the same posts every time (and the same as ``../shared/bench/make_corpus.py``). Each code
language is a tiny line grammar: a fixed head, then lines drawn from a few shapes.
"""

# ruff: noqa: UP031  (the line grammars are printf templates, kept as the model has them)
from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from corpus_vocabulary import (
    ADJS,
    CLOSINGS,
    CONCEPTS,
    FOLLOW_UPS,
    FUNCS,
    IDENTS,
    LANG_WEIGHTS,
    LEAD_INS,
    MODULES,
    NOUNS,
    P_TEMPLATES,
    PROBLEMS,
    Q_TEMPLATES,
    SHELL_CMDS,
    STEP_TEMPLATES,
    TOPICS,
    VERBS,
    WORDS,
)

Line = Callable[[], str]
TITLES = ["How to {verb} {noun} in {topic}", "Understanding {concept}",
          "Why my {topic} script {problem}", "A {adj} way to {verb} {noun}",
          "{topic} notes: {concept}"]


class Writer:
    """Generates posts from one seed."""

    topics = TOPICS

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def pick(self, seq: Sequence[str]) -> str:
        return self.r.choice(seq)

    def fill(self, template: str) -> str:
        """A sentence template with every slot filled (all slots are drawn, used or not)."""
        names = ("verb", "noun", "topic", "problem", "concept", "adj", "ident", "ident2",
                 "func", "func2", "cmd", "w1", "w2", "w3")
        lists = (VERBS, NOUNS, TOPICS, PROBLEMS, CONCEPTS, ADJS, IDENTS, IDENTS, FUNCS, FUNCS,
                 SHELL_CMDS, WORDS, WORDS, WORDS)
        return template.format(**{name: self.r.choice(v) for name, v in zip(names, lists,
                                                                              strict=True)})

    def babble(self, count: int) -> str:
        """Lower-case filler words, now and then an `ident.func` in backticks."""
        words = []
        for _ in range(count):
            if self.r.random() < 0.06:
                words.append("`%s.%s`" % (self.pick(IDENTS), self.pick(FUNCS)))
            else:
                words.append(self.pick(WORDS))
        return " ".join(words)

    def paragraph(self) -> str:
        sentences = [self.fill(self.pick(P_TEMPLATES)) for _ in range(self.r.randint(2, 4))]
        if self.r.random() < 0.5:
            sentences.append(self.babble(self.r.randint(10, 25)).capitalize() + ".")
        return " ".join(sentences)

    def numbered_list(self) -> str:
        count = self.r.randint(3, 7)
        return "\n".join("%d. %s" % (i + 1, self.fill(self.pick(STEP_TEMPLATES)))
                         for i in range(count))

    def grow(self, lines: list[str], shapes: list[Line], size: int) -> list[str]:
        """Lines drawn from `shapes` until there are `size`."""
        while len(lines) < size:
            lines.append(self.r.choice(shapes)())
        return lines

    def python(self, n: int) -> list[str]:
        r, p = self.r, self.pick
        lines = ["import %s" % p(MODULES), "from %s import %s" % (p(MODULES), p(FUNCS)), "",
                 "def %s(%s, %s=None):" % (p(FUNCS), p(IDENTS), p(IDENTS)),
                 '    """%s."""' % self.babble(r.randint(4, 9)).capitalize()]
        shapes: list[Line] = [
            lambda: "    %s = %s.get(%r, %d)" % (p(IDENTS), p(IDENTS), p(IDENTS),
                                                  r.randint(0, 99)),
            lambda: "    for %s in %s:" % (p(IDENTS), p(IDENTS)),
            lambda: "        if %s is None:" % p(IDENTS),
            lambda: "            continue",
            lambda: "        %s.append(%s(%s))" % (p(IDENTS), p(FUNCS), p(IDENTS)),
            lambda: "    # %s" % self.babble(r.randint(3, 8)),
            lambda: '    print(f"%s: {%s!r}")' % (p(WORDS), p(IDENTS)),
            lambda: "    %s = [x * %d for x in %s if x]" % (p(IDENTS), r.randint(2, 9),
                                                           p(IDENTS)),
            lambda: "    with open(%s, encoding=\"utf-8\") as fh:" % p(IDENTS),
            lambda: "        %s = json.load(fh)" % p(IDENTS),
            lambda: "    %s += %s" % (p(IDENTS), r.choice(["1", "0.5", "len(%s)" % p(IDENTS)])),
            lambda: "    raise ValueError(%r)" % self.babble(3),
        ]
        lines = self.grow(lines, shapes, n - 1)
        lines.append("    return %s" % p(IDENTS))
        return lines[:n]

    def bash(self, n: int) -> list[str]:
        r, p = self.r, self.pick
        shapes: list[Line] = [
            lambda: "%s %s" % (p(SHELL_CMDS), p(IDENTS)),
            lambda: '%s="${%s:-%s}"' % (p(IDENTS).upper(), p(IDENTS).upper(), p(WORDS)),
            lambda: 'for f in ./%s/*.txt; do echo "$f"; done' % p(IDENTS),
            lambda: "%s | %s > %s.log" % (p(SHELL_CMDS), p(SHELL_CMDS), p(IDENTS)),
            lambda: "# %s" % self.babble(r.randint(3, 8)),
            lambda: 'if [ -f "%s.conf" ]; then source "%s.conf"; fi' % (p(IDENTS), p(IDENTS)),
        ]
        return self.grow(["#!/usr/bin/env bash", "set -euo pipefail"], shapes, n)[:n]

    def javascript(self, n: int) -> list[str]:
        r, p = self.r, self.pick
        lines = ["const %s = require('%s');" % (p(IDENTS), p(TOPICS)), "",
                 "async function %s(%s) {" % (p(FUNCS), p(IDENTS))]
        shapes: list[Line] = [
            lambda: "  const %s = await fetch(`/api/${%s}`);" % (p(IDENTS), p(IDENTS)),
            lambda: "  if (!%s) { return null; }" % p(IDENTS),
            lambda: "  %s.forEach((x) => console.log(x.%s));" % (p(IDENTS), p(IDENTS)),
            lambda: "  // %s" % self.babble(r.randint(3, 8)),
            lambda: "  let %s = %s.map((x) => x * %d);" % (p(IDENTS), p(IDENTS), r.randint(2, 9)),
            lambda: "  %s[%r] = %s;" % (p(IDENTS), p(WORDS), r.choice(["true", "false", "0",
                                                                       "[]"])),
        ]
        lines = self.grow(lines, shapes, n - 1)
        lines.append("}")
        return lines[:n]

    def json(self, n: int) -> list[str]:
        r, p = self.r, self.pick
        lines = ["{"]
        while len(lines) < n - 1:
            value = r.choice(['"%s"' % p(WORDS), str(r.randint(0, 9999)), "true", "null",
                              "[%d, %d]" % (r.randint(0, 9), r.randint(0, 9))])
            lines.append('  "%s_%s": %s,' % (p(IDENTS), p(WORDS), value))
        lines[-1] = lines[-1].rstrip(",")
        lines.append("}")
        return lines[:n]

    def yaml(self, n: int) -> list[str]:
        r, p = self.r, self.pick
        lines = ["# %s" % self.babble(5), "%s:" % p(IDENTS)]
        shapes: list[Line] = [
            lambda: "  %s: %s" % (p(IDENTS), p(WORDS)),
            lambda: "  %s: %d" % (p(IDENTS), r.randint(0, 999)),
            lambda: "  - name: %s-%s\n    enabled: %s" % (p(WORDS), p(IDENTS),
                                                         r.choice(["true", "false"])),
        ]
        while len(lines) < n:
            lines.extend(r.choice(shapes)().split("\n"))
        return lines[:n]

    def code_block(self) -> str:
        names, weights = zip(*LANG_WEIGHTS, strict=True)
        lang = self.r.choices(names, weights)[0]
        size = self.r.randint(5, 40)
        lines: list[str] = getattr(self, lang)(size)
        return "```%s\n%s\n```" % (lang, "\n".join(lines))

    def answer(self) -> list[str]:
        r = self.r
        blocks = [self.paragraph()]
        if r.random() < 0.6:
            blocks.append(self.fill("To {verb} {noun}, follow these steps:"))
            blocks.append(self.numbered_list())
        for _ in range(r.choices([0, 1, 2, 3], [20, 40, 28, 12])[0]):
            blocks.append(self.fill(self.pick(LEAD_INS)))
            blocks.append(self.code_block())
            if r.random() < 0.7:
                blocks.append(self.paragraph())
        if r.random() < 0.5:
            blocks.append(self.paragraph())
        blocks.append(self.fill(self.pick(CLOSINGS)))
        blocks[0] = "ChatGPT: " + blocks[0]
        return blocks

    def exchange(self, first: bool) -> list[str]:
        asked = self.fill(self.pick(Q_TEMPLATES if first or self.r.random() < 0.5
                                    else FOLLOW_UPS))
        blocks = ["Zhiwei: " + asked]
        if self.r.random() < 0.3:
            blocks.append(self.code_block())
        return blocks + self.answer()

    def post(self) -> str:
        """A body of 2-6 exchanges separated by rules, free of Liquid and shortcodes."""
        count = self.r.randint(2, 6)
        exchanges = ["\n\n".join(self.exchange(i == 0)) for i in range(count)]
        body = "\n\n---\n\n".join(exchanges) + "\n"
        return body.replace("{{", "{ {").replace("{%", "{ %")

    def title(self) -> str:
        text = self.fill(self.pick(TITLES))
        return text[0].upper() + text[1:]

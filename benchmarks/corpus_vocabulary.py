"""The vocabulary of the synthetic corpus: invented filler that looks like technical chats.

Data only. ``make_corpus.py`` draws from these lists in a fixed order, so changing any of
them changes every generated post.
"""

# ruff: noqa: E501  (the sentence templates are data, one per line)
from __future__ import annotations

TOPICS: list[str] = ['python', 'bash', 'git', 'docker', 'javascript', 'sql', 'linux', 'regex', 'pandas',
 'numpy', 'flask', 'django', 'react', 'nginx', 'yaml', 'json', 'testing', 'asyncio',
 'typescript', 'ci', 'vim', 'kubernetes', 'postgres', 'redis', 'http', 'unicode',
 'packaging']

VERBS: list[str] = ['parse', 'merge', 'sort', 'cache', 'validate', 'serialize', 'stream', 'debug', 'profile',
 'retry', 'paginate', 'deduplicate', 'compress', 'encrypt', 'schedule', 'log', 'mock',
 'benchmark', 'migrate', 'index']

NOUNS: list[str] = ['a JSON file', 'nested dictionaries', 'a CSV export', 'HTTP responses',
 'environment variables', 'a config file', 'log lines', 'user sessions', 'database rows',
 'a list of tuples', 'file paths', 'timestamps', 'command-line arguments',
 'background jobs', 'API tokens', 'unit tests', 'a large text file', 'image thumbnails',
 'git branches', 'error messages']

PROBLEMS: list[str] = ['raises a KeyError', 'hangs forever', 'returns None', 'prints the wrong order',
 'uses too much memory', 'is very slow', 'fails only in CI', 'loses the last line',
 'breaks on Windows paths', 'gives a UnicodeDecodeError', 'silently skips some items',
 'works locally but not in Docker']

CONCEPTS: list[str] = ['generators', 'context managers', 'closures', 'decorators', 'the event loop',
 'list comprehensions', 'type hints', 'mutable defaults', 'shallow vs deep copy', 'the GIL',
 'file descriptors', 'exit codes', 'idempotency', 'connection pooling', 'backpressure',
 'memoization', 'dependency injection', 'structural pattern matching']

IDENTS: list[str] = ['data', 'items', 'result', 'config', 'path', 'rows', 'cache', 'user', 'count', 'buffer',
 'payload', 'records', 'lines', 'session', 'index', 'total', 'values', 'options', 'entry',
 'output', 'token', 'queue']

FUNCS: list[str] = ['load_config', 'parse_line', 'merge_dicts', 'fetch_page', 'normalize', 'read_rows',
 'write_report', 'retry_call', 'build_index', 'chunked', 'flatten', 'group_by', 'safe_get',
 'to_snake_case', 'main', 'run_job']

MODULES: list[str] = ['os', 'sys', 'json', 're', 'csv', 'time', 'pathlib', 'itertools', 'functools',
 'collections', 'logging', 'subprocess', 'datetime', 'argparse', 'typing', 'asyncio',
 'dataclasses', 'shutil']

SHELL_CMDS: list[str] = ['ls -la', 'grep -rn', 'find . -name', 'sed -i', "awk '{print $1}'", 'sort | uniq -c',
 'tar -czf', 'curl -sS', 'git log --oneline', 'docker ps -a', 'python3 -m venv',
 'pip install', 'chmod +x', 'xargs -n1', 'wc -l', 'head -n 20', 'tail -f', 'du -sh']

ADJS: list[str] = ['simple', 'robust', 'idiomatic', 'fast', 'readable', 'safe', 'lazy', 'explicit', 'minimal',
 'common', 'portable', 'clean']

WORDS: list[str] = ['the', 'a', 'function', 'value', 'list', 'file', 'loop', 'call', 'result', 'error',
 'module', 'object', 'string', 'key', 'line', 'script', 'output', 'input', 'request',
 'response', 'version', 'step', 'option', 'flag', 'argument', 'return', 'state', 'memory',
 'time', 'order', 'case', 'default', 'pattern', 'buffer', 'process', 'thread', 'variable',
 'class', 'method', 'test', 'change']

Q_TEMPLATES: list[str] = ['How do I {verb} {noun} in {topic}? I tried `{ident}.{func}()` but it {problem}.',
 'What is the difference between `{func}` and `{func2}` when working with {noun}?',
 'Can you explain {concept} with a {adj} example?',
 'My script {problem} when I {verb} {noun}. Why?',
 'Is there a {adj} way to {verb} {noun} without an extra dependency?',
 'I keep seeing `{ident} = {ident2} or {{}}` in {topic} code. Why would someone write '
 'that?',
 'My {topic} job {problem}. What should I check first?',
 'Could you rewrite this so it can {verb} {noun} in a more {adj} way?']

P_TEMPLATES: list[str] = ['The short answer is that {concept} change how the {w1} is evaluated, so `{ident}` is not '
 'what you expect at that point.',
 'When you {verb} {noun}, the {w1} is created once and reused, which is why the {w2} looks '
 'stale.',
 'In {topic} the {adj} approach is to keep the {w1} separate from the {w2} and pass '
 '`{ident}` explicitly.',
 'This usually happens because the {w1} is read before the {w2} has been flushed, so the '
 'last {w3} never arrives.',
 'A good rule of thumb: if a {w1} {problem}, print `{ident}` right before the {w2} and '
 'compare it with the {w3}.',
 'You can think of {concept} as a {adj} contract: the caller owns the {w1}, the callee '
 'only borrows it.',
 'Note that `{func}()` returns a new {w1} instead of mutating `{ident}`, so you must '
 'assign the {w2}.',
 'If performance matters, measure first; in most {topic} code the {w1} is dominated by '
 'I/O, not by the {w2}.',
 'The error message is a hint: it means the {w1} was `None` when `{func}` tried to read '
 'the {w2}.',
 'For {noun}, prefer a {adj} helper like `{func}` so that every {w1} goes through one code '
 'path.']

STEP_TEMPLATES: list[str] = ['Open the {w1} and check that `{ident}` is set before calling `{func}()`.',
 'Replace the manual loop with `{func}({ident})`, which handles the {w1} for you.',
 'Add a **{adj}** guard: return early if the {w1} is empty.',
 'Run `{cmd}` to confirm the {w1} really contains what you expect.',
 'Move the {w1} handling into its own function so it is easy to test.',
 'Write a small test that feeds {noun} into `{func}` and asserts on the {w2}.',
 'Log the {w1} and the {w2} together; mismatches become obvious.',
 'Pin the {topic} version in your requirements so the {w1} stays reproducible.']

LEAD_INS: list[str] = ['Here is a {adj} version:', 'For example:', 'A minimal sketch:', 'You can try this:',
 'Something like this works:', 'Putting it together:',
 'The corrected code looks like this:']

CLOSINGS: list[str] = ['Let me know if the {w1} still {problem} and we can dig deeper.',
 'That should be enough to {verb} {noun} reliably.',
 'With that change the {w1} and the {w2} stay in sync.',
 'In short: keep it {adj}, measure, and only then optimize.']

FOLLOW_UPS: list[str] = ['Thanks! And what if the {w1} is huge?', 'Got it. Does the same apply to {concept}?',
 'That works. Can you show the {topic} version too?',
 'Why is `{ident}` empty after the {w1} finishes?', 'OK, and how would I test that?']

LANG_WEIGHTS: list[tuple[str, int]] = [('python', 55), ('bash', 15), ('javascript', 12), ('json', 10), ('yaml', 8)]

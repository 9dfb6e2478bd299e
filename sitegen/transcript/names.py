"""Names: how a label's name is cleaned and compared, and which names are well known.

Well-known names are speakers even when used once: AI assistants (answerers) and the
usual names for the person asking. Section words (``Note``, ``Summary``, ``Part 1``...)
are never speakers unless a post declares them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sitegen.transcript.model import Role

ASKERS = frozenset({
    "user", "me", "you", "human", "i", "q", "question", "interviewer", "host", "prompt",
    "asker", "student", "reporter", "moderator", "questioner", "customer", "journalist",
    "我", "问", "問", "提问", "用户", "面试官", "主持人", "记者", "ユーザー", "私", "質問",
    "나", "사용자", "я", "пользователь", "ich", "benutzer", "moi", "utilisateur", "yo",
    "usuario", "eu", "usuário", "io", "utente",
})
ANSWERERS = frozenset({
    "assistant", "ai", "bot", "chatbot", "a", "answer", "response", "guest", "interviewee",
    "answerer", "expert", "responder", "ai assistant", "答", "回答", "助手", "ai助手", "助理",
    "アシスタント", "回答者", "嘉宾", "어시스턴트", "ассистент", "asistente", "assistente",
})
PARTNERS = {"q": "a", "a": "q", "question": "answer", "answer": "question",
            "prompt": "response", "response": "prompt"}
"""Names that are roles only beside their partner: a lone ``A:`` or ``Answer`` is not."""
_MODEL = re.compile(
    r"(?:chat\s?gpt|gpt|claude|gemini|bard|copilot|deepseek|grok|llama|mistral|mixtral"
    r"|qwen|perplexity|bing|ernie|kimi|doubao|gemma|phi|chatglm|glm|baichuan|o[1-9]"
    r"|openai|anthropic|cohere|vicuna|pi|meta ai|hunyuan|minimax|文心一言|通义千问|豆包|智谱)"
    r"(?:[\s\-_.]*(?:\d[\w.]*|[a-z]\d[\w.]*|pro|ultra|plus|turbo|mini|nano|max|flash|lite"
    r"|sonnet|opus|haiku|instant|large|medium|small|chat|coder|code|vision|preview|thinking"
    r"|advanced|experimental|exp|ai|bot|assistant|search))*\Z"
)
_STOP = frozenset({
    "note", "notes", "nb", "example", "examples", "summary", "tip", "tips", "warning",
    "caution", "important", "info", "update", "updated", "edit", "disclaimer", "date", "author",
    "source", "sources", "reference", "references", "link", "links", "title", "tags", "tag",
    "category", "categories", "status", "result", "results", "output", "input", "conclusion",
    "introduction", "intro", "overview", "background", "features", "feature", "use case",
    "use cases", "why it matters", "analysis", "first response", "second response", "break",
    "parameters", "parameter", "params", "returns", "return", "usage", "steps", "step",
    "explanation", "definition", "key points", "key takeaways", "takeaway", "takeaways",
    "pros", "cons", "advantages", "disadvantages", "benefits", "limitations", "context",
    "translation", "pronunciation", "meaning", "code", "command", "error", "fix", "cause",
    "reason", "goal", "task", "requirements", "next post", "previous post", "ps", "p.s",
    "tl;dr", "tldr", "bonus", "fun fact", "hint", "approach", "method", "methods", "strategy",
    "outcome", "observation", "comment", "comments", "feedback", "discussion",
    "discussion point", "rule", "rules", "scenario", "setup", "installation", "configuration",
    "prerequisites", "time", "location", "place", "duration", "price", "cost", "total",
    "name", "email", "phone", "address", "version", "license", "agenda", "topic", "subject",
    "episode", "model", "models", "solution", "solutions", "problem", "problems", "option",
    "options", "in summary", "in short", "in conclusion", "for example", "key features",
    "recommendation", "recommendations", "verdict", "score", "rating", "level", "type",
    "description", "purpose", "objective", "format", "language", "answer key", "step by step",
    "注意", "总结", "例如", "提示", "警告", "说明", "例子", "示例", "备注", "结论", "原因",
    "步骤", "翻译", "代码", "错误", "输出", "日期", "作者", "作词", "作曲", "注", "解释",
    "答案解析", "优点", "缺点", "特点", "用法", "参数", "返回", "结果", "背景", "目标",
})
_STOP_FIRST = frozenset({
    "part", "step", "section", "chapter", "option", "example", "note", "phase", "stage",
    "method", "solution", "approach", "problem", "exercise", "lesson", "day", "week",
    "figure", "fig", "table", "case", "scenario", "rule", "tip", "lemma", "theorem", "proof",
    "level", "round", "task", "version", "item", "point", "scene", "act", "verse", "chorus",
})
_STOP_LAST = frozenset({
    "translation", "pronunciation", "meaning", "example", "note", "notes", "summary",
    "output", "input", "result", "results", "code", "error", "features", "matters",
    "analysis", "response", "usage", "explanation", "tip", "tips", "break", "update",
})
_NAME_CHARS = re.compile(r"(?:[^\W_]|[ .\-'’&,()+@_])+")
_NUMBERED = re.compile(r"\s*\d+$")


@lru_cache(maxsize=4096)
def key(name: str) -> str:
    """The comparison key of a name: case-folded, whitespace collapsed."""
    return " ".join(name.split()).casefold()


@lru_cache(maxsize=4096)
def clean(raw: str) -> str:
    """A name without emoji or symbols around it (``👤 User`` -> ``User``)."""
    text = raw.strip()
    while text and not _is_wordish(text[0]):
        text = text[1:].lstrip()
    while text and unicodedata.category(text[-1])[0] in "SZC":
        text = text[:-1].rstrip()
    return text


def _is_wordish(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN"


@lru_cache(maxsize=4096)
def plausible(name: str) -> bool:
    """Could this text be someone's name (not a sentence, code or markup)?"""
    if not name or len(name) > 40 or not unicodedata.category(name[0]).startswith("L"):
        return False
    if len(name.split()) > 4 or not _NAME_CHARS.fullmatch(name):
        return False
    return name.count("(") == name.count(")")


@lru_cache(maxsize=4096)
def is_stop(name: str) -> bool:
    """A section word such as ``Note``, ``Part 1`` or ``Japanese Translation``."""
    k = key(name)
    words = k.split()
    if k in _STOP or not words:
        return True
    return words[0] in _STOP_FIRST or (len(words) > 1 and words[-1] in _STOP_LAST)


@lru_cache(maxsize=4096)
def known_role(name: str) -> Role | None:
    """The role of a well-known name, or None for a name we do not know."""
    k = key(name)
    if k in ASKERS:
        return "asker"
    if k in ANSWERERS or _MODEL.match(k):
        return "answerer"
    plain = bare(k)
    if plain != k and plain:
        return known_role(plain)
    return None


@lru_cache(maxsize=4096)
def bare(name_key: str) -> str:
    """A name key without a trailing number or a remark after a comma (``question 2`` ->
    ``question``, ``me, somewhat later`` -> ``me``)."""
    return _NUMBERED.sub("", name_key).split(",")[0].strip()


def role_beside(name_key: str, present: set[str] | frozenset[str]) -> Role | None:
    """The well-known role of a name among the bare keys of the other names present."""
    partner = PARTNERS.get(bare(name_key))
    if partner is not None and partner not in present:
        return None
    return known_role(name_key) if plausible(name_key) else None


@lru_cache(maxsize=4096)
def looks_like_person(name: str) -> bool:
    """A short capitalised name (``Zhiwei``, ``Dr. Smith``), not a phrase."""
    words = name.split()
    return 0 < len(words) <= 3 and all(not w[0].isalpha() or not w[0].islower() for w in words)


def starts_lowercase(name: str) -> bool:
    """A Latin name written in lower case (``so the answer is``) reads as prose."""
    return name[:1].isascii() and name[:1].islower()

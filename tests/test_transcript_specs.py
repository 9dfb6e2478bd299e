"""Speaker declarations: the shapes accepted, the problems reported, how they steer the split."""

from __future__ import annotations

import pytest

from sitegen.errors import Severity
from sitegen.transcript import SpeakerSpec, parse_speaker_specs, split_transcript


def test_names_only() -> None:
    specs, problems = parse_speaker_specs(["Zhiwei", "ChatGPT"], "post.md", 3)
    assert specs == {"Zhiwei": SpeakerSpec("Zhiwei"), "ChatGPT": SpeakerSpec("ChatGPT")}
    assert problems == []


def test_full_settings_and_role_shorthand() -> None:
    raw = {"ChatGPT": {"role": "answerer", "display": "GPT", "aliases": ["GPT-4", "GPT"],
                       "avatar": "/img/gpt.png", "color": "#0a7"},
           "Zhiwei": "asker", "Guest": None}
    specs, problems = parse_speaker_specs(raw, "_config.yml", None)
    assert problems == []
    assert specs["ChatGPT"] == SpeakerSpec("ChatGPT", "answerer", "GPT", ("GPT-4", "GPT"),
                                           "/img/gpt.png", "#0a7")
    assert specs["Zhiwei"].role == "asker" and specs["Guest"].role is None


@pytest.mark.parametrize(("raw", "message"), [
    ({"Zhiwei": {"role": "askr"}}, "post.md:4: speaker 'Zhiwei' has unknown role 'askr' "
                                   "(did you mean 'asker'?)"),
    ({"Zhiwei": {"aliases": {"a": 1}}}, "post.md:4: aliases of speaker 'Zhiwei' must be a list"),
    ({"Zhiwei": ["asker"]}, "post.md:4: speaker 'Zhiwei' must be a mapping of settings"),
    ({"Zhiwei": {"display": ["x"]}}, "post.md:4: display of speaker 'Zhiwei' must be text"),
    (42, "post.md:4: speakers must be a mapping or a list of names, not int"),
    ([["nested"]], "post.md:4: speaker ['nested'] is not a name"),
])
def test_bad_shapes_are_errors_with_the_line(raw: object, message: str) -> None:
    _, problems = parse_speaker_specs(raw, "post.md", 4)
    assert len(problems) == 1 and problems[0].severity is Severity.ERROR
    assert str(problems[0]).startswith(message)


def test_unknown_setting_is_a_warning_with_a_suggestion() -> None:
    specs, problems = parse_speaker_specs({"Ana": {"colour": "red"}}, "post.md", 2)
    assert "Ana" in specs
    assert [str(p) for p in problems] == [
        "post.md:2: warning: unknown setting 'colour' for speaker 'Ana' (did you mean 'color'?)"]


def test_declared_display_avatar_and_colour_reach_the_speakers() -> None:
    specs, _ = parse_speaker_specs(
        {"Zhiwei": {"role": "asker", "display": "Zhiwei Li", "color": "#123"},
         "ChatGPT": {"aliases": ["GPT"], "avatar": "/gpt.png"}}, "post.md", None)
    t = split_transcript("Zhiwei: hi\n\nGPT: hello\n", speakers=specs)
    assert [(s.name, s.role, s.display, s.avatar, s.color, s.index, s.declared)
            for s in t.speakers] == [("Zhiwei", "asker", "Zhiwei Li", "", "#123", 0, True),
                                     ("ChatGPT", "answerer", "ChatGPT", "/gpt.png", "", 1, True)]
    assert [turn.speaker for turn in t.turns] == ["Zhiwei", "ChatGPT"]


def test_declared_roles_win_over_known_names() -> None:
    specs, _ = parse_speaker_specs({"User": "answerer", "Assistant": "asker"}, "p.md", None)
    t = split_transcript("Assistant: a question?\n\nUser: an answer.\n", speakers=specs)
    assert [(x.speaker, x.role) for x in t.turns] == [("Assistant", "asker"), ("User", "answerer")]


def test_declared_names_that_the_post_does_not_use_fall_back_to_detection() -> None:
    specs, _ = parse_speaker_specs(["Zhiwei", "ChatGPT"], "_config.yml", None)
    t = split_transcript("**User:** hi\n\n**Assistant:** hello\n", speakers=specs)
    assert [x.speaker for x in t.turns] == ["User", "Assistant"]


def test_site_speakers_add_names_without_excluding_others() -> None:
    known, _ = parse_speaker_specs({"Zhiwei": "asker", "Tutor": "answerer"}, "_config.yml", None)
    t = split_transcript("Zhiwei: hi\n\nTutor: hello\n\nClaude: me too\n", known_speakers=known)
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("Zhiwei", "asker"), ("Tutor", "answerer"), ("Claude", "answerer")]

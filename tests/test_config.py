"""_config.yml: Jekyll keys, typo warnings with did-you-mean, type errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import load
from sitegen.errors import BuildFailed, SitegenError


def config_at(tmp_path: Path, text: str) -> Path:
    (tmp_path / "_config.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_missing_config_gives_defaults(tmp_path: Path) -> None:
    config, problems = load(tmp_path)
    assert config.title and config.permalink == "date" and problems == []


def test_values_are_read(tmp_path: Path) -> None:
    config, _ = load(config_at(tmp_path, "title: T\nbaseurl: /repo/\nauthor: {name: Ann}\n"
                                         "timezone: Asia/Shanghai\npaginate: 5\n"))
    got = (config.title, config.baseurl, config.author, config.paginate)
    assert got == ("T", "/repo", "Ann", 5)
    assert str(config.tz) == "Asia/Shanghai"


def test_typo_key_is_a_warning_with_suggestion(tmp_path: Path) -> None:
    _, problems = load(config_at(tmp_path, "title: T\npermalnk: /:title\n"))
    assert [str(p) for p in problems] == [
        "_config.yml:2: warning: unknown key 'permalnk' (did you mean 'permalink'?)"]


def test_custom_keys_are_kept_for_templates(tmp_path: Path) -> None:
    config, problems = load(config_at(tmp_path, "tagline: truth freedom\n"))
    assert problems == [] and config.raw["tagline"] == "truth freedom"


def test_wrong_type_is_an_error_with_line(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as info:
        load(config_at(tmp_path, "title: T\n\npaginate: lots\n"))
    assert [str(p) for p in info.value.problems] == [
        "_config.yml:3: 'paginate' must be a whole number, not str"]


def test_unknown_timezone(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as info:
        load(config_at(tmp_path, "timezone: Mars/Olympus\n"))
    assert "unknown time zone" in str(info.value.problems[0])


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    with pytest.raises(SitegenError) as info:
        load(config_at(tmp_path, "title: T\nexclude: [a\nurl: x\n"))
    assert str(info.value).startswith("_config.yml:")

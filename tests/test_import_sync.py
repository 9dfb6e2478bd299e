"""Re-importing: idempotent, updates in place, and never clobbers the author's edits."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_import_support import EXPORTS, posts, run_import, snapshot, zip_folder

SPACY = "2024-05-01-what-is-spacy.md"


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    """The ChatGPT fixture export as a zip."""
    return zip_folder(EXPORTS / "chatgpt", tmp_path / "export.zip")


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    return folder


def test_importing_twice_gives_the_same_files_and_bytes(export: Path, site: Path) -> None:
    run_import("chatgpt", export, "--source", site)
    first = snapshot(site)
    times = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    _, out, _ = run_import("chatgpt", export, "--source", site)
    assert snapshot(site) == first
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == times
    assert "Imported 9 conversations: 9 unchanged" in out


def test_an_edited_post_is_not_overwritten_without_force(export: Path, site: Path) -> None:
    run_import("chatgpt", export, "--source", site)
    post = site / "_drafts" / SPACY
    edited = post.read_text(encoding="utf-8").replace("Does it support", "Does SpaCy support")
    post.write_text(edited, encoding="utf-8")
    code, out, _ = run_import("chatgpt", export, "--source", site)
    assert post.read_text(encoding="utf-8") == edited
    assert f"skipped _drafts/{SPACY}: edited since it was imported" in out
    assert code == 1  # the fixture export holds two broken conversations
    run_import("chatgpt", export, "--source", site, "--force")
    assert "Does it support" in post.read_text(encoding="utf-8")


def test_a_moved_and_renamed_post_is_updated_where_it_is(export: Path, site: Path,
                                                        tmp_path: Path) -> None:
    run_import("chatgpt", export, "--source", site, "--select", "SpaCy")
    moved = site / "_posts" / "chats" / "2024-05-01-spacy.md"
    moved.parent.mkdir(parents=True)
    (site / "_drafts" / SPACY).rename(moved)
    data = json.loads((EXPORTS / "chatgpt" / "conversations.json").read_text("utf-8"))
    data[0]["title"] = "What is SpaCy, really?"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    _, out, _ = run_import("chatgpt", changed, "--source", site, "--select", "SpaCy")
    assert "updated _posts/chats/2024-05-01-spacy.md" in out
    assert posts(site) == {}
    assert 'title: "What is SpaCy, really?"' in moved.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(export: Path, site: Path) -> None:
    _, out, _ = run_import("chatgpt", export, "--source", site, "--dry-run")
    assert snapshot(site) == {}
    assert f"would be created: _drafts/{SPACY}" in out
    assert "Would import 9 conversations: 9 created" in out


def test_list_select_and_since(export: Path, site: Path) -> None:
    _, out, _ = run_import("chatgpt", export, "--source", site, "--list", "--since", "2024-05-08")
    assert [line.split()[0] for line in out.splitlines()] == \
        ["2024-05-08", "2024-05-10", "2024-05-11"]
    assert snapshot(site) == {}
    run_import("chatgpt", export, "--source", site, "--to", "_posts",
               "--select", "6650a1b2-0002-4000-8000-000000000002", "déjà")
    assert sorted(posts(site, "_posts")) == ["2024-05-02-monads-and-functors.md",
                                             "2024-05-11-cafe-deja-vu.md"]


def test_redact_replaces_secrets(export: Path, site: Path) -> None:
    _, _, err = run_import("chatgpt", export, "--source", site, "--redact", "--select", "e-mail")
    text = (site / "_drafts" / "2024-05-10-why-does-my-call-fail-my-e-mail-is.md").read_text()
    assert "jane.doe@example.com" not in text and "sk-proj-" not in text
    assert "[redacted e-mail address]" in text and "[redacted API key]" in text
    assert "e-mail address jane… (20 characters) redacted" in err


def test_a_slug_taken_by_another_post_gets_a_number(export: Path, site: Path) -> None:
    other = site / "_posts" / "2020-01-01-what-is-spacy.md"
    other.parent.mkdir()
    other.write_text("---\ntitle: Mine\n---\nMy own post.\n", encoding="utf-8")
    run_import("chatgpt", export, "--source", site, "--select", "SpaCy")
    assert list(posts(site)) == ["2024-05-01-what-is-spacy-2.md"]
    assert other.read_text(encoding="utf-8").endswith("My own post.\n")


def test_site_timezone_and_baseurl_are_used(export: Path, site: Path) -> None:
    (site / "_config.yml").write_text("timezone: Asia/Shanghai\nbaseurl: /blog/\n")
    run_import("chatgpt", export, "--source", site, "--select", "parabola")
    text = (site / "_drafts" / "2024-05-03-plot-a-parabola.md").read_text(encoding="utf-8")
    assert "date: 2024-05-03T16:00:00+08:00" in text
    assert "](/blog/assets/plot-a-parabola/file-Plot123-plot.png)" in text


def test_a_new_message_in_the_export_updates_an_untouched_post(site: Path,
                                                               tmp_path: Path) -> None:
    data = json.loads((EXPORTS / "chatgpt" / "conversations.json").read_text("utf-8"))[:1]
    source = tmp_path / "one.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    run_import("chatgpt", source, "--source", site)
    mapping = data[0]["mapping"]
    mapping["a3"]["children"] = ["u4"]
    mapping["u4"] = {"id": "u4", "parent": "a3", "children": [], "message": {
        "id": "u4", "author": {"role": "user"}, "create_time": 1714550500.0,
        "content": {"content_type": "text", "parts": ["And Japanese?"]}}}
    data[0]["current_node"] = "u4"
    source.write_text(json.dumps(data), encoding="utf-8")
    _, out, _ = run_import("chatgpt", source, "--source", site)
    assert f"updated _drafts/{SPACY}" in out
    assert (site / "_drafts" / SPACY).read_text(encoding="utf-8").endswith("And Japanese?\n")


def test_a_deleted_asset_is_copied_again(export: Path, site: Path) -> None:
    run_import("chatgpt", export, "--source", site, "--select", "parabola")
    image = site / "assets" / "plot-a-parabola" / "file-Plot123-plot.png"
    os.remove(image)
    run_import("chatgpt", export, "--source", site, "--select", "parabola")
    assert image.read_bytes() == (EXPORTS / "chatgpt" / "file-Plot123-plot.png").read_bytes()

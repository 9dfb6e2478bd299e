"""Hostile and broken exports: refused or reported, never followed, never a traceback."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from test_import_support import EXPORTS, run_import, snapshot

from sitegen.errors import SitegenError
from sitegen.importers.archive import Limits, open_export

GOOD = (EXPORTS / "chatgpt" / "conversations.json").read_bytes()


def make_zip(path: Path, entries: dict[str, bytes], links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize(("entries", "links", "reason"), [
    ({"conversations.json": GOOD, "../evil": b"x"}, (), "entry '../evil' climbs out"),
    ({"conversations.json": GOOD, "a/../../evil.png": b"x"}, (), "climbs out"),
    ({"conversations.json": GOOD, "/etc/evil": b"x"}, (), "has an absolute path"),
    ({"conversations.json": GOOD, "C:/evil": b"x"}, (), "has an absolute path"),
    ({"conversations.json": GOOD}, ("file-Plot123-plot.png",), "is a symbolic link"),
])
def test_unsafe_zip_is_refused_and_nothing_is_written(
        tmp_path: Path, entries: dict[str, bytes], links: tuple[str, ...], reason: str) -> None:
    archive = make_zip(tmp_path / "export.zip", entries, links)
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(SitegenError) as caught:
        run_import("chatgpt", archive, "--source", site)
    assert reason in str(caught.value)
    assert str(caught.value).startswith(f"{archive}: refusing the archive")
    assert snapshot(site) == {}
    assert not (tmp_path / "evil").exists()


def test_zip_bomb_ratio_is_refused(tmp_path: Path) -> None:
    padding = b"[" + b" " * 8_000_000 + b"]"
    archive = make_zip(tmp_path / "bomb.zip", {"conversations.json": padding})
    with pytest.raises(SitegenError, match=r"compressed \d+:1, like a zip bomb"):
        run_import("chatgpt", archive, "--source", tmp_path)


def test_size_limits_are_applied(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "big.zip", {"conversations.json": GOOD})
    with pytest.raises(SitegenError, match=r"entry 'conversations\.json' unpacks to"), \
            open_export(archive, Limits(max_member_bytes=1000)):
        pass
    two = make_zip(tmp_path / "two.zip", {"a": b"", "b": b""})
    with pytest.raises(SitegenError, match="has 2 entries, more than 1"), \
            open_export(two, Limits(max_entries=1)):
        pass


def test_invalid_json_names_the_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "conversations.json"
    broken.write_text('[\n {"title": "x",\n  "mapping": }\n]\n', encoding="utf-8")
    code, _, err = run_import("chatgpt", broken, "--source", tmp_path)
    assert code == 1
    assert f"{broken}:3: invalid JSON: Expecting value (column 14)" in err


def test_a_broken_split_part_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "conversations-000.json").write_text("not json", encoding="utf-8")
    first = json.loads(GOOD)[:1]
    (folder / "conversations-001.json").write_text(json.dumps(first), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    code, out, err = run_import("chatgpt", folder / "conversations-001.json", "--source", site)
    assert code == 1
    assert "conversations-000.json:1: invalid JSON" in err
    assert "Imported 1 conversations: 1 created" in out


@pytest.mark.parametrize(("document", "message"), [
    ('{"a": 1}', "expected a list of conversations at the top level"),
    ("[1]", "conversation #1: field 'conversation': expected an object, found a number"),
    ('[{"id": "x1", "mapping": {"n": {"message": {"author": {}, "content": {}}}}}]',
     "conversation x1: field 'mapping['n'].message.author.role': missing"),
    ('[{"id": "x2", "create_time": "soon", "mapping": {}}]',
     "conversation x2: field 'create_time': 'soon' is not an ISO 8601 time"),
    ('[{"title": "no id", "mapping": {}}]',
     "conversation 'no id': field 'conversation_id': missing"),
])
def test_malformed_conversations_name_the_field(tmp_path: Path, document: str,
                                                message: str) -> None:
    source = tmp_path / "conversations.json"
    source.write_text(document, encoding="utf-8")
    code, _, err = run_import("chatgpt", source, "--source", tmp_path)
    assert code == 1
    assert message in err


def test_a_conversation_without_messages_is_still_a_post(tmp_path: Path) -> None:
    source = tmp_path / "conversations.json"
    source.write_text('[{"id": "e1", "title": "Empty", "create_time": 1700000000,'
                      ' "mapping": {"r": {"id": "r", "message": null, "children": []}}}]')
    code, out, _ = run_import("chatgpt", source, "--source", tmp_path)
    assert code == 0
    assert "created _drafts/2023-11-14-empty.md" in out


def test_claude_export_with_a_cycle_is_reported(tmp_path: Path) -> None:
    source = tmp_path / "conversations.json"
    messages = [{"uuid": "m1", "sender": "human", "text": "hi", "parent_message_uuid": "m2"},
                {"uuid": "m2", "sender": "assistant", "text": "yo", "parent_message_uuid": "m1"}]
    source.write_text(json.dumps([{"uuid": "k1", "name": "Loop", "created_at":
                                   "2024-01-01T00:00:00Z", "chat_messages": messages}]))
    code, _, err = run_import("claude", source, "--source", tmp_path)
    assert code == 1
    assert "conversation 'Loop' (k1): field 'parent': the message tree has a cycle" in err


def test_missing_export_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SitegenError, match="no such export file or folder"):
        run_import("chatgpt", tmp_path / "nope.zip", "--source", tmp_path)
    empty = make_zip(tmp_path / "empty.zip", {"readme.txt": b"hi"})
    with pytest.raises(SitegenError, match=r"no conversations\.json"):
        run_import("chatgpt", empty, "--source", tmp_path)


def test_a_damaged_entry_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    archive = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as writer:
        writer.writestr("conversations.json", GOOD)
    data = bytearray(archive.read_bytes())
    at = data.index(b'"title"')
    data[at + 2] ^= 0x20
    archive.write_bytes(bytes(data))
    code, _, err = run_import("chatgpt", archive, "--source", tmp_path)
    assert code == 1
    assert f"{archive}/conversations.json: entry 'conversations.json' cannot be read: " \
           "Bad CRC-32" in err

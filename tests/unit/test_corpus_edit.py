"""Crash-safe edits of the corpus folder: undone on failure, and put back after a process died midway."""

from __future__ import annotations

from pathlib import Path

from assistant.documents.corpus_edit import CorpusEdit, recover


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def a_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "team").mkdir(parents=True)
    (folder / "kept.md").write_bytes(b"# Kept\n")
    (folder / "team" / "ladder.md").write_bytes(b"# Ladder\n")
    return folder


def edited(folder: Path) -> CorpusEdit:
    """A replaced file, a new one and a removed one in a subfolder."""
    edit = CorpusEdit(folder)
    edit.write("kept.md", b"# Changed\n")
    edit.write("new.md", b"# New\n")
    edit.remove(folder / "team" / "ladder.md")
    return edit


def test_undo_puts_back_replaced_removed_and_absent_files(tmp_path):
    folder = a_folder(tmp_path)
    before = snapshot(folder)
    edit = edited(folder)
    assert snapshot(folder) == {"kept.md": b"# Changed\n", "new.md": b"# New\n", ".previous~kept.md": b"# Kept\n",
                                ".added~new.md": b"", "team/.previous~ladder.md": b"# Ladder\n"}
    edit.undo()
    assert snapshot(folder) == before


def test_done_keeps_the_change_and_drops_every_backup_and_marker(tmp_path):
    folder = a_folder(tmp_path)
    edited(folder).done()
    assert snapshot(folder) == {"kept.md": b"# Changed\n", "new.md": b"# New\n"}


def test_recover_undoes_what_a_killed_process_left_half_done(tmp_path):
    folder = a_folder(tmp_path)
    before = snapshot(folder)
    edited(folder)
    (folder / ".upload~0123").write_bytes(b"half written")  # killed while writing the next file
    # The process dies here: neither done nor undo runs.
    assert sorted(recover(folder)) == ["kept.md", "ladder.md", "new.md"]
    assert snapshot(folder) == before
    assert recover(folder) == []

"""The embedded index's generations: which folder is served, publishing, and what is pruned."""

from __future__ import annotations

from pathlib import Path

from assistant.retrieval.generations import (
    GENERATIONS,
    KEPT_GENERATIONS,
    POINTER,
    new_generation,
    publish,
    serving_folder,
)


def test_an_index_made_before_generations_is_served_from_the_folder_itself(tmp_path: Path):
    assert serving_folder(tmp_path) == tmp_path
    (tmp_path / POINTER).write_text("gone\n")  # a pointer at nothing is ignored, never followed
    assert serving_folder(tmp_path) == tmp_path


def test_a_new_generation_copies_the_served_one_and_is_served_once_published(tmp_path: Path):
    (tmp_path / "chroma.sqlite3").write_text("old index")
    folder = new_generation(tmp_path)
    assert (folder / "chroma.sqlite3").read_text() == "old index"
    assert serving_folder(tmp_path) == tmp_path  # not before the pointer moves
    publish(tmp_path, folder)
    assert serving_folder(tmp_path) == folder and (tmp_path / POINTER).read_text() == f"{folder.name}\n"
    assert not list(tmp_path.glob("*.tmp"))


def test_publishing_keeps_the_newest_generations_and_drops_what_a_crash_left(tmp_path: Path):
    generations = tmp_path / GENERATIONS
    names = [f"20261201T0000{n:02d}-aaaaaaaa" for n in range(5)]
    for name in names:
        (generations / name).mkdir(parents=True)
    crashed = generations / "20261201T000099-deadbeef"  # newer than the one published, never served
    crashed.mkdir()
    publish(tmp_path, generations / names[-1])
    assert sorted(path.name for path in generations.iterdir()) == names[-KEPT_GENERATIONS:]

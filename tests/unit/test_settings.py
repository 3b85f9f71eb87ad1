"""Settings: one group per component, all read as plain variables, and the README's table matches them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.ops.settings import SETTINGS_GROUPS, AnswerSettings, RetrievalSettings, Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_group_is_read_from_its_plain_variables(monkeypatch):
    monkeypatch.setenv("TOP_K", "5")
    monkeypatch.setenv("MAX_STATEMENTS", "3")
    settings = Settings(_env_file=None)
    assert isinstance(settings, RetrievalSettings) and isinstance(settings, AnswerSettings)
    assert (settings.top_k, settings.max_statements) == (5, 3)
    monkeypatch.setenv("TOP_K", "0")
    with pytest.raises(ValidationError, match="top_k"):
        Settings(_env_file=None)


def test_each_setting_belongs_to_exactly_one_group():
    names = [name for group in SETTINGS_GROUPS for name in group.model_fields]
    assert len(names) == len(set(names))
    assert set(names) == set(Settings.model_fields)


def configuration_rows() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Configuration\n") : text.index("\n## ", text.index("## Configuration\n") + 1)]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| `") or line.startswith("| **")]


def test_the_readme_table_lists_every_group_then_its_settings_with_their_defaults():
    expected = []
    for group in SETTINGS_GROUPS:
        expected.append([f"**{group.__name__}**", ""])
        for name, field in group.model_fields.items():
            expected.append([f"`{name.upper()}`", "unset" if field.default is None else f"`{field.default}`"])
    assert [row[:2] for row in configuration_rows()] == expected


@pytest.mark.parametrize("variable", ["CHROMA_DIR", "CORPUS_DIR"])
def test_an_empty_folder_setting_is_an_error_not_the_current_directory(monkeypatch, variable):
    """`CHROMA_DIR=` had written an index into the folder the command ran in."""
    monkeypatch.setenv(variable, " ")
    with pytest.raises(ValidationError, match=f"{variable.lower()}[\\s\\S]*is empty"):
        Settings(_env_file=None)

"""The feedback table (adopted as it is from stores made before migrations) and the Slack bot's memory.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    existing = sa.inspect(op.get_bind()).get_table_names()
    if "feedback" not in existing:  # a store from before migrations already has it, with this very shape
        op.create_table(
            "feedback",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("surface", sa.Text, nullable=False),
            sa.Column("vote", sa.Text, sa.CheckConstraint("vote IN ('up', 'down')"), nullable=False),
            sa.Column("comment", sa.Text, nullable=False, server_default=""),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("history", sa.Text, nullable=False),
            sa.Column("answer", sa.Text, nullable=False),
            sa.Column("citations", sa.Text, nullable=False),
            sa.Column("grounded", sa.Integer, nullable=False),
            sa.Column("topic", sa.Text, nullable=False, server_default=""),
            sa.Column("settings", sa.Text, nullable=False),
            sa.Column("corpus_version", sa.Text, nullable=False),
            sa.Column("reference", sa.Text, nullable=False, server_default=""),
        )
    op.create_table(
        "remembered",
        sa.Column("map", sa.String(32), primary_key=True),
        sa.Column("key", sa.String(512), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("stored_at", sa.Float, nullable=False),
    )
    op.create_index("ix_remembered_stored_at", "remembered", ["stored_at"])


def downgrade() -> None:
    op.drop_index("ix_remembered_stored_at", "remembered")
    op.drop_table("remembered")
    op.drop_table("feedback")

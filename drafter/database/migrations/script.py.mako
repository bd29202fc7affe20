"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade() -> None:
    from alembic import op  # noqa: F401
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    from alembic import op  # noqa: F401
    ${downgrades if downgrades else "pass"}
